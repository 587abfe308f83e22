import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GalleryPageContent, galleryPageMessage, loadGalleryPage } from '../../src/gallery/view.js';
import type { GalleryImage } from '../../src/rostro/index.js';
import { type RostroRig, startRig } from '../rostro/support.js';

let rig: RostroRig;

beforeAll(async () => {
	rig = await startRig();
});
afterAll(() => rig.close());

function image(index: number, nsfw = false): GalleryImage {
	return { uuid: `uuid-${index}`, imageUrl: `http://127.0.0.1/${index}.png`, nsfw, caption: undefined };
}

function content(extra: Partial<GalleryPageContent>): GalleryPageContent {
	return { shown: [], withheld: 0, total: 0, more: false, ...extra };
}

function customIds(message: ReturnType<typeof galleryPageMessage>): string[] {
	const rows = JSON.parse(JSON.stringify(message.components ?? [])) as { components: { custom_id: string }[] }[];
	return rows.flatMap((row) => row.components.map((button) => button.custom_id));
}

describe('loadGalleryPage', () => {
	it('shows every image where NSFW may show', async () => {
		const velvet = rig.sim.project('creator_a/madame-velvet-rose');
		const page = await loadGalleryPage(rig.client, velvet.id, 0, true);
		expect(page.shown).toHaveLength(4);
		expect(page.shown.filter((shown) => shown.nsfw)).toHaveLength(2);
		expect(page.withheld).toBe(0);
	});

	it('withholds NSFW images elsewhere and counts them', async () => {
		const velvet = rig.sim.project('creator_a/madame-velvet-rose');
		const page = await loadGalleryPage(rig.client, velvet.id, 0, false);
		expect(page.shown).toHaveLength(2);
		expect(page.shown.every((shown) => !shown.nsfw)).toBe(true);
		expect(page.withheld).toBe(2);
		expect(page.total).toBe(2);
	});

	it('holds back NSFW images Rostro sends although it was asked not to', async () => {
		const vesper = rig.sim.project('lanternfish/vesper');
		rig.sim.fault(
			{ method: 'GET', path: `/api/gallery/project/${vesper.id}` },
			{
				status: 200,
				body: { nodes: [{ uuid: 'a', primary_image_path: 'http://127.0.0.1/a.png', nsfw_image: true }], page: 1 },
			},
			1,
		);
		const page = await loadGalleryPage(rig.client, vesper.id, 0, false);
		expect(page.shown).toEqual([]);
		expect(page.withheld).toBe(1);
	});

	it('turns an unknown project into a sentence', async () => {
		await expect(loadGalleryPage(rig.client, 999_999, 0, true)).rejects.toThrow('Rostro has no such project');
	});
});

describe('galleryPageMessage', () => {
	it('puts one embed per image and page buttons when there is more than one page', () => {
		const shown = [1, 2, 3, 4, 5].map((index) => image(index));
		const message = galleryPageMessage({ label: 'Ari' }, 'gv-key', 0, content({ shown, total: 7 }));
		expect(message.content).toBe('**Gallery of Ari** · page 1 of 2 · 7 images');
		expect(message.embeds).toHaveLength(5);
		expect(customIds(message)).toEqual(['gallery:view:gv-key:-1', 'gallery:view:gv-key:1']);
	});

	it('says how many NSFW images are withheld, and why', () => {
		const message = galleryPageMessage(
			{ label: 'Rose' },
			'k',
			0,
			content({ shown: [image(1)], total: 1, withheld: 2 }),
		);
		expect(message.content).toContain(
			'2 NSFW images are withheld here: NSFW images show only in age-restricted channels.',
		);
		expect(message.components).toEqual([]);
	});

	it('says when nothing may show here, or when the gallery is empty', () => {
		expect(galleryPageMessage({ label: 'V' }, 'k', 0, content({ withheld: 3 })).content).toBe(
			'The gallery of **V** has no images that may show here.\n3 NSFW images are withheld here: NSFW images show only in age-restricted channels.',
		);
		expect(galleryPageMessage({ label: 'V' }, 'k', 0, content({})).content).toBe('The gallery of **V** is empty.');
	});

	it('offers a next page when Rostro gave no total but the page was full', () => {
		const shown = [1, 2, 3, 4, 5].map((index) => image(index));
		const message = galleryPageMessage({ label: 'X' }, 'k', 1, content({ shown, total: undefined, more: true }));
		expect(message.content).toBe('**Gallery of X** · page 2');
		expect(customIds(message)).toEqual(['gallery:view:k:0', 'gallery:view:k:2']);
	});
});
