import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RostroValidationError } from '../../src/rostro/index.js';
import { encodeWav, expectedTranscript } from '../fakes/rostro/index.js';
import { type RostroRig, requestsTo, startRig } from './support.js';

let rig: RostroRig;

beforeAll(async () => {
	rig = await startRig();
	rig.sim.options.jobDurationMs = 0;
});

afterAll(() => rig.close());

describe('tts', () => {
	it('speaks a transcript as a job whose media is the audio', async () => {
		const job = await rig.creatorA.tts.speak({ transcript: 'Hello there, traveller.', voiceId: 'amber' });
		expect(job).toMatchObject({ status: 'done', cost: 25 });
		expect(job.primaryMediaUrl).toMatch(/\.wav$/);
		expect(requestsTo(rig.sim, '/tts')[0]?.body).toEqual({ transcript: 'Hello there, traveller.', voice_id: 'amber' });
	});

	it('lists the voices', async () => {
		const voices = await rig.creatorA.tts.voices();
		expect(voices).toContainEqual({ id: 'amber', name: 'Amber', description: 'Warm and bright.' });
	});
});

describe('stt', () => {
	it('transcribes a recording sent as one multipart file part', async () => {
		const audio = encodeWav('the kettle is on');
		const { text } = await rig.creatorA.stt.transcribe(new Uint8Array(audio), 'voice.wav', 'audio/wav');
		expect(text).toBe(expectedTranscript(audio));

		const [sent] = requestsTo(rig.sim, '/stt');
		expect(String(sent?.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
		expect(sent?.rawBody.toString('latin1')).toContain('name="file"; filename="voice.wav"');
	});

	it('reports a file that is not audio as a validation error', async () => {
		const transcribing = rig.creatorA.stt.transcribe(new TextEncoder().encode('not audio'), 'a.txt', 'text/plain');
		await expect(transcribing).rejects.toMatchObject({
			constructor: RostroValidationError,
			fields: [{ location: 'body.file' }],
		});
	});
});
