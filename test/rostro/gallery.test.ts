import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RostroForbiddenError, RostroNotFoundError } from '../../src/rostro/index.js';
import { encodePng } from '../fakes/rostro/index.js';
import { type RostroRig, requestsTo, startRig } from './support.js';

let rig: RostroRig;
const png = `data:image/png;base64,${encodePng({ width: 16, height: 16 }, 'gallery').toString('base64')}`;

beforeAll(async () => {
	rig = await startRig();
});

afterAll(() => rig.close());

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
	const found: T[] = [];
	for await (const item of iterable) found.push(item);
	return found;
}

describe('gallery', () => {
	it('lists one page of a project’s gallery', async () => {
		const ari = rig.sim.project('creator_a/ari-the-cartographer');
		const page = await rig.client.gallery.listByProject(ari.id, { page: 1, limit: 2 });
		expect(page).toMatchObject({ count: 5, page: 1 });
		expect(page.items).toHaveLength(2);
		expect(page.items[0]).toMatchObject({ uuid: expect.any(String), nsfw: false });
		expect(requestsTo(rig.sim, `/api/gallery/project/${ari.id}`)[0]?.query).toEqual({ page: '1', limit: '2' });
	});

	it('walks every page of a gallery', async () => {
		const ari = rig.sim.project('creator_a/ari-the-cartographer');
		const pages = await collect(rig.client.gallery.pagesByProject(ari.id, { limit: 2 }));
		expect(pages.map((page) => page.items.length)).toEqual([2, 2, 1]);
	});

	it('leaves out NSFW images when asked', async () => {
		const vesper = rig.sim.project('lanternfish/vesper');
		const page = await rig.client.gallery.listByProject(vesper.id, { nsfw: false });
		expect(page.items).toEqual([]);
	});

	it('uploads an image and deletes it again', async () => {
		const unit = rig.sim.project('creator_a/unit-7');
		const uploaded = await rig.creatorA.gallery.upload({ image: png, projectId: unit.id, caption: 'Boot screen' });
		expect(uploaded).toMatchObject({ uuid: expect.any(String), userOwned: true });
		expect(requestsTo(rig.sim, '/api/gallery/upload')[0]?.body).toEqual({
			image: png,
			project_id: unit.id,
			caption: 'Boot screen',
		});

		const listed = await rig.client.gallery.listByProject(unit.id);
		expect(listed.items.map((image) => image.uuid)).toContain(uploaded.uuid);

		await rig.creatorA.gallery.delete(uploaded.uuid, unit.id);
		expect(rig.sim.requests.at(-1)?.query).toEqual({ projectId: String(unit.id) });
		await expect(rig.creatorA.gallery.delete(uploaded.uuid)).rejects.toBeInstanceOf(RostroNotFoundError);
	});

	it('refuses an upload to another creator’s project', async () => {
		const kael = rig.sim.project('creator_b/kael-the-exiled-prince');
		await expect(rig.creatorA.gallery.upload({ image: png, projectId: kael.id })).rejects.toMatchObject({
			constructor: RostroForbiddenError,
			rostroMessage: 'Only the creator can add to this gallery',
		});
	});
});
