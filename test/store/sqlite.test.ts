import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type SealedToken, type Store, StoreError, sqlitePath } from '../../src/store/index.js';
import { capturingLogger, configFor, newSecret, removeTemporaryDirs, temporaryDir } from './backends.js';

afterAll(removeTemporaryDirs);

const guildId = '111111111111111111';

async function sealedGuildToken(store: Store): Promise<SealedToken> {
	const sealed = (await store.guilds.get(guildId))?.token;
	if (!sealed) throw new Error('no token was stored for the guild');
	return sealed;
}

describe('sqlitePath', () => {
	it('resolves a relative path against the working directory', () => {
		expect(sqlitePath('sqlite://data/rostro-bot.sqlite', '/srv/bot')).toBe('/srv/bot/data/rostro-bot.sqlite');
	});

	it('keeps an absolute path', () => {
		expect(sqlitePath('sqlite:///var/lib/rostro/bot.sqlite', '/srv/bot')).toBe('/var/lib/rostro/bot.sqlite');
	});

	it('refuses a URL that names no file', () => {
		expect(() => sqlitePath('sqlite://')).toThrow(StoreError);
	});
});

describe('a SQLite store', () => {
	it('creates the folders the database lives in', async () => {
		const file = join(await temporaryDir(), 'nested', 'deeper', 'bot.sqlite');
		const store = await openStore(configFor(`sqlite://${file}`, newSecret()), capturingLogger().logger);
		await store.guilds.set(guildId, { chatModel: 'm' });
		await store.close();

		expect((await stat(file)).isFile()).toBe(true);
	});

	it('keeps what it stored across a restart', async () => {
		const url = `sqlite://${await temporaryDir()}/bot.sqlite`;
		const secret = newSecret();
		const first = await openStore(configFor(url, secret), capturingLogger().logger);
		await first.members.set('333333333333333333', { personas: { '1': { name: 'Ash', description: 'ranger' } } });
		await first.counters.increment('chat:1:333333333333333333', 60_000);
		await first.close();

		const second = await openStore(configFor(url, secret), capturingLogger().logger);
		try {
			expect(await second.members.get('333333333333333333')).toEqual({
				personas: { '1': { name: 'Ash', description: 'ranger' } },
			});
			expect(await second.counters.increment('chat:1:333333333333333333', 60_000)).toBe(2);
		} finally {
			await second.close();
		}
	});

	it('never holds a token in plain text', async () => {
		const dir = await temporaryDir();
		const store = await openStore(configFor(`sqlite://${dir}/bot.sqlite`, newSecret()), capturingLogger().logger);
		const guildToken = 'rk_guild_4a7f0c2e9b1d3f5a7c9e0b2d4f6a8c0e';
		const memberToken = 'rk_member_8e6c4a2f0d9b7e5c3a1f9d7b5e3c1a9f';
		await store.guilds.set(guildId, { token: store.vault.seal(guildToken) });
		await store.members.set('333333333333333333', { token: store.vault.seal(memberToken) });
		expect(store.vault.open(await sealedGuildToken(store))).toBe(guildToken);
		await store.close();

		const files = (await readdir(dir)).filter((name) => name.startsWith('bot.sqlite'));
		const bytes = Buffer.concat(await Promise.all(files.map((name) => readFile(join(dir, name)))));
		expect(files).toContain('bot.sqlite');
		for (const token of [guildToken, memberToken]) {
			expect(bytes.includes(token)).toBe(false);
			expect(bytes.includes(Buffer.from(token).toString('base64'))).toBe(false);
			expect(bytes.includes(Buffer.from(token).toString('base64url'))).toBe(false);
		}
	});

	// Reads by key go through a prepared statement on a connection of their own.
	it('reads every write and delete at once, also while many reads and writes overlap', async () => {
		const store = await openStore(
			configFor(`sqlite://${await temporaryDir()}/bot.sqlite`, newSecret()),
			capturingLogger().logger,
		);
		try {
			for (let round = 0; round < 20; round++) {
				await store.guilds.set(guildId, { chatModel: `model-${round}` });
				expect(await store.guilds.get(guildId)).toEqual({ chatModel: `model-${round}` });
			}
			expect(await store.guilds.delete(guildId)).toBe(true);
			expect(await store.guilds.get(guildId)).toBeUndefined();

			const ids = Array.from({ length: 200 }, (_, index) => String(100_000_000_000_000_000n + BigInt(index)));
			await Promise.all(ids.map((id) => store.members.set(id, { personas: {} })));
			const read = await Promise.all(ids.map(async (id) => [id, await store.members.get(id)]));
			expect(read.filter(([, record]) => record === undefined)).toEqual([]);
			expect(await store.members.get('999')).toBeUndefined();
		} finally {
			await store.close();
		}
	});
});

describe('the secret file beside a SQLite database', () => {
	it('is created on the first run with mode 0600, 32 random bytes as hex, and a warning naming it', async () => {
		const dir = join(await temporaryDir(), 'data');
		const { logger, lines } = capturingLogger();
		const store = await openStore(configFor(`sqlite://${dir}/bot.sqlite`), logger);
		await store.close();

		const file = join(dir, 'secret.key');
		expect((await stat(file)).mode & 0o777).toBe(0o600);
		expect((await readFile(file, 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
		const warning = lines.find((line) => line.level === 40);
		expect(warning?.msg).toContain(file);
		expect(JSON.stringify(lines)).not.toContain((await readFile(file, 'utf8')).trim());
	});

	it('is read back on later runs, so tokens sealed before still open', async () => {
		const dir = await temporaryDir();
		const first = await openStore(configFor(`sqlite://${dir}/bot.sqlite`), capturingLogger().logger);
		await first.guilds.set(guildId, { token: first.vault.seal('rk_kept') });
		await first.close();
		const written = await readFile(join(dir, 'secret.key'), 'utf8');

		const { logger, lines } = capturingLogger();
		const second = await openStore(configFor(`sqlite://${dir}/bot.sqlite`), logger);
		try {
			expect(second.vault.open(await sealedGuildToken(second))).toBe('rk_kept');
			expect(await readFile(join(dir, 'secret.key'), 'utf8')).toBe(written);
			expect(lines.filter((line) => line.level === 40)).toEqual([]);
		} finally {
			await second.close();
		}
	});

	it('is not needed when ROSTRO_BOT_SECRET is set', async () => {
		const dir = await temporaryDir();
		const store = await openStore(configFor(`sqlite://${dir}/bot.sqlite`, newSecret()), capturingLogger().logger);
		await store.close();

		expect(await readdir(dir)).not.toContain('secret.key');
	});

	it('stops the start with a clear error when it holds no secret', async () => {
		const dir = await temporaryDir();
		await writeFile(join(dir, 'secret.key'), 'not a secret\n', { mode: 0o600 });

		await expect(openStore(configFor(`sqlite://${dir}/bot.sqlite`), capturingLogger().logger)).rejects.toThrow(
			/secret\.key does not hold a 32-byte secret/,
		);
	});
});
