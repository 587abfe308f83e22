import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/discord/user-error.js';
import { finishedSpeech } from '../../src/speech/job.js';
import { type RostroRig, startRig } from '../rostro/support.js';

let rig: RostroRig;

beforeAll(async () => {
	rig = await startRig();
});
afterAll(() => rig.close());

/** A speech job Rostro answered before it was done (`/tts` itself holds the request until then). */
function pendingSpeech(transcript: string) {
	return rig.creatorA.imagine.create(
		{ prompt: transcript, generationType: 'text_to_speech' },
		{ returnImmediate: true },
	);
}

describe('finishedSpeech', () => {
	it('polls until Rostro has made the audio', async () => {
		rig.sim.options.jobDurationMs = 1_500;
		const first = await pendingSpeech('Good evening, travellers.');
		expect(first.status).toBe('pending');

		const job = await finishedSpeech(rig.creatorA, first);
		expect(job.primaryMediaUrl).toContain(first.uuid);
		const checks = rig.sim.requests.filter(
			(request) => (request.body as { generation_uuid?: string } | undefined)?.generation_uuid === first.uuid,
		);
		expect(checks.length).toBeGreaterThanOrEqual(1);
		expect(rig.sim.mediaBytes(first.uuid)?.subarray(0, 4).toString()).toBe('RIFF');
	});

	it('turns a refusal into the sentence /imagine uses for it', async () => {
		const first = await rig.creatorA.tts.speak({ transcript: 'something explicit' });
		const refusal = finishedSpeech(rig.creatorA, first);
		await expect(refusal).rejects.toBeInstanceOf(UserError);
		await expect(refusal).rejects.toThrow('Rostro refused this prompt as explicit');
	});

	it('stops waiting after the longest wait', async () => {
		rig.sim.options.jobDurationMs = 60_000;
		const first = await pendingSpeech('A very slow sentence.');
		let clock = 0;
		const now = () => {
			clock += 600;
			return clock;
		};
		await expect(finishedSpeech(rig.creatorA, first, { maxWaitMs: 1_000, now })).rejects.toThrow(
			'Rostro did not finish speaking this in time',
		);
	});
});
