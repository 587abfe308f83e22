import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RostroBadRequestError, RostroUnauthorizedError } from '../../src/rostro/index.js';
import { type RostroRig, requestsTo, startRig } from './support.js';

let rig: RostroRig;

beforeAll(async () => {
	rig = await startRig();
});

afterAll(() => rig.close());

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
	const found: T[] = [];
	for await (const item of iterable) found.push(item);
	return found;
}

async function followedBy(userName: string): Promise<string[]> {
	const members = await collect(rig.creatorA.follow.followsPages(userName).items());
	return members.map((member) => member.userName);
}

describe('following members', () => {
	it('follows and unfollows a member', async () => {
		await rig.creatorA.follow.followUser('velvet_circuit');
		expect(await followedBy('creator_a')).toContain('velvet_circuit');

		await rig.creatorA.follow.unfollowUser('velvet_circuit');
		expect(await followedBy('creator_a')).not.toContain('velvet_circuit');
	});

	it('lists who follows a member', async () => {
		const page = await rig.creatorA.follow.followers('creator_b');
		expect(page.items.map((member) => member.userName).sort()).toEqual(['creator_a', 'reader', 'velvet_circuit']);
		expect(page.count).toBe(3);
		expect(page.items[0]?.avatarUrl).toMatch(/^http:\/\/127\.0\.0\.1/);
	});

	it('walks follower pages until the count is reached', async () => {
		const members = await collect(rig.creatorA.follow.followersPages('creator_a').items());
		expect(members.length).toBeGreaterThan(0);
		expect(requestsTo(rig.sim, '/api/followers/creator_a')).toHaveLength(1);
	});

	it('accepts a follow list under nodes, with `username`', async () => {
		const body = { count: 1, nodes: [{ username: 'someone' }] };
		rig.sim.fault({ path: '/api/follows/creator_a' }, { status: 200, body }, 1);
		expect(await rig.creatorA.follow.follows('creator_a')).toMatchObject({
			items: [{ userName: 'someone', avatarUrl: undefined }],
			count: 1,
		});
	});

	it('carries Rostro’s refusal to follow oneself', async () => {
		await expect(rig.creatorA.follow.followUser('creator_a')).rejects.toMatchObject({
			constructor: RostroBadRequestError,
			rostroMessage: 'You cannot follow yourself',
		});
	});
});

describe('following tags', () => {
	it('follows and unfollows a tag, encoded as one path segment', async () => {
		await rig.creatorA.follow.followTag('Sci Fi/Space');
		expect(rig.sim.requests.at(-1)).toMatchObject({ method: 'POST', path: '/follow/tag/Sci%20Fi%2FSpace' });
		expect(rig.sim.data.users.get('creator_a')?.followsTags.has('Sci Fi/Space')).toBe(true);

		await rig.creatorA.follow.unfollowTag('Sci Fi/Space');
		expect(rig.sim.data.users.get('creator_a')?.followsTags.has('Sci Fi/Space')).toBe(false);
	});
});

describe('timeline', () => {
	it('needs a token', async () => {
		await expect(rig.client.follow.timeline()).rejects.toBeInstanceOf(RostroUnauthorizedError);
	});

	it('lists what followed members and tags published, newest first', async () => {
		const page = await rig.creatorA.follow.timeline({ first: 5 });
		expect(page.items.length).toBeGreaterThan(0);
		expect(page.items.every((project) => project.creator !== 'creator_a')).toBe(true);
		const dates = page.items.map((project) => Date.parse(project.createdAt ?? ''));
		expect(dates).toEqual([...dates].sort((a, b) => b - a));
	});

	it('walks the timeline by cursor and sees a new character first', async () => {
		const added = rig.sim.addCharacter({ name: 'Brand New', creator: 'creator_b' });
		const all = await rig.creatorA.follow.timeline({ first: 500 });
		const walked = await collect(rig.creatorA.follow.timelinePages({ first: 3 }).items());

		expect(walked[0]?.id).toBe(added.id);
		expect(walked.map((project) => project.id)).toEqual(all.items.map((project) => project.id));
		const queries = requestsTo(rig.sim, '/api/timeline/v1').map((request) => request.query);
		expect(queries.at(-1)?.cursor).toEqual(expect.any(String));
	});
});
