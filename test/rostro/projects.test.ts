import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RostroRig, startRig } from './support.js';

let rig: RostroRig;

beforeAll(async () => {
	rig = await startRig();
});

afterAll(() => rig.close());

describe('projects.similar', () => {
	it('leaves out NSFW and NSFL projects by default', async () => {
		const ari = rig.sim.project('creator_a/ari-the-cartographer');
		const similar = await rig.client.projects.similar(ari.id);
		expect(rig.sim.requests.at(-1)?.path).toBe(`/api/projects/similar/${ari.id}/true/true`);
		expect(similar.length).toBeGreaterThan(0);
		expect(similar.every((project) => !project.nsfw && project.id !== ari.id)).toBe(true);
	});

	it('includes them when asked', async () => {
		const ari = rig.sim.project('creator_a/ari-the-cartographer');
		await rig.client.projects.similar(ari.id, { nsfw: true, nsfl: true });
		expect(rig.sim.requests.at(-1)?.path).toBe(`/api/projects/similar/${ari.id}/false/false`);
	});

	it('accepts the list under data.nodes', async () => {
		const body = { data: { nodes: [{ id: 7, name: 'Seven', fullPath: 'someone/seven' }] } };
		rig.sim.fault({ path: /^\/api\/projects\/similar\// }, { status: 200, body }, 1);
		const similar = await rig.client.projects.similar(1);
		expect(similar.map((project) => project.slug)).toEqual(['seven']);
	});
});
