import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePng } from '../fakes/rostro/index.js';
import { type RostroRig, requestsTo, startRig } from './support.js';

let rig: RostroRig;
const png = `data:image/png;base64,${encodePng({ width: 32, height: 32 }, 'source').toString('base64')}`;

beforeAll(async () => {
	rig = await startRig();
	rig.sim.options.jobDurationMs = 0;
});

afterAll(() => rig.close());

describe('images', () => {
	it('upscales an image as a job', async () => {
		const job = await rig.creatorA.images.upscale({ image: png });
		expect(job.status).toBe('done');
		expect(requestsTo(rig.sim, '/images/upscale')[0]?.body).toEqual({ image: png });
	});

	it('makes a variation of an image with a prompt and strength', async () => {
		const job = await rig.creatorA.images.img2img({ image: png, prompt: 'at night', strength: 0.4 });
		expect(job.status).toBe('done');
		expect(requestsTo(rig.sim, '/images/img2img')[0]?.body).toEqual({ image: png, prompt: 'at night', strength: 0.4 });
	});

	it('reports an unreadable image as a failed job', async () => {
		const job = await rig.creatorA.images.upscale({ image: 'data:image/png;base64,bm90IGFuIGltYWdl' });
		expect(job).toMatchObject({ status: 'failed', error: 'malformed_image' });
	});
});
