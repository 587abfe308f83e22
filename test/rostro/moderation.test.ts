import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RostroNotFoundError } from '../../src/rostro/index.js';
import { type RostroRig, startRig } from './support.js';

let rig: RostroRig;

beforeAll(async () => {
	rig = await startRig();
});

afterAll(() => rig.close());

describe('moderation', () => {
	it('reports a project with a reason', async () => {
		const vesper = rig.sim.project('lanternfish/vesper');
		await rig.creatorA.moderation.report(vesper.id, 'Spam in the description');
		expect(rig.sim.data.reports.at(-1)).toMatchObject({
			projectId: vesper.id,
			reporter: 'creator_a',
			reason: 'Spam in the description',
		});
	});

	it('reports an unknown project as not found', async () => {
		await expect(rig.creatorA.moderation.report(999_999, 'x')).rejects.toBeInstanceOf(RostroNotFoundError);
	});

	it('blocks and unblocks a member and a tag', async () => {
		const user = () => rig.sim.data.users.get('creator_a');
		await rig.creatorA.moderation.block('user', 'lanternfish');
		await rig.creatorA.moderation.block('tag', 'Horror Story');
		expect(rig.sim.requests.at(-1)?.path).toBe('/api/account/block/tag/Horror%20Story');
		expect(user()?.blockedUsers.has('lanternfish')).toBe(true);
		expect(user()?.blockedTags.has('Horror Story')).toBe(true);

		await rig.creatorA.moderation.unblock('user', 'lanternfish');
		await rig.creatorA.moderation.unblock('tag', 'Horror Story');
		expect(user()?.blockedUsers.has('lanternfish')).toBe(false);
		expect(user()?.blockedTags.has('Horror Story')).toBe(false);
	});
});
