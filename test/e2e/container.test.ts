import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
	chmodSync,
	chownSync,
	cpSync,
	existsSync,
	lstatSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
} from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createClient } from '@keyv/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord/index.js';
import { type RostroSimulator, startRostroSimulator } from '../fakes/rostro/index.js';
import { probeRedis, serviceUrl, skipWithout } from '../helpers/services.js';
import { BotProcess } from './bot-process.js';
import { answerText } from './world.js';

// A rehearsal of the Dockerfile and compose.yaml without Docker (no engine runs where this
// project is built). The image's final stage is laid out in a temporary directory standing for
// /app, the bot is started there as the Dockerfile's CMD starts it, as an unprivileged user like
// its `USER node`, with the environment compose.yaml sets, and compose's health check is run
// against it. Not rehearsed: building the image itself (its node:20-bookworm-slim base, and
// sqlite3 compiled there), the compose network (`redis` as a host name) and its volumes.

const run = promisify(execFile);
const repo = new URL('../../', import.meta.url).pathname;
const dockerfile = readFileSync(join(repo, 'Dockerfile'), 'utf8');
const compose = readFileSync(join(repo, 'compose.yaml'), 'utf8');
const envExample = readFileSync(join(repo, '.env.example'), 'utf8');

/** `nobody`: as unprivileged as the image's `node` user, and present on every Linux. */
const NOBODY = 65_534;
const asRoot = process.getuid?.() === 0;
const user = asRoot ? { uid: NOBODY, gid: NOBODY } : {};
if (!asRoot) {
	console.log(
		'Not running as root: the rehearsed container runs as the current user, not as an unprivileged ' +
			'one, so only the check that the app directory stays unwritten stands for `USER node`.',
	);
}

/** The final stage of the Dockerfile: what it copies from the build stage, its ENV and its CMD. */
function finalStage(text: string) {
	const stage = text.slice(text.lastIndexOf('\nFROM '));
	const copied = [...stage.matchAll(/^COPY --from=build \/app\/(\S+) /gm)].map((match) => match[1]);
	const env = Object.fromEntries([...stage.matchAll(/^ENV (\w+)=(\S+)$/gm)].map((match) => [match[1], match[2]]));
	const cmd = /^CMD (\[.*\])$/m.exec(stage)?.[1];
	return { stage, copied, env, cmd: cmd ? (JSON.parse(cmd) as string[]) : [] };
}

