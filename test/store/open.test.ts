import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { openStore, StoreError } from '../../src/store/index.js';
import { capturingLogger, configFor, newSecret } from './backends.js';

// Port 9 (discard) is closed on a test machine, so connecting fails at once with ECONNREFUSED.
const closedPort = 9;

describe('openStore', () => {
	it.each([
		['Redis', `redis://127.0.0.1:${closedPort}`],
		['PostgreSQL', `postgres://postgres:hunter2@127.0.0.1:${closedPort}/test`],
	])('fails with a StoreError when %s does not answer, without printing a password', async (name, url) => {
		const opening = openStore(configFor(url, newSecret()), capturingLogger().logger);

		await expect(opening).rejects.toThrow(StoreError);
		await expect(opening).rejects.toThrow(new RegExp(`cannot reach ${name}`));
		await expect(opening).rejects.not.toThrow(/hunter2/);
	});

	it('refuses Redis or PostgreSQL without ROSTRO_BOT_SECRET before connecting', async () => {
		const config: Config = { ...configFor('sqlite://unused.sqlite'), storage: { url: 'redis://x', kind: 'redis' } };

		await expect(openStore(config, capturingLogger().logger)).rejects.toThrow(/ROSTRO_BOT_SECRET is required/);
	});

	it('refuses a prefix that could reach into another store', async () => {
		const config = configFor(`redis://127.0.0.1:${closedPort}`, newSecret());

		await expect(openStore(config, capturingLogger().logger, { prefix: 'x*' })).rejects.toThrow(RangeError);
	});
});
