import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RostroBadRequestError, RostroValidationError, type SearchSort, searchSorts } from '../../src/rostro/index.js';
import { sortValues } from '../fakes/rostro/routes/search.js';
import { type RostroRig, requestsTo, startRig } from './support.js';

let rig: RostroRig;

beforeAll(async () => {
	rig = await startRig();
});

afterAll(() => rig.close());

beforeEach(() => {
	rig.sim.clearFaults();
	rig.sim.requests.length = 0;
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
	const found: T[] = [];
	for await (const item of iterable) found.push(item);
	return found;
}

describe('search.search', () => {
	it('returns a page of projects in domain form', async () => {
		const page = await rig.client.search.search({ search: 'cartographer' });
		expect(page.count).toBe(1);
		expect(page.page).toBe(1);
		expect(page.items[0]).toMatchObject({
			name: 'Ari the Cartographer',
			fullPath: 'creator_a/ari-the-cartographer',
			creator: 'creator_a',
			slug: 'ari-the-cartographer',
			tags: expect.arrayContaining(['Fantasy']),
			nsfw: false,
		});
	});

	it('sends every parameter under Rostro’s name, lists joined by commas', async () => {
		await rig.client.search
			.search({
				search: 'x',
				first: 5,
				page: 2,
				cursor: 'abc',
				sort: 'created_at',
				asc: true,
				nsfw: false,
				nsfl: false,
				tags: ['Fantasy', 'OC'],
				excludeTags: ['NSFL', 'Gore'],
				namespace: 'characters',
				username: 'creator_a',
				minTokens: 10,
				maxTokens: 9_000,
				includeForks: false,
				count: false,
			})
			.catch(() => undefined);
		expect(requestsTo(rig.sim, '/search')[0]?.query).toEqual({
			search: 'x',
			first: '5',
			page: '2',
			cursor: 'abc',
			sort: 'created_at',
			asc: 'true',
			nsfw: 'false',
			nsfl: 'false',
			tags: 'Fantasy,OC',
			exclude_tags: 'NSFL,Gore',
			namespace: 'characters',
			username: 'creator_a',
			min_tokens: '10',
			max_tokens: '9000',
			include_forks: 'false',
			count: 'false',
		});
	});

	it('leaves out parameters that were not given', async () => {
		await rig.client.search.search({ search: 'ari', tags: [] });
		expect(requestsTo(rig.sim, '/search')[0]?.query).toEqual({ search: 'ari' });
	});

	it('filters by tag and creator', async () => {
		const page = await rig.client.search.search({ tags: ['Fantasy'], username: 'creator_b', nsfw: false });
		expect(page.items.length).toBeGreaterThan(0);
		for (const project of page.items) {
			expect(project.creator).toBe('creator_b');
			expect(project.tags).toContain('Fantasy');
			expect(project.nsfw).toBe(false);
		}
	});

	it('knows the same sort orders as Rostro', () => {
		expect([...searchSorts].sort()).toEqual([...sortValues].sort());
	});

	it('carries Rostro’s message when it refuses a sort order', async () => {
		const searching = rig.client.search.search({ sort: 'best' as SearchSort });
		await expect(searching).rejects.toBeInstanceOf(RostroBadRequestError);
		await expect(searching).rejects.toMatchObject({ rostroMessage: expect.stringContaining('download_count') });
	});

	it('flattens a validation error to one line per field', async () => {
		const searching = rig.client.search.search({ first: 0 });
		await expect(searching).rejects.toBeInstanceOf(RostroValidationError);
		await expect(searching).rejects.toMatchObject({
			fields: [{ location: 'query.first', message: expect.stringContaining('greater than or equal to 1') }],
			rostroMessage: expect.stringMatching(/^query\.first: /),
		});
	});

	it('reads an uncounted search', async () => {
		const page = await rig.client.search.search({ count: false });
		expect(page.count).toBeUndefined();
	});
});

describe('search.pages', () => {
	it('walks every result page by page and stops at the last', async () => {
		const all = await rig.client.search.search({ first: 500 });
		const pages = await collect(rig.client.search.pages({ first: 4 }));

		expect(pages.flatMap((page) => page.items).map((project) => project.id)).toEqual(
			all.items.map((project) => project.id),
		);
		expect(pages.length).toBe(Math.ceil(all.items.length / 4));
		expect(requestsTo(rig.sim, '/search')).toHaveLength(1 + pages.length);
	});

	it('follows Rostro’s cursor after the first page', async () => {
		const projects = await collect(rig.client.search.pages({ first: 3, sort: 'name' }).items());
		const [first, second] = requestsTo(rig.sim, '/search');
		expect(first?.query.cursor).toBeUndefined();
		expect(second?.query.cursor).toEqual(expect.any(String));
		expect(new Set(projects.map((project) => project.id)).size).toBe(projects.length);
	});

	it('stops fetching when the consumer stops', async () => {
		for await (const _page of rig.client.search.pages({ first: 2 })) break;
		expect(requestsTo(rig.sim, '/search')).toHaveLength(1);
	});
});

describe('search.minisearch', () => {
	it('finds projects by name', async () => {
		const nodes = await rig.client.search.minisearch('Ari');
		expect(nodes[0]).toMatchObject({ name: 'Ari the Cartographer', fullPath: 'creator_a/ari-the-cartographer' });
		expect(nodes[0]?.avatarUrl).toMatch(/^http:\/\/127\.0\.0\.1/);
		expect(requestsTo(rig.sim, '/minisearch')[0]?.body).toEqual({ query: 'Ari' });
	});

	it('accepts the list under data.nodes', async () => {
		const body = { data: { nodes: [{ id: 1, name: 'Ari', fullPath: 'a/ari' }] } };
		rig.sim.fault({ path: '/minisearch' }, { status: 200, body }, 1);
		expect(await rig.client.search.minisearch('Ari')).toEqual([
			{ id: 1, name: 'Ari', fullPath: 'a/ari', avatarUrl: undefined, tagline: '' },
		]);
	});
});

describe('search.tags', () => {
	it('lists tags with their counts, optionally in one namespace', async () => {
		const tags = await rig.client.search.tags('characters');
		expect(tags.find((tag) => tag.name === 'Fantasy')?.count).toBeGreaterThan(0);
		expect(requestsTo(rig.sim, '/tags')[0]?.body).toEqual({ namespace: 'characters' });
	});

	it('accepts the live API’s count field', async () => {
		const body = {
			tags: [{ id: 3, name: 'Fantasy', title: 'Fantasy', non_private_projects_count: 42, followers_count: 7 }],
		};
		rig.sim.fault({ path: '/tags' }, { status: 200, body }, 1);
		expect(await rig.client.search.tags()).toEqual([{ name: 'Fantasy', title: 'Fantasy', count: 42, followers: 7 }]);
	});
});
