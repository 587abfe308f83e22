import { afterAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { openStore, StoreError } from '../../src/store/index.js';
import { capturingLogger, configFor, newSecret, removeTemporaryDirs, temporaryDir } from './backends.js';

// Port 9 (discard) is closed on a test machine, so connecting fails at once with ECONNREFUSED.
const closedPort = 9;

afterAll(removeTemporaryDirs);

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

	it('keeps the records of bots with different ROSTRO_BOT_STORAGE_PREFIX apart in one database', async () => {
		const base = configFor(`sqlite://${await temporaryDir()}/shared.sqlite`, newSecret());
		const withPrefix = (prefix: string): Config => ({ ...base, storage: { ...base.storage, prefix } });
		const staging = await openStore(withPrefix('staging-'), capturingLogger().logger);
		const production = await openStore(withPrefix('production-'), capturingLogger().logger);

		await staging.guilds.set('1', { chatModel: 'asha' });
		await staging.counters.increment('quota:tts:1:2', 60_000);
		expect(await production.guilds.get('1')).toBeUndefined();
		expect(await production.counters.get('quota:tts:1:2')).toBe(0);
		expect(await staging.guilds.get('1')).toEqual({ chatModel: 'asha' });
		expect(await staging.counters.get('quota:tts:1:2')).toBe(1);
		await Promise.all([staging.close(), production.close()]);
	});

	it('refuses a prefix that could reach into another store', async () => {
		const config = configFor(`redis://127.0.0.1:${closedPort}`, newSecret());

		await expect(openStore(config, capturingLogger().logger, { prefix: 'x*' })).rejects.toThrow(RangeError);
	});
});
