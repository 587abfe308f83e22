import { describe, expect, it } from 'vitest';
import type { Generation } from '../../src/media/generations.js';
import { GENERATIONS_PER_PAGE, generationsPage, pageCount } from '../../src/media/generations-page.js';

function generations(count: number): Generation[] {
	return Array.from({ length: count }, (_, index) => ({
		jobId: `job${index}`,
		kind: 'image',
		prompt: `prompt ${index}`,
		at: 1_700_000_000_000 - index * 1_000,
		channelId: '2',
		messageId: `${100 + index}`,
		mediaUrl: `https://rostro.example/${index}.png`,
	}));
}

function customIds(page: ReturnType<typeof generationsPage>): unknown[] {
	const rows = JSON.parse(JSON.stringify(page.components ?? [])) as { components: { custom_id?: string }[] }[];
	return rows.flatMap((row) => row.components.map((button) => button.custom_id));
}

describe('generationsPage', () => {
	it('says so when there is nothing yet', () => {
		expect(generationsPage('gallery', '1', [], 0)).toMatchObject({ embeds: [], components: [] });
	});

	it('shows one page without buttons when everything fits', () => {
		const page = generationsPage('gallery', '1', generations(GENERATIONS_PER_PAGE), 0);
		expect(page.components).toEqual([]);
		expect(page.embeds?.[0]).toMatchObject({ footer: { text: 'Page 1 of 1 · 5 in all' } });
	});

	it('pages with ◀ ▶ buttons that carry the page to show, and links each message', () => {
		const items = generations(12);
		const middle = generationsPage('gallery', '1', items, 1);
		expect(customIds(middle)).toEqual(['gallery:mine:0', 'gallery:mine:2']);
		const text = JSON.stringify(middle.embeds);
		expect(text).toContain('prompt 5');
		expect(text).not.toContain('prompt 4"');
		expect(text).toContain('https://discord.com/channels/1/2/105');
	});

	it('shows the last page for a page past the end', () => {
		const page = generationsPage('gallery', '1', generations(12), 9);
		expect(page.embeds?.[0]).toMatchObject({ footer: { text: 'Page 3 of 3 · 12 in all' } });
	});

	it('counts pages', () => {
		expect([0, 1, 5, 6, 11].map(pageCount)).toEqual([1, 1, 1, 2, 3]);
	});
});
