import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { AutocompleteCache } from '../../src/discord/autocomplete.js';

type Choice = { name: string };

describe('AutocompleteCache', () => {
	it('asks the source once per query while the answer is fresh, whatever the case', async () => {
		let calls = 0;
		const cache = new AutocompleteCache<Choice>(async (query) => {
			calls++;
			return [{ name: `${query} result` }];
		});
		expect(await cache.lookup('Ari')).toEqual([{ name: 'ari result' }]);
		expect(await cache.lookup(' ari ')).toEqual([{ name: 'ari result' }]);
		expect(calls).toBe(1);
	});

	it('shares one upstream call between concurrent lookups', async () => {
		let calls = 0;
		const cache = new AutocompleteCache<Choice>(async () => {
			calls++;
			await delay(20);
			return [{ name: 'x' }];
		});
		await Promise.all([cache.lookup('q'), cache.lookup('q'), cache.lookup('q')]);
		expect(calls).toBe(1);
	});

	it('answers with nothing rather than waiting past the upstream timeout', async () => {
		const cache = new AutocompleteCache<Choice>(
			(_query, signal) =>
				new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
			{ upstreamTimeoutMs: 30 },
		);
		expect(await cache.lookup('slow')).toEqual([]);
	});

	it('falls back to the stale answer when the source fails', async () => {
		let fail = false;
		const cache = new AutocompleteCache<Choice>(
			async () => {
				if (fail) throw new Error('down');
				return [{ name: 'old' }];
			},
			{ ttlMs: 1 },
		);
		expect(await cache.lookup('q')).toEqual([{ name: 'old' }]);
		await delay(5);
		fail = true;
		expect(await cache.lookup('q')).toEqual([{ name: 'old' }]);
	});

	it('answers with nothing when the source fails and nothing is cached', async () => {
		const cache = new AutocompleteCache<Choice>(async () => {
			throw new Error('down');
		});
		expect(await cache.lookup('q')).toEqual([]);
	});
});
