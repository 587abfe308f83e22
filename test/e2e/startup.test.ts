import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const entry = new URL('../../dist/src/index.js', import.meta.url).pathname;

async function start(env: Record<string, string>, files: Record<string, string> = {}) {
	const cwd = mkdtempSync(join(tmpdir(), 'rostro-bot-start-'));
	for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
	try {
		await run(process.execPath, [entry], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 });
		return { code: 0, stderr: '' };
	} catch (error) {
		const failed = error as { code: number; stderr: string };
		return { code: failed.code, stderr: failed.stderr };
	}
}

describe('starting without a usable configuration', () => {
	it('prints one line per problem and exits non-zero, without a stack trace', async () => {
		const { code, stderr } = await start({ DISCORD_API_URL: 'nope', LOG_LEVEL: 'chatty' });
		expect(code).toBe(1);
		expect(stderr).toMatch(/^\s+DISCORD_API_URL: expected an http/m);
		expect(stderr).toMatch(/^\s+LOG_LEVEL: /m);
		expect(stderr).not.toMatch(/\bat \S+ \(/); // no stack frames
	});

	it('names a missing token', async () => {
		const { code, stderr } = await start({});
		expect(code).toBe(1);
		expect(stderr).toMatch(/^\s+DISCORD_TOKEN: missing; expected the bot token/m);
	});

	it('reads .env from the working directory', async () => {
		const dotEnv = 'DISCORD_TOKEN=x\nSHARD_COUNT=\nSHARD_IDS=\nSTORAGE_URL=redis://127.0.0.1:1\n';
		const { code, stderr } = await start({}, { '.env': dotEnv });
		expect(code).toBe(1);
		expect(stderr).not.toMatch(/DISCORD_TOKEN/);
		expect(stderr).toMatch(/ROSTRO_BOT_SECRET: required with Redis or PostgreSQL/);
		expect(stderr).not.toMatch(/SHARD/);
	});

	it('reports malformed, missing and conflicting settings in one run', async () => {
		const { stderr } = await start({ LOG_LEVEL: 'loud', STORAGE_URL: 'redis://127.0.0.1:6379', SHARD_COUNT: 'two' });
		for (const name of ['LOG_LEVEL', 'DISCORD_TOKEN', 'ROSTRO_BOT_SECRET', 'SHARD_COUNT']) {
			expect(stderr).toMatch(new RegExp(`^\\s+${name}: `, 'm'));
		}
		expect(stderr).toMatch(/SHARD_COUNT: expected a whole number/);
	});
});
