import { afterEach, describe, expect, it } from 'vitest';
import { botClientOverrides, REST_HANDLER_SWEEP_MS } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { createClient } from '../../src/discord/client.js';

const config = loadConfig({ DISCORD_API_URL: 'http://127.0.0.1:9/api' });
let client: ReturnType<typeof createClient> | undefined;

afterEach(async () => {
	await client?.destroy();
});

describe('botClientOverrides', () => {
	it('sweeps idle REST handlers every minute, so each interaction’s handler is not kept for an hour', () => {
		client = createClient(config, botClientOverrides());

		expect(client.rest.options.handlerSweepInterval).toBe(REST_HANDLER_SWEEP_MS);
		expect(REST_HANDLER_SWEEP_MS).toBe(60_000);
		expect(client.rest.options.api).toBe('http://127.0.0.1:9/api');
	});

	it('keeps the caller’s REST options beside it', () => {
		client = createClient(config, botClientOverrides({ rest: { offset: 0 } }));

		expect(client.rest.options.offset).toBe(0);
		expect(client.rest.options.handlerSweepInterval).toBe(REST_HANDLER_SWEEP_MS);
	});
});
