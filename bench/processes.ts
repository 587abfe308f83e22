import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import ts from 'typescript';
import { BotProcess } from '../test/e2e/bot-process.js';
import type { FakeDiscord } from '../test/fakes/discord/index.js';

const bareSource = new URL('./bare-client.ts', import.meta.url);
const bareBuilt = new URL('../dist/bench/bare-client.js', import.meta.url);

/** Memory of a process, in MB: resident (Linux's count) and the V8 heap in use. */
export interface Memory {
	rssMb: number;
	heapMb: number;
}

const round = (mb: number) => Math.round(mb * 10) / 10;

/** The resident memory of a process, in MB, as Linux reports it. */
export function rssMb(pid: number | undefined): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? Number.NaN);
	return round(kb / 1024);
}

const TICKS_PER_SECOND = 100; // Linux's USER_HZ, which /proc reports CPU time in

/** The CPU time a process has used so far, user and system, in ms (from /proc). */
export function cpuMs(pid: number | undefined): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** The machine's CPU time so far, in ms summed over every core: busy, and in all (from /proc/stat). */
export function machineCpuMs(): { busyMs: number; allMs: number } {
	const [, ...fields] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
	const ticks = fields.map(Number);
	const all = ticks.reduce((sum, tick) => sum + tick, 0);
	const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0); // idle and iowait
	const toMs = (count: number) => (count * 1000) / TICKS_PER_SECOND;
	return { busyMs: toMs(all - idle), allMs: toMs(all) };
}

/**
 * Builds the bare client into dist/bench, beside the built bot whose client options it imports,
 * so it runs under plain `node` like the bot: a TypeScript loader would add its own memory.
 */
export function buildBareClient(): void {
	const { outputText } = ts.transpileModule(readFileSync(bareSource, 'utf8'), {
		compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
	});
	mkdirSync(new URL('.', bareBuilt), { recursive: true });
	writeFileSync(bareBuilt, outputText);
}

/** A bare discord.js client process logged in to the fake, with discord.js's default caches or the bot's. */
export async function startBareClient(discord: FakeDiscord, caches: 'default' | 'limited'): Promise<BotProcess> {
	const env = {
		DISCORD_TOKEN: discord.botToken,
		DISCORD_API_URL: discord.apiUrl,
		BENCH_BARE_CACHES: caches,
		NODE_OPTIONS: '--expose-gc',
		LOG_LEVEL: 'info',
	};
	const client = new BotProcess(env, bareBuilt.pathname);
	await client.waitForLog((line) => line.msg === 'ready', 120_000);
	return client;
}

/** A bare client's memory after a full collection, which it runs when sent SIGUSR2. */
export async function bareMemory(client: BotProcess): Promise<Memory> {
	const seen = client.logs.length;
	process.kill(client.pid as number, 'SIGUSR2');
	const line = await client.waitForLog((entry) => entry.msg === 'collected' && client.logs.indexOf(entry) >= seen);
	return { rssMb: rssMb(client.pid), heapMb: line.heapUsedMb as number };
}

/** The bot's port for `GET /healthz`, once it listens (the bot must run with ROSTRO_BOT_HEALTH_PORT=0). */
export async function healthPort(bot: BotProcess): Promise<number> {
	const listening = await bot.waitForLog((line) => line.msg === 'health server listening', 120_000);
	return listening.port as number;
}

/**
 * The bot's memory, read through `GET /healthz`; with `collect`, after a full collection (the bot
 * must then run with --expose-gc, else this throws rather than report garbage as memory held).
 */
export async function botMemory(bot: BotProcess, port: number, collect = false): Promise<Memory> {
	const response = await fetch(`http://127.0.0.1:${port}/healthz${collect ? '?gc' : ''}`);
	const health = (await response.json()) as { memory: { heapUsedMb: number; collected: boolean } };
	if (collect && !health.memory.collected) throw new Error('the bot runs without --expose-gc: no heap after GC');
	return { rssMb: rssMb(bot.pid), heapMb: health.memory.heapUsedMb };
}
