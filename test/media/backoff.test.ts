import { describe, expect, it } from 'vitest';
import { FIRST_POLL_DELAY_MS, MAX_POLL_DELAY_MS, pollDelayMs } from '../../src/media/backoff.js';

const noJitter = () => 0;
const fullJitter = () => 0.999_999;

describe('pollDelayMs', () => {
	it('starts at one second', () => {
		expect(pollDelayMs(0, noJitter)).toBe(FIRST_POLL_DELAY_MS);
	});

	it('grows with each check and stops at five seconds', () => {
		const delays = Array.from({ length: 10 }, (_, attempt) => pollDelayMs(attempt, noJitter));
		for (let index = 1; index < delays.length; index++) {
			expect(delays[index]).toBeGreaterThanOrEqual(delays[index - 1] ?? 0);
		}
		expect(delays.at(-1)).toBe(MAX_POLL_DELAY_MS);
	});

	it('only ever lengthens a pause with jitter, by a tenth at most', () => {
		for (let attempt = 0; attempt < 10; attempt++) {
			const plain = pollDelayMs(attempt, noJitter);
			const jittered = pollDelayMs(attempt, fullJitter);
			expect(jittered).toBeGreaterThanOrEqual(plain);
			expect(jittered).toBeLessThanOrEqual(Math.round(plain * 1.1));
		}
	});

	it('never checks a job more than once a second, whatever the attempt', () => {
		for (const attempt of [-3, 0, 1, 50]) expect(pollDelayMs(attempt)).toBeGreaterThanOrEqual(1_000);
	});

	it('costs at most one check per second on average over a long job', () => {
		let elapsed = 0;
		let checks = 0;
		while (elapsed < 10 * 60_000) {
			elapsed += pollDelayMs(checks, noJitter);
			checks += 1;
		}
		expect(checks / (elapsed / 1000)).toBeLessThanOrEqual(0.25);
	});
});
