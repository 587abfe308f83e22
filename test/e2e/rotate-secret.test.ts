import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { openStore } from '../../src/store/index.js';

const run = promisify(execFile);
const script = new URL('../../dist/src/scripts/rotate-secret.js', import.meta.url).pathname;

describe('npm run rotate-secret', () => {
	it('re-encrypts every stored token under the new secret and says how many', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'rostro-bot-rotate-'));
		const oldSecret = randomBytes(32).toString('hex');
		const newSecret = randomBytes(32).toString('hex');
		const env = { STORAGE_URL: `sqlite://${join(dir, 'bot.sqlite')}`, ROSTRO_BOT_SECRET: oldSecret };

		const before = await openStore(loadConfig(env), silentLogger);
		await before.guilds.set('1', { token: before.vault.seal('guild-token-1') });
		await before.members.set('2', { token: before.vault.seal('member-token-2') });
		await before.close();

		const { stdout } = await run(process.execPath, [script], {
			cwd: dir,
			env: {
				PATH: process.env.PATH ?? '',
				...env,
				ROSTRO_BOT_SECRET: newSecret,
				ROSTRO_BOT_SECRET_PREVIOUS: oldSecret,
			},
		});
		expect(stdout).toMatch(/Re-encrypted 2 token/);

		const after = await openStore(loadConfig({ ...env, ROSTRO_BOT_SECRET: newSecret }), silentLogger);
		const guild = await after.guilds.get('1');
		const member = await after.members.get('2');
		expect(guild?.token && after.vault.open(guild.token)).toBe('guild-token-1');
		expect(member?.token && after.vault.open(member.token)).toBe('member-token-2');
		await after.close();
	});

	it('refuses to run without the previous secret', async () => {
		const failure = await run(process.execPath, [script], {
			env: { PATH: process.env.PATH ?? '', ROSTRO_BOT_SECRET: randomBytes(32).toString('hex') },
		}).catch((error: { code: number; stderr: string }) => error);
		expect(failure).toMatchObject({ code: 1 });
		expect((failure as { stderr: string }).stderr).toMatch(/ROSTRO_BOT_SECRET_PREVIOUS: missing/);
	});
});
