import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RostroNotFoundError } from '../../src/rostro/index.js';
import { type RostroRig, startRig } from './support.js';

let rig: RostroRig;

beforeAll(async () => {
	rig = await startRig();
});

afterAll(() => rig.close());

describe('users.profile', () => {
	it('reads a profile without projects by default', async () => {
		const profile = await rig.client.users.profile('creator_b');
		expect(profile).toMatchObject({ userName: 'creator_b', bio: expect.stringContaining('Noir'), projects: [] });
		expect(rig.sim.requests.at(-1)?.query).toEqual({});
	});

	it('lists the member’s projects when asked', async () => {
		const profile = await rig.client.users.profile('creator_b', { includeProjects: true });
		expect(rig.sim.requests.at(-1)?.query).toEqual({ include_projects: 'true' });
		expect(profile.projects.length).toBeGreaterThan(0);
		expect(profile.projects.every((project) => project.creator === 'creator_b')).toBe(true);
	});

	it('encodes the name as one path segment', async () => {
		await expect(rig.client.users.profile('no one/here')).rejects.toBeInstanceOf(RostroNotFoundError);
		expect(rig.sim.requests.at(-1)?.path).toBe('/api/users/no%20one%2Fhere');
	});

	it('rejects a name of dots as not found, without asking Rostro', async () => {
		const asked = rig.sim.requests.length;
		for (const name of ['..', '.']) {
			await expect(rig.client.users.profile(name)).rejects.toBeInstanceOf(RostroNotFoundError);
		}
		expect(rig.sim.requests.length).toBe(asked);
	});
});