/** The bot service's `environment:` block of compose.yaml: `NAME: value` lines, quotes removed. */
function composeEnvironment(text: string): Record<string, string> {
	const lines = text.slice(text.indexOf('\n  bot:')).split('\n');
	const start = lines.findIndex((line) => /^\s+environment:\s*$/.test(line));
	if (start < 0) throw new Error('compose.yaml: the bot service has no environment block');
	const indent = (lines[start] as string).search(/\S/);
	const env: Record<string, string> = {};
	for (const line of lines.slice(start + 1)) {
		if (line.trim() === '') continue;
		if (line.search(/\S/) <= indent) break;
		const match = /^\s+([A-Z0-9_]+):\s*(.*?)\s*$/.exec(line);
		if (!match) throw new Error(`compose.yaml: cannot read the environment line ${line.trim()}`);
		env[match[1] as string] = (match[2] as string).replace(/^(["'])(.*)\1$/, '$2');
	}
	return env;
}

/** The bot service's `healthcheck: test:` array and `timeout:`; the array's strings are JSON-compatible. */
function composeHealthcheck(text: string): { test: string[]; timeoutMs: number } {
	const block = text.slice(text.indexOf('healthcheck:'));
	const open = block.indexOf('[', block.indexOf('test:'));
	let inString = false;
	let close = -1;
	for (let i = open; i < block.length && close < 0; i++) {
		const char = block[i];
		if (inString && char === '\\') i++;
		else if (char === '"') inString = !inString;
		else if (!inString && char === ']') close = i;
	}
	const test = JSON.parse(block.slice(open, close + 1).replace(/,\s*\]$/, ']')) as string[];
	const timeout = /^\s+timeout:\s*(\d+)s\s*$/m.exec(block)?.[1];
	return { test, timeoutMs: Number(timeout ?? 30) * 1_000 };
}

/**
 * An env file as `docker run --env-file` and compose's `env_file` read it: `NAME=value` lines,
 * comments skipped, and an empty value such as `SHARD_COUNT=` set to the empty string.
 */
function envFile(text: string): Record<string, string> {
	const lines = text.split('\n').map((line) => line.trim());
	return Object.fromEntries(
		lines
			.filter((line) => line !== '' && !line.startsWith('#'))
			.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
	);
}

const image = finalStage(dockerfile);
const composeEnv = composeEnvironment(compose);
const healthcheck = composeHealthcheck(compose);

/** Every path under the app directory but the data volume, with its size and modification time. */
function snapshot(appDir: string): string[] {
	const paths = readdirSync(appDir, { recursive: true, encoding: 'utf8' }).filter(
		(path) => path !== 'data' && !path.startsWith(`data/`),
	);
	return ['.', ...paths].sort().map((path) => {
		const stats = lstatSync(join(appDir, path));
		return `${path} ${stats.isDirectory() ? 'dir' : stats.size} ${stats.mtimeMs}`;
	});
}

async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

let appDir: string;
/** The app directory as laid out, to show that no run of the bot wrote to it. */
let pristine: string[];

beforeAll(async () => {
	appDir = mkdtempSync(join(tmpdir(), 'rostro-bot-app-'));
	chmodSync(appDir, 0o755); // as /app is; mkdtemp makes it 0700
	// The build stage: `npm ci` then `npm prune --omit=dev` for the same lockfile. The project's
	// node_modules, copied and pruned offline, is the same tree: `npm ci` installs exactly the
	// lockfile, and `prune` removes the devDependencies (and anything the lockfile does not
	// name). Only sqlite3's native build differs: it is this machine's, not the base image's.
	cpSync(join(repo, 'package.json'), join(appDir, 'package.json'));
	cpSync(join(repo, 'package-lock.json'), join(appDir, 'package-lock.json'));
	// `cp -a` (its links kept as they are) takes a third of the time fs.cpSync takes on 11,000 files.
	await run('cp', ['-a', join(repo, 'node_modules'), join(appDir, 'node_modules')]);
	await run('npm', ['prune', '--omit=dev', '--offline', '--no-audit', '--no-fund'], { cwd: appDir });
	for (const devOnly of ['typescript', 'vitest', 'tsx', 'pino-pretty']) {
		if (existsSync(join(appDir, 'node_modules', devOnly))) throw new Error(`npm prune left ${devOnly} behind`);
	}
	// The final stage: package.json, node_modules and dist (`npm run build` of src and commands).
	rmSync(join(appDir, 'package-lock.json'));
	for (const built of ['src', 'commands']) {
		cpSync(join(repo, 'dist', built), join(appDir, 'dist', built), { recursive: true });
	}
	// `RUN mkdir -p /app/data && chown node:node /app/data`; everything else stays root's.
	mkdirSync(join(appDir, 'data'));
	if (asRoot) chownSync(join(appDir, 'data'), NOBODY, NOBODY);
	pristine = snapshot(appDir);
}, 60_000);

afterAll(() => {
	if (appDir) rmSync(appDir, { recursive: true, force: true });
});

/**
 * The container's environment before compose's own `environment`: the image's ENV, then .env
 * (compose's env_file) as an admin makes it, .env.example with the fakes' settings filled in.
 * Its empty lines stay: Docker passes `SHARD_COUNT=` on as an empty SHARD_COUNT, which the bot
 * and discord.js (it reads SHARD_COUNT itself) must both take as not set.
 */
function dotEnv(discord: FakeDiscord, rostro: RostroSimulator): Record<string, string> {
	return {
		...image.env,
		...envFile(envExample),
		DISCORD_TOKEN: discord.botToken,
		DISCORD_APPLICATION_ID: discord.applicationId,
		DISCORD_API_URL: discord.apiUrl,
		DISCORD_DEV_GUILD_ID: discord.guild.id,
		ROSTRO_API_URL: rostro.url,
	};
}

/** `docker compose run --rm bot node dist/src/scripts/deploy.js`: registers the commands from the image. */
async function deploy(env: Record<string, string>): Promise<void> {
	await run(process.execPath, ['dist/src/scripts/deploy.js'], {
		cwd: appDir,
		env: { PATH: process.env.PATH ?? '', ...env },
		...user,
	});
}

/** The container's main process: the Dockerfile's CMD, run from /app as its user. */
function startContainer(env: Record<string, string>): BotProcess {
	const [command, script] = image.cmd;
	if (command !== 'node' || !script) throw new Error(`unexpected CMD ${JSON.stringify(image.cmd)}`);
	return new BotProcess(env, script, { cwd: appDir, ...user });
}

/** The uid the process runs as, from /proc (Linux). */
function uidOf(bot: BotProcess): number | undefined {
	const status = `/proc/${bot.pid}/status`;
	if (!existsSync(status)) return undefined;
	return Number(/^Uid:\s+(\d+)/m.exec(readFileSync(status, 'utf8'))?.[1]);
}

async function help(discord: FakeDiscord): Promise<string> {
	return answerText(discord, discord.slash('help', {}, { user: discord.guild.users.member }));
}

describe('the Dockerfile and compose.yaml, as this rehearsal reads them', () => {
	it('has the final stage this test lays out, and the health check it runs', () => {
		expect(image.copied).toEqual(['package.json', 'node_modules', 'dist']);
		expect(image.stage).toMatch(/^USER node$/m);
		expect(image.stage).toMatch(/^WORKDIR \/app$/m);
		expect(image.stage).toMatch(/^RUN mkdir -p \/app\/data && chown node:node \/app\/data$/m);
		expect(image.env).toEqual({ NODE_ENV: 'production' });
		expect(image.cmd).toEqual(['node', 'dist/src/index.js']);
		expect(dockerfile).toMatch(/npm ci\b[\s\S]*npm run build && npm prune --omit=dev/);
		expect(composeEnv).toMatchObject({
			STORAGE_URL: 'redis://redis:6379',
			ROSTRO_BOT_HEALTH_HOST: '0.0.0.0',
			ROSTRO_BOT_HEALTH_PORT: expect.stringMatching(/^\d+$/),
		});
		expect(healthcheck.test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
		expect(healthcheck.test[3]).toContain(`:${composeEnv.ROSTRO_BOT_HEALTH_PORT}/healthz`);
	});
});

const redis = await probeRedis();

describe.skipIf(skipWithout(redis))('the image as compose.yaml runs it, with Redis', () => {
	const prefix = `container-${randomBytes(4).toString('hex')}-`;
	let discord: FakeDiscord;
	let rostro: RostroSimulator;
	let bot: BotProcess;
	let port: number;

	/** compose's health check, as Docker runs it: in the container, as its user, within its timeout. */
	async function runHealthcheck(): Promise<number> {
		const [, , ...args] = healthcheck.test; // "CMD", "node": this node
		const script = (args[1] as string).replace(`:${composeEnv.ROSTRO_BOT_HEALTH_PORT}/`, `:${port}/`);
		try {
			await run(process.execPath, [args[0] as string, script], {
				cwd: appDir,
				env: { PATH: process.env.PATH ?? '' },
				timeout: healthcheck.timeoutMs,
				...user,
			});
			return 0;
		} catch (error) {
			const { code } = error as { code?: unknown };
			return typeof code === 'number' ? code : -1; // killed at the timeout
		}
	}

	beforeAll(async () => {
		[discord, rostro] = await Promise.all([startFakeDiscord(), startRostroSimulator()]);
		port = await freePort();
		const env: Record<string, string> = {
			...dotEnv(discord, rostro),
			ROSTRO_BOT_SECRET: randomBytes(32).toString('hex'),
			...composeEnv,
			// The compose network's `redis` is this machine's Redis; this run's keys only.
			STORAGE_URL: serviceUrl(redis),
			ROSTRO_BOT_STORAGE_PREFIX: prefix,
			// A free port rather than compose's, so runs never collide; the health check follows it.
			ROSTRO_BOT_HEALTH_PORT: String(port),
		};
		// .env.example's empty lines, passed on as Docker does: the bot must start with them.
		expect(env.SHARD_COUNT).toBe('');
		await deploy(env);
		bot = startContainer(env);
	}, 60_000);

	afterAll(async () => {
		await bot?.stop();
		await Promise.all([discord?.close(), rostro?.close()]);
		if (redis.url) {
			const client = createClient({ url: redis.url });
			await client.connect();
			const keys: string[] = [];
			for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) keys.push(...batch);
			if (keys.length > 0) await client.unlink(keys);
			await client.close();
		}
	});

	it('reaches READY from /app, as the unprivileged user, with the health server on every address', async () => {
		const listening = await bot.waitForLog((line) => line.msg === 'health server listening');
		expect(listening).toMatchObject({ host: '0.0.0.0', port });
		await bot.ready();
		if (asRoot) expect(uidOf(bot)).toBe(NOBODY);
	});

	it('answers a slash command', async () => {
		expect(await help(discord)).toMatch(/\/help/);
	});

	it("passes compose's health check while it runs, and fails it once stopped", async () => {
		expect(await runHealthcheck()).toBe(0);
		expect(await bot.stop()).toBe(0);
		expect(await runHealthcheck()).not.toBe(0);
		expect(bot.problems()).toEqual([]);
	});
});

describe('the image with its default storage: SQLite in the /app/data volume', () => {
	let discord: FakeDiscord;
	let rostro: RostroSimulator;
	let bot: BotProcess;

	beforeAll(async () => {
		[discord, rostro] = await Promise.all([startFakeDiscord(), startRostroSimulator()]);
		// `docker run --env-file .env -v rostro-data:/app/data`, with no STORAGE_URL (.env.example
		// names the default) and no ROSTRO_BOT_SECRET: the bot keeps its database and secret.key in data/.
		const { STORAGE_URL: _default, ...env } = dotEnv(discord, rostro);
		await deploy(env);
		bot = startContainer(env);
	}, 60_000);

	afterAll(async () => {
		await bot?.stop();
		await Promise.all([discord?.close(), rostro?.close()]);
	});

	it('creates its database and secret in the data volume, as the unprivileged user, and answers', async () => {
		await bot.ready();
		expect(await help(discord)).toMatch(/\/help/);

		const data = join(appDir, 'data');
		expect(readdirSync(data)).toEqual(expect.arrayContaining(['rostro-bot.sqlite', 'secret.key']));
		if (asRoot) {
			for (const file of readdirSync(data)) expect(statSync(join(data, file)).uid).toBe(NOBODY);
		}
		expect(await bot.stop()).toBe(0);
		expect(bot.problems()).toEqual([]);
	});

	it('leaves the app directory itself unwritten, in this run and the one with Redis', () => {
		expect(snapshot(appDir)).toEqual(pristine);
	});
});
