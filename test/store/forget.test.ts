import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { backends, openTestStore, removeTemporaryDirs, wipe } from './backends.js';

const gone = '111111111111111111';
const kept = '222222222222222222';
const leaving = '333333333333333333';
const staying = '444444444444444444';
const HOUR_MS = 3_600_000;

afterAll(removeTemporaryDirs);

async function keysOf<T>(entries: AsyncGenerator<[string, T]>): Promise<string[]> {
	const keys: string[] = [];
	for await (const [key] of entries) keys.push(key);
	return keys.sort();
}

/** Two guilds and two members with a little of everything in each. */
async function populate(store: Store): Promise<void> {
	const token = store.vault.seal('rk_test_token');
	for (const guildId of [gone, kept]) {
		await store.guilds.set(guildId, { token, chatModel: 'model' });
		await store.sessions.set(`thread-${guildId}`, { guildId });
		await store.jobs.set(`job-${guildId}`, { guildId });
		await store.components.set(`button-${guildId}`, { guildId }, HOUR_MS);
		await store.posted.set(`message-${guildId}`, { guildId, userId: leaving, at: 1 });
		await store.namespace<{ guildId: string }>('feed-seen').set(`feed-${guildId}`, { guildId });
		await store.namespace<{ guildId: string; userId: string }>('generations').set(`${guildId}:${leaving}`, {
			guildId,
			userId: leaving,
		});
		for (const userId of [leaving, staying]) await store.counters.increment(`chat:${guildId}:${userId}`, HOUR_MS);
	}
	await store.components.set('button-anywhere', {});
	await store.counters.increment(`search:${leaving}`, HOUR_MS);
	await store.counters.increment(`search:${staying}`, HOUR_MS);

	const personas = {
		[gone]: { name: 'Ash', description: 'a ranger' },
		[kept]: { name: 'Bo', description: 'a bard' },
	};
	await store.members.set(leaving, { token, personas });
	await store.members.set(staying, { personas: { [kept]: personas[kept] } });
}

for (const backend of backends) {
	describe.skipIf(backend.skip)(`forgetting on ${backend.kind}`, () => {
		let store: Store;

		beforeEach(async () => {
			store = await openTestStore(backend);
			await populate(store);
		});

		afterEach(() => wipe(store, ['feed-seen', 'generations']));

		it('forgetGuild deletes the guild’s settings, records, personas and counters, and nothing else', async () => {
			// settings, 1 persona, session, job, component, posted, feed-seen, generations, 2 counters
			expect(await store.forgetGuild(gone)).toBe(10);

			expect(await keysOf(store.guilds.entries())).toEqual([kept]);
			expect(await keysOf(store.sessions.entries())).toEqual([`thread-${kept}`]);
			expect(await keysOf(store.jobs.entries())).toEqual([`job-${kept}`]);
			expect(await keysOf(store.components.entries())).toEqual([`button-${kept}`, 'button-anywhere']);
			expect(await keysOf(store.posted.entries())).toEqual([`message-${kept}`]);
			expect(await keysOf(store.namespace('feed-seen').entries())).toEqual([`feed-${kept}`]);

			const member = await store.members.get(leaving);
			expect(Object.keys(member?.personas ?? {})).toEqual([kept]);
			expect(member?.token).toBeDefined();
			expect(await store.members.get(staying)).toEqual({ personas: { [kept]: { name: 'Bo', description: 'a bard' } } });

			expect(await store.counters.get(`chat:${gone}:${leaving}`)).toBe(0);
			expect(await store.counters.get(`chat:${gone}:${staying}`)).toBe(0);
			expect(await store.counters.get(`chat:${kept}:${leaving}`)).toBe(1);
			expect(await store.counters.get(`search:${leaving}`)).toBe(1);
		});

		it('forgetMember deletes the member’s settings and the records that are theirs, and nothing else', async () => {
			// settings, 2 generation lists
			expect(await store.forgetMember(leaving)).toBe(3);

			expect(await store.members.get(leaving)).toBeUndefined();
			expect(await keysOf(store.members.entries())).toEqual([staying]);
			expect(await keysOf(store.namespace('generations').entries())).toEqual([]);

			expect(await keysOf(store.guilds.entries())).toEqual([gone, kept]);
			expect(await keysOf(store.jobs.entries())).toEqual([`job-${gone}`, `job-${kept}`]);
		});

		it('forgetMember keeps the servers’ records of who caused each post, for moderators', async () => {
			await store.forgetMember(leaving);

			expect(await keysOf(store.posted.entries())).toEqual([`message-${gone}`, `message-${kept}`]);
			expect(await store.posted.get(`message-${kept}`)).toEqual({ guildId: kept, userId: leaving, at: 1 });
		});

		it('forgetMember keeps the servers’ use counters, so forgetting resets no cooldown or quota', async () => {
			await store.forgetMember(leaving);

			expect(await store.counters.get(`chat:${gone}:${leaving}`)).toBe(1);
			expect(await store.counters.get(`chat:${kept}:${leaving}`)).toBe(1);
			expect(await store.counters.get(`search:${leaving}`)).toBe(1);
		});

		it('forgets nothing for an id it never saw', async () => {
			expect(await store.forgetGuild('555555555555555555')).toBe(0);
			expect(await store.forgetMember('555555555555555555')).toBe(0);
			expect(await keysOf(store.guilds.entries())).toEqual([gone, kept]);
		});
	});
}
