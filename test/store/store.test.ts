import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Store } from '../../src/store/index.js';
import { backends, openTestStore, removeTemporaryDirs, wipe } from './backends.js';

const guildA = '111111111111111111';

afterAll(removeTemporaryDirs);

/** Every record a namespace lists, as an object. */
async function listed<T>(entries: AsyncGenerator<[string, T]>): Promise<Record<string, T>> {
	const found: Record<string, T> = {};
	for await (const [key, value] of entries) found[key] = value;
	return found;
}

describe.each(backends)('the store on $kind', (backend) => {
	describe.skipIf(backend.skip)('namespaces', () => {
		let store: Store;

		beforeEach(async () => {
			store = await openTestStore(backend);
		});

		afterEach(() => wipe(store, ['feed-seen']));

		it('stores, reads and deletes records', async () => {
			await store.guilds.set(guildA, { chatModel: 'mistral-small', policy: { nsfw: false } });

			expect(await store.guilds.get(guildA)).toEqual({ chatModel: 'mistral-small', policy: { nsfw: false } });
			expect(await store.guilds.delete(guildA)).toBe(true);
			expect(await store.guilds.get(guildA)).toBeUndefined();
			expect(await store.guilds.delete(guildA)).toBe(false);
		});

		it('keeps the same key apart in different namespaces', async () => {
			await store.guilds.set(guildA, { chatModel: 'guild' });
			await store.sessions.set(guildA, { guildId: guildA });

			expect(await store.guilds.get(guildA)).toEqual({ chatModel: 'guild' });
			expect(await store.sessions.get(guildA)).toEqual({ guildId: guildA });
			expect(await listed(store.guilds.entries())).toEqual({ [guildA]: { chatModel: 'guild' } });
		});

		it('lists every record of a namespace, past one page, and only those', async () => {
			const threads = Array.from({ length: 250 }, (_, index) => `9${String(index).padStart(17, '0')}`);
			await Promise.all(threads.map((thread) => store.sessions.set(thread, { guildId: guildA })));
			await store.jobs.set('job-1', { guildId: guildA });

			const sessions = await listed(store.sessions.entries());

			expect(Object.keys(sessions).sort()).toEqual(threads);
			expect(await listed(store.jobs.entries())).toEqual({ 'job-1': { guildId: guildA } });
		});

		it('keeps keys that contain colons whole', async () => {
			await store.components.set('vote:up:42', { guildId: guildA });

			expect(await listed(store.components.entries())).toEqual({ 'vote:up:42': { guildId: guildA } });
			expect(await store.components.get('vote:up:42')).toEqual({ guildId: guildA });
		});

		it('forgets a record once its TTL has passed, and keeps one without', async () => {
			await store.components.set('short', { guildId: guildA }, 50);
			await store.components.set('lasting', { guildId: guildA });

			await vi.waitFor(async () => expect(await store.components.get('short')).toBeUndefined(), {
				timeout: 10_000,
				interval: 50,
			});
			expect(await listed(store.components.entries())).toEqual({ lasting: { guildId: guildA } });
		});

		it('refuses a TTL that is not a positive whole number of ms', async () => {
			await expect(store.components.set('x', {}, 0)).rejects.toThrow(RangeError);
			await expect(store.components.set('x', {}, 1.5)).rejects.toThrow(RangeError);
		});

		it('gives a feature a namespace of its own, read through its schema', async () => {
			const feedSeen = store.namespace<{ guildId: string; ids: string[] }>('feed-seen');
			const checked = feedSeen.withSchema(z.object({ guildId: z.string(), ids: z.array(z.string()) }));
			await feedSeen.set('feed-1', { guildId: guildA, ids: ['a', 'b'] });
			await store.namespace<object>('feed-seen').set('feed-2', { guildId: guildA, ids: 'broken' });

			expect(store.namespace('feed-seen')).toBe(feedSeen);
			expect(await checked.get('feed-1')).toEqual({ guildId: guildA, ids: ['a', 'b'] });
			await expect(checked.get('feed-2')).rejects.toThrow(/feed-2 does not have the expected shape at ids/);
			expect(() => store.namespace('Feed_Seen')).toThrow(RangeError);
		});

		it('answers a ping', async () => {
			expect(await store.ping()).toBeGreaterThanOrEqual(0);
		});
	});

	describe.skipIf(backend.skip)('two stores with different prefixes', () => {
		it('never see each other’s records or counters', async () => {
			const first = await openTestStore(backend);
			const second = await openTestStore(backend);
			try {
				await first.guilds.set(guildA, { chatModel: 'first' });
				await first.counters.increment(`chat:${guildA}:1`, 60_000);

				expect(await second.guilds.get(guildA)).toBeUndefined();
				expect(await listed(second.guilds.entries())).toEqual({});
				expect(await second.counters.get(`chat:${guildA}:1`)).toBe(0);
				expect(await second.forgetGuild(guildA)).toBe(0);
				expect(await first.guilds.get(guildA)).toEqual({ chatModel: 'first' });
			} finally {
				await wipe(first);
				await wipe(second);
			}
		});
	});

	describe.skipIf(backend.skip)('close', () => {
		it('can be called twice', async () => {
			const store = await openTestStore(backend);
			await wipe(store);

			await expect(store.close()).resolves.toBeUndefined();
		});
	});
});
