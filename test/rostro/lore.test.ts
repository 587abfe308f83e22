import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RostroRig, requestsTo, startRig } from './support.js';

let rig: RostroRig;

beforeAll(async () => {
	rig = await startRig();
});

afterAll(() => rig.close());

describe('lore.query', () => {
	it('returns passages matching the query, best first, up to the limit', async () => {
		const results = await rig.creatorA.lore.query('We took the ferry to the Compass Inn', 2);
		expect(requestsTo(rig.sim, '/lore')[0]?.body).toEqual({ query: 'We took the ferry to the Compass Inn', limit: 2 });
		expect(results).toHaveLength(2);
		expect(results[0]).toMatchObject({ content: expect.any(String), score: expect.any(Number) });
		expect(results[0]?.metadata).toHaveProperty('source');
		expect((results[0]?.score ?? 0) >= (results[1]?.score ?? 0)).toBe(true);
	});

	it('retries a failed lookup, since it changes nothing', async () => {
		rig.sim.requests.length = 0;
		rig.sim.fault({ path: '/lore' }, { status: 503 }, 1);
		await expect(rig.creatorA.lore.query('ferry')).resolves.toEqual(expect.any(Array));
		expect(requestsTo(rig.sim, '/lore')).toHaveLength(2);
	});
});
