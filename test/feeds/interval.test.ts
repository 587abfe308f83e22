import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('ROSTRO_BOT_FEED_INTERVAL_MINUTES', () => {
	it('checks feeds every ten minutes unless told otherwise', () => {
		expect(loadConfig({}).feedIntervalMs).toBe(600_000);
		expect(loadConfig({ ROSTRO_BOT_FEED_INTERVAL_MINUTES: '' }).feedIntervalMs).toBe(600_000);
	});

	it('accepts fractions of a minute, as tests use, down to a second', () => {
		expect(loadConfig({ ROSTRO_BOT_FEED_INTERVAL_MINUTES: '0.02' }).feedIntervalMs).toBe(1_200);
		expect(loadConfig({ ROSTRO_BOT_FEED_INTERVAL_MINUTES: String(1 / 60) }).feedIntervalMs).toBe(1_000);
	});

	it('refuses what is not a positive number of minutes, naming the variable', () => {
		for (const value of ['0', '-5', 'often', '2000', '0.000001', '0.01']) {
			const load = () => loadConfig({ ROSTRO_BOT_FEED_INTERVAL_MINUTES: value });
			expect(load).toThrow(ConfigError);
			expect(load).toThrow(/^ROSTRO_BOT_FEED_INTERVAL_MINUTES: expected/);
		}
	});
});
