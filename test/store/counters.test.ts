import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { backends, openTestStore, removeTemporaryDirs, wipe } from './backends.js';

const guild = '111111111111111111';
const user = '333333333333333333';
const HOUR_MS = 3_600_000;

afterAll(removeTemporaryDirs);

for (const backend of backends) {
	describe.skipIf(backend.skip)(`counters on ${backend.kind}`, () => {
		let store: Store;

		beforeEach(async () => {
			store = await openTestStore(backend);
		});

		afterEach(() => wipe(store));

		it('counts from 1 and reads the count back', async () => {
			const key = `imagine:${guild}:${user}:2025-01-01`;

			expect(await store.counters.get(key)).toBe(0);
			expect(await store.counters.increment(key, HOUR_MS)).toBe(1);
			expect(await store.counters.increment(key, HOUR_MS)).toBe(2);
			expect(await store.counters.get(key)).toBe(2);
		});

		it('gives 200 parallel increments exactly the counts 1 to 200', async () => {
			const key = `chat:${guild}:${user}:burst`;

			const counts = await Promise.all(Array.from({ length: 200 }, () => store.counters.increment(key, HOUR_MS)));

			expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
			expect(await store.counters.get(key)).toBe(200);
		});

		it('starts again from 1 once the TTL of the first increment has passed', async () => {
			const key = `cooldown:${guild}:${user}`;
			await store.counters.increment(key, 50);
			await store.counters.increment(key, 50);

			await vi.waitFor(async () => expect(await store.counters.get(key)).toBe(0), { timeout: 10_000, interval: 50 });
			expect(await store.counters.increment(key, HOUR_MS)).toBe(1);
		});

		it('keeps a counter whose TTL has not passed', async () => {
			const key = `quota:${guild}:${user}`;
			await store.counters.increment(key, HOUR_MS);
			await store.counters.increment(key, 1); // later increments do not shorten the first TTL

			expect(await store.counters.get(key)).toBe(2);
		});

		it('peeks at a count and its expiry without counting', async () => {
			const key = `quota:${guild}:${user}:peek`;
			expect(await store.counters.peek(key)).toBeUndefined();

			const before = Date.now();
			await store.counters.increment(key, HOUR_MS);
			await store.counters.increment(key, HOUR_MS);
			const after = Date.now();

			const first = await store.counters.peek(key);
			const second = await store.counters.peek(key);
			expect(first?.count).toBe(2);
			expect(second?.count).toBe(2);
			expect(first?.expiresAt).toBeGreaterThanOrEqual(before + HOUR_MS - 1_000); // Redis counts in its own clock
			expect(first?.expiresAt).toBeLessThanOrEqual(after + HOUR_MS + 1_000);
			expect(await store.counters.increment(key, HOUR_MS)).toBe(3);
		});

		it('peeks at nothing once a counter expired', async () => {
			const key = `cooldown:${guild}:${user}:peek`;
			await store.counters.increment(key, 50);

			await vi.waitFor(async () => expect(await store.counters.peek(key)).toBeUndefined(), {
				timeout: 10_000,
				interval: 50,
			});
		});

		it('deletes a key and the keys under it, not siblings that merely share the text', async () => {
			for (const key of ['chat:1', 'chat:1:a', 'chat:1:b:c', 'chat:10', 'chat:2']) {
				await store.counters.increment(key, HOUR_MS);
			}

			expect(await store.counters.delete('chat:1')).toBe(3);
			expect(await store.counters.get('chat:1')).toBe(0);
			expect(await store.counters.get('chat:1:a')).toBe(0);
			expect(await store.counters.get('chat:10')).toBe(1);
			expect(await store.counters.get('chat:2')).toBe(1);
		});

		it('deletes the counters that name an id in any position', async () => {
			for (const key of [`a:${guild}:x`, `b:x:${guild}`, `${guild}`, `c:${guild}0:x`, 'd:x:y']) {
				await store.counters.increment(key, HOUR_MS);
			}

			expect(await store.counters.deleteWithPart(guild)).toBe(3);
			expect(await store.counters.get(`c:${guild}0:x`)).toBe(1);
			expect(await store.counters.get('d:x:y')).toBe(1);
		});

		it('refuses keys, parts and TTLs it could not honour', async () => {
			await expect(store.counters.increment('', HOUR_MS)).rejects.toThrow(RangeError);
			await expect(store.counters.increment('chat:', HOUR_MS)).rejects.toThrow(RangeError);
			await expect(store.counters.increment('chat:1', 0)).rejects.toThrow(RangeError);
			await expect(store.counters.deleteWithPart('a:b')).rejects.toThrow(RangeError);
		});
	});
}
