import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GenerationType, RostroUnauthorizedError, RostroValidationError } from '../../src/rostro/index.js';
import { type RostroRig, requestsTo, startRig } from './support.js';

let rig: RostroRig;

beforeAll(async () => {
	rig = await startRig();
});

afterAll(() => rig.close());

beforeEach(() => {
	rig.sim.requests.length = 0;
	rig.sim.options.jobDurationMs = 50;
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
	const found: T[] = [];
	for await (const item of iterable) found.push(item);
	return found;
}

describe('imagine.create', () => {
	it('answers at once with a pending job when asked to', async () => {
		rig.sim.options.jobDurationMs = 60_000;
		const job = await rig.creatorA.imagine.create(
			{ prompt: 'a lighthouse at dusk', generationType: 'text_to_image', width: 768, height: 512 },
			{ returnImmediate: true },
		);
		expect(job).toMatchObject({ status: 'pending', primaryMediaUrl: undefined, cost: 50 });

		const [sent] = requestsTo(rig.sim, '/imagine');
		expect(sent?.query).toEqual({ return_immediate: 'true' });
		expect(sent?.body).toEqual({
			prompt: 'a lighthouse at dusk',
			generation_type: 'text_to_image',
			width: 768,
			height: 512,
		});
	});

	it('answers when the job is done otherwise', async () => {
		const job = await rig.creatorA.imagine.create({ prompt: 'a red kite', generationType: 'text_to_image' });
		expect(job.status).toBe('done');
		expect(job.primaryMediaUrl).toMatch(/^http:\/\/127\.0\.0\.1/);
		expect(requestsTo(rig.sim, '/imagine')[0]?.query).toEqual({});
	});

	it('reports a rejected prompt as a failed job with its reason', async () => {
		const job = await rig.creatorA.imagine.create({ prompt: 'something explicit', generationType: 'text_to_image' });
		expect(job).toMatchObject({ status: 'failed', error: 'explicit_text' });
	});

	it('reports an unknown generation type as a validation error', async () => {
		const creating = rig.creatorA.imagine.create({ prompt: 'x', generationType: 'text_to_hologram' as GenerationType });
		await expect(creating).rejects.toBeInstanceOf(RostroValidationError);
		await expect(creating).rejects.toMatchObject({ fields: [{ location: 'body.generation_type' }] });
	});

	it('needs a token', async () => {
		const creating = rig.client.imagine.create({ prompt: 'x', generationType: 'text_to_image' });
		await expect(creating).rejects.toBeInstanceOf(RostroUnauthorizedError);
	});
});

describe('imagine.check', () => {
	it('reads a job as it stands until it is done', async () => {
		rig.sim.options.jobDurationMs = 60_000;
		const started = await rig.creatorA.imagine.create(
			{ prompt: 'a tide clock', generationType: 'text_to_image' },
			{ returnImmediate: true },
		);
		expect((await rig.creatorA.imagine.check(started.uuid)).status).toBe('pending');
		expect(requestsTo(rig.sim, '/imagine/check')[0]?.body).toEqual({ generation_uuid: started.uuid });

		const job = rig.sim.data.jobs.get(started.uuid);
		if (job) job.readyAt = Date.now();
		const done = await rig.creatorA.imagine.check(started.uuid);
		expect(done).toMatchObject({ uuid: started.uuid, status: 'done' });
		expect(done.primaryMediaUrl).toContain(started.uuid);
	});
});

describe('imagine.history', () => {
	it('lists the account’s jobs and walks them by cursor', async () => {
		const history = rig.client.withToken(rig.sim.addToken('velvet_circuit'));
		rig.sim.options.jobDurationMs = 0;
		const created = [];
		for (const prompt of ['one', 'two', 'three', 'four', 'five']) {
			created.push(await history.imagine.create({ prompt, generationType: 'text_to_image' }));
		}

		const first = await history.imagine.history({ first: 2 });
		expect(first.items).toHaveLength(2);
		expect(first.cursor).toEqual(expect.any(String));

		const walked = await collect(history.imagine.historyPages({ first: 2 }).items());
		expect(walked.map((job) => job.uuid).sort()).toEqual(created.map((job) => job.uuid).sort());
		expect(requestsTo(rig.sim, '/imagine/history').at(-1)?.body).toMatchObject({
			first: 2,
			cursor: expect.any(String),
		});
	});

	it('deletes jobs from the history', async () => {
		const job = await rig.creatorA.imagine.create({ prompt: 'to delete', generationType: 'text_to_image' });
		const deletion = await rig.creatorA.imagine.delete([job.uuid, 'not-mine']);
		expect(deletion).toEqual({ successes: [job.uuid], failures: ['not-mine'] });
	});
});
