import { describe, expect, it } from 'vitest';
import { FEED_PAGE_SIZE, type Feed, SEEN_LIMIT, unseenProjects, withSeen } from '../../src/feeds/index.js';
import type { ProjectNode, RostroClient, SearchQuery } from '../../src/rostro/index.js';
import { page, projectNode } from '../discovery/fixtures.js';

const feed: Feed = {
	id: 'f1',
	guildId: 'g',
	channelId: 'c',
	kind: 'tag',
	name: 'Fantasy',
	addedBy: 'u',
	addedAt: 0,
	seen: [],
	failures: 0,
};

/** A source listing `ids` newest first, in pages of `FEED_PAGE_SIZE`. */
function listing(ids: number[]) {
	const asked: SearchQuery[] = [];
	const nodes: ProjectNode[] = ids.map((id) => projectNode({ id }));
	const rostro = {
		search: {
			search: async (query: SearchQuery) => {
				asked.push(query);
				const start = ((query.page ?? 1) - 1) * FEED_PAGE_SIZE;
				return page(nodes.slice(start, start + FEED_PAGE_SIZE));
			},
		},
	} as unknown as RostroClient;
	return { rostro, asked };
}

const descending = (from: number, count: number) => Array.from({ length: count }, (_, i) => from - i);

describe('unseenProjects', () => {
	it('asks for the tag’s newest work and returns what is new, oldest first', async () => {
		const { rostro, asked } = listing([105, 104, 103, 102, 101]);
		const fresh = await unseenProjects(rostro, { ...feed, seen: [101, 102, 103] });
		expect(fresh.map((node) => node.id)).toEqual([104, 105]);
		expect(asked).toEqual([expect.objectContaining({ tags: ['Fantasy'], sort: 'created_at', page: 1, nsfw: true })]);
	});

	it('reads further pages while everything on them is new, up to three', async () => {
		const { rostro, asked } = listing(descending(1_000, 100));
		const fresh = await unseenProjects(rostro, { ...feed, seen: [1] });
		expect(asked.map((query) => query.page)).toEqual([1, 2, 3]);
		expect(fresh).toHaveLength(3 * FEED_PAGE_SIZE);
		expect(fresh[0]?.id).toBe(1_000 - 3 * FEED_PAGE_SIZE + 1);
	});

	it('stops at the page that holds something already seen', async () => {
		const ids = descending(500, 30);
		const { rostro, asked } = listing(ids);
		const fresh = await unseenProjects(rostro, { ...feed, seen: ids.slice(25) });
		expect(asked.map((query) => query.page)).toEqual([1, 2]);
		expect(fresh).toHaveLength(25);
	});

	it('asks for a creator’s work by user name', async () => {
		const { rostro, asked } = listing([1]);
		await unseenProjects(rostro, { ...feed, kind: 'user', name: 'creator_b' });
		expect(asked[0]).toMatchObject({ username: 'creator_b', sort: 'created_at' });
	});
});

describe('withSeen', () => {
	it('adds new ids once and keeps the newest when there are too many', () => {
		expect(withSeen([1, 2], [2, 3])).toEqual([1, 2, 3]);
		const full = withSeen(descending(SEEN_LIMIT, SEEN_LIMIT).reverse(), [9_999]);
		expect(full).toHaveLength(SEEN_LIMIT);
		expect(full.at(-1)).toBe(9_999);
		expect(full[0]).toBe(2);
	});
});
