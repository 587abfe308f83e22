import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord/index.js';

const run = promisify(execFile);
const entry = new URL('../../dist/src/index.js', import.meta.url).pathname;

async function start(env: Record<string, string>, files: Record<string, string> = {}, cwd = temporaryDir()) {
	for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
	try {
		await run(process.execPath, [entry], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 });
		return { code: 0, stderr: '', stdout: '' };
	} catch (error) {
		const failed = error as { code: number; stderr: string; stdout: string };
		return { code: failed.code, stderr: failed.stderr, stdout: failed.stdout };
	}
}

function temporaryDir(): string {
	return mkdtempSync(join(tmpdir(), 'rostro-bot-start-'));
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

describe('starting when something it needs fails', () => {
	let discord: FakeDiscord;
	let occupied: Server;
	let occupiedPort: number;

	beforeAll(async () => {
		discord = await startFakeDiscord();
		occupied = createServer();
		await new Promise<void>((resolve) => occupied.listen(0, '127.0.0.1', resolve));
		occupiedPort = (occupied.address() as { port: number }).port;
	});
	afterAll(async () => {
		occupied?.close();
		await discord?.close();
	});

	/** Runs the bot at the default log level and checks it ends with one line and no stack. */
	async function failure(env: Record<string, string>, cwd = temporaryDir()) {
		const base = { DISCORD_TOKEN: discord.botToken, DISCORD_API_URL: discord.apiUrl };
		const { code, stderr, stdout } = await start({ ...base, ...env }, {}, cwd);
		expect(code).toBe(1);
		expect(stderr.trim().split('\n')).toHaveLength(1);
		expect(`${stdout}${stderr}`).not.toMatch(/"stack"|\bat (async )?\S+ \(\S+:\d+:\d+\)/); // no stack frames
		return stderr.trim();
	}

	it('reports sqlite:// without a file as a setting, before starting anything', async () => {
		const { code, stderr } = await start({ DISCORD_TOKEN: 'x', STORAGE_URL: 'sqlite://' });
		expect(code).toBe(1);
		expect(stderr).toMatch(/^\s+STORAGE_URL: .*sqlite:\/\/data\/rostro-bot\.sqlite/m);
	});

	it('names an unreachable Redis once, with what to do', async () => {
		const secret = randomBytes(32).toString('hex');
		const line = await failure({ STORAGE_URL: 'redis://127.0.0.1:1', ROSTRO_BOT_SECRET: secret });
		expect(line).toMatch(/^rostro-bot cannot start: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+/);
		expect(line).toMatch(/check that Redis is running there and that STORAGE_URL is right\.$/);
		expect(line.match(/ECONNREFUSED|ECONNRESET|closed|Socket/g)?.length ?? 0).toBeLessThanOrEqual(1);
	});

	it('names an unreachable DISCORD_API_URL, without opening storage', async () => {
		const cwd = temporaryDir();
		const line = await failure({ DISCORD_API_URL: 'http://127.0.0.1:1/api' }, cwd);
		expect(line).toBe(
			'rostro-bot cannot start: cannot reach Discord at http://127.0.0.1:1/api (connection refused); ' +
				'check the network and DISCORD_API_URL.',
		);
		expect(existsSync(join(cwd, 'data'))).toBe(false);
	});

	it('names a health port already in use', async () => {
		const line = await failure({
			STORAGE_URL: 'sqlite://bot.sqlite',
			ROSTRO_BOT_HEALTH_PORT: String(occupiedPort),
		});
		expect(line).toBe(
			`rostro-bot cannot start: ROSTRO_BOT_HEALTH_PORT ${occupiedPort} is already in use on 127.0.0.1; ` +
				'choose another port, or stop what uses it.',
		);
	});

	it('rejects a wrong DISCORD_TOKEN before creating a database or a secret', async () => {
		const cwd = temporaryDir();
		const line = await failure({ DISCORD_TOKEN: 'not-the-token' }, cwd);
		expect(line).toBe(
			'rostro-bot cannot start: Discord rejected DISCORD_TOKEN; ' +
				'reset the token in the Developer Portal (Bot page) and update .env.',
		);
		expect(existsSync(join(cwd, 'data'))).toBe(false);
	});
});
