import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RostroServerError } from '../../src/rostro/index.js';
import { type RostroRig, requestsTo, startRig } from './support.js';

let rig: RostroRig;

beforeAll(async () => {
	rig = await startRig();
});

afterAll(() => rig.close());

describe('emotion.detect', () => {
	it('reads the emotion of a text with a confidence', async () => {
		const detected = await rig.creatorA.emotion.detect('I am so happy and excited today!');
		expect(detected).toEqual({ emotion: 'joy', confidence: expect.any(Number) });
		expect(requestsTo(rig.sim, '/api/infer/emotion')[0]?.body).toEqual({ text: 'I am so happy and excited today!' });
	});

	it('is not repeated after a failure', async () => {
		rig.sim.requests.length = 0;
		rig.sim.fault({ path: '/api/infer/emotion' }, { status: 500 }, 1);
		await expect(rig.creatorA.emotion.detect('sad')).rejects.toBeInstanceOf(RostroServerError);
		expect(requestsTo(rig.sim, '/api/infer/emotion')).toHaveLength(1);
	});
});
