import { describe, expect, it } from 'vitest';
import { NSFW_IGNORED, parseSort, parseTags, searchPage } from '../../src/discovery/search.js';
import { pageButtons, parsePageKey, type SearchView, viewSchema } from '../../src/discovery/views.js';
import type { RostroClient, SearchQuery } from '../../src/rostro/index.js';
import { page, projectNode } from './fixtures.js';

const view: SearchView = {
	kind: 'search',
	guildId: '1',
	userId: '2',
	public: false,
	nsfw: false,
	query: { search: 'ari', tags: [], sort: undefined },
};

/** A client whose search answers with the given nodes and count, and remembers what it was asked. */
function searchingClient(nodes = [projectNode()], count?: number) {
	const asked: SearchQuery[] = [];
	const rostro = {
		search: {
			search: async (query: SearchQuery) => {
				asked.push(query);
				return page(nodes, count);
			},
		},
	} as unknown as RostroClient;
	return { rostro, asked };
}

type Row = { components: { custom_id?: string; disabled?: boolean; label?: string }[] };
const rowsOf = (message: { components?: unknown }) => JSON.parse(JSON.stringify(message.components ?? [])) as Row[];

describe('parseTags and parseSort', () => {
	it('reads comma-separated tags without blanks or repeats', () => {
		expect(parseTags(' Fantasy, ,Female ,Fantasy')).toEqual(['Fantasy', 'Female']);
		expect(parseTags(null)).toEqual([]);
	});

	it('keeps only sort orders Rostro accepts', () => {
		expect(parseSort('rating')).toBe('rating');
		expect(parseSort('loudest')).toBeUndefined();
	});
});

describe('parsePageKey and pageButtons', () => {
	it('reads the view key and the page, page 1 when it is missing or wrong', () => {
		expect(parsePageKey('abc:3')).toEqual({ viewKey: 'abc', page: 3 });
		expect(parsePageKey('abc:zero')).toEqual({ viewKey: 'abc', page: 1 });
	});

	it('gives ◀ and ▶ distinct custom ids within 100 characters, disabled at the ends', () => {
		const [row] = rowsOf({ components: [pageButtons('search', 'Zm9vYmFy', 1, true)] });
		const [back, next] = row?.components ?? [];
		expect(back).toMatchObject({ custom_id: 'search:page:Zm9vYmFy:1', disabled: true, label: '◀' });
		expect(next).toMatchObject({ custom_id: 'search:page:Zm9vYmFy:2', disabled: false, label: '▶' });
	});
});

describe('viewSchema', () => {
	it('reads back a stored view and refuses one of an unknown kind', () => {
		expect(viewSchema.parse(view)).toEqual(view);
		expect(viewSchema.safeParse({ ...view, kind: 'gallery' }).success).toBe(false);
	});
});

describe('searchPage', () => {
	it('asks for ten characters a page, counted, without NSFW unless the channel and the member allow it', async () => {
		const { rostro, asked } = searchingClient();
		await searchPage(rostro, view, 'key', 2, true);
		expect(asked[0]).toMatchObject({
			search: 'ari',
			first: 10,
			page: 2,
			nsfw: false,
			namespace: 'characters',
			count: true,
		});

		await searchPage(rostro, { ...view, nsfw: true }, 'key', 1, true);
		expect(asked[1]).toMatchObject({ nsfw: true, nsfl: true });
	});

	it('says where the page stands and offers ▶ while there are more pages', async () => {
		const nodes = Array.from({ length: 10 }, (_, i) => projectNode({ id: i + 1 }));
		const { rostro } = searchingClient(nodes, 25);
		const message = await searchPage(rostro, view, 'key', 1, false);
		expect(message.content).toBe('Results 1–10 of 25 for “ari” · page 1 of 3');
		const buttons = rowsOf(message).at(-1)?.components ?? [];
		expect(buttons.map((button) => button.disabled)).toEqual([true, false]);
	});

	it('says why NSFW results are missing when asked for them where they cannot show', async () => {
		const nsfw = projectNode({ id: 9, name: 'Velvet', nsfw: true });
		const { rostro } = searchingClient([nsfw, projectNode()], 2);
		const message = await searchPage(rostro, { ...view, nsfw: true }, 'key', 1, false);
		expect(message.content).toContain(`\n${NSFW_IGNORED}`);
		expect(message.embeds?.map((embed) => ('title' in embed ? embed.title : ''))).toEqual(['Ari the Cartographer']);
	});

	it('says plainly when nothing matches, and when the pages have run out', async () => {
		const { rostro } = searchingClient([], 0);
		expect((await searchPage(rostro, view, 'key', 1, false)).content).toBe('Nothing on Rostro matches “ari”.');
		const past = await searchPage(rostro, view, 'key', 4, false);
		expect(past.content).toBe('There are no more results.');
		expect(rowsOf(past)[0]?.components[0]?.custom_id).toBe('search:page:key:3');
	});

	it('leaves out a hidden creator here and asks Rostro to leave out hidden tags', async () => {
		const byB = projectNode({ id: 7, name: 'Unit-7', fullPath: 'creator_b/unit-7' });
		const { rostro, asked } = searchingClient([byB, projectNode()], 2);
		const blocks = { creators: ['creator_b'], tags: ['Horror'] };
		const message = await searchPage(rostro, view, 'key', 1, false, blocks);
		expect(asked[0]?.excludeTags).toEqual(['Horror']);
		expect(message.embeds?.map((embed) => ('title' in embed ? embed.title : ''))).toEqual(['Ari the Cartographer']);
	});

	it('says when every result on a page is hidden, and keeps ▶ for the next page', async () => {
		const byB = Array.from({ length: 10 }, (_, i) => projectNode({ id: i + 1, fullPath: `creator_b/c-${i}` }));
		const { rostro } = searchingClient(byB, 25);
		const message = await searchPage(rostro, view, 'key', 1, false, { creators: ['creator_b'], tags: [] });
		expect(message.content).toBe('Every result on this page is by a creator or has a tag this server hides.');
		expect(rowsOf(message)[0]?.components.map((button) => button.disabled)).toEqual([true, false]);
	});

	it('does not search a tag the server hides', async () => {
		const { rostro, asked } = searchingClient();
		const tagged = { ...view, query: { ...view.query, tags: ['horror'] } };
		const message = await searchPage(rostro, tagged, 'key', 1, false, { creators: [], tags: ['Horror'] });
		expect(message.content).toBe('This server hides the tag “Horror”.');
		expect(asked).toEqual([]);
	});
});
