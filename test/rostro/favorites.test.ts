import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RostroNotFoundError, RostroUnauthorizedError } from '../../src/rostro/index.js';
import { type RostroRig, startRig } from './support.js';

let rig: RostroRig;

beforeAll(async () => {
	rig = await startRig();
});

afterAll(() => rig.close());

describe('favorites', () => {
	it('adds and removes a favorite', async () => {
		const mochi = rig.sim.project('velvet_circuit/mochi');
		await rig.creatorA.favorites.add(mochi.id);
		expect(rig.sim.requests.at(-1)).toMatchObject({ method: 'POST', path: `/api/favorites/${mochi.id}`, body: {} });
		expect((await rig.creatorA.characters.getById(mochi.id)).isFavorite).toBe(true);

		await rig.creatorA.favorites.remove(mochi.id);
		expect((await rig.creatorA.characters.getById(mochi.id)).isFavorite).toBe(false);
	});

	it('reports an unknown project as not found', async () => {
		await expect(rig.creatorA.favorites.add(999_999)).rejects.toBeInstanceOf(RostroNotFoundError);
	});

	it('needs a token', async () => {
		await expect(rig.client.favorites.add(1)).rejects.toBeInstanceOf(RostroUnauthorizedError);
	});
});
