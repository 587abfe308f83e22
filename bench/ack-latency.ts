import { setTimeout as delay } from 'node:timers/promises';
import type { BotProcess } from '../test/e2e/bot-process.js';
import { connectServer, startWorld, type World } from '../test/e2e/world.js';
import { type FakeDiscord, startFakeDiscord } from '../test/fakes/discord/index.js';
import type { InteractionHandle } from '../test/fakes/discord/interactions/driver.js';
import { buildBareClient, cpuMs, healthPort, machineCpuMs, startBareClient } from './processes.js';
import { summarize } from './stats.js';

/** How fast interactions arrive, and for how long. */
export interface Load {
	perSecond: number;
	seconds: number;
}

/**
 * Acknowledgement latency at one load, the client's CPU time per interaction, the benchmark's own
 * (the fake Discord, the Rostro simulator and the load), how busy the whole machine was while the
 * load ran, and the Discord 429s seen meanwhile.
 */
export interface AckResult {
	load: string;
	n: number;
	p50: number;
	p99: number;
	cpuMsPerInteraction: number;
	fakesCpuMsPerInteraction: number;
	/** Of all the machine's cores, in the second half of the load (for the bot: acks and edits at once). */
	machineBusyPercent: number;
	/** The part of that taken by neither the client nor the benchmark: other work on the machine. */
	otherWorkPercent: number;
	/** The bot's event loop, busy in the second half of the load; absent for the bare client. */
	loopBusyPercent?: number;
	discord429s: number;
}

/** Before each measured load, the same load unmeasured: JIT, connection pools and caches warm. */
const WARM_UP_SECONDS = 1;

/** The event loop's working and waiting time so far, as the bot's `/healthz` counts them. */
export type LoopTime = { busyMs: number; idleMs: number };

/** Reads the bot's event-loop counters from its health server. */
export async function loopTime(port: number): Promise<LoopTime> {
	const response = await fetch(`http://127.0.0.1:${port}/healthz`);
	return ((await response.json()) as { eventLoop: LoopTime }).eventLoop;
}

function loopBusyPercent(from: LoopTime, to: LoopTime): number {
	const busy = to.busyMs - from.busyMs;
	const all = busy + to.idleMs - from.idleMs;
	return all > 0 ? Math.round((busy / all) * 100) : 0;
}

/** The benchmark process's own CPU time so far (the fake Discord, the Rostro simulator, the load), in ms. */
const fakesCpuMs = () => {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1000;
};

/** CPU time so far, in ms: the machine's, and the part the client and the benchmark used. */
function cpuNow(pid: number | undefined) {
	return { ...machineCpuMs(), ownMs: cpuMs(pid) + fakesCpuMs() };
}

/** How busy the machine was between two readings, and how much of that was other work. */
function machineShare(from: ReturnType<typeof cpuNow>, to: ReturnType<typeof cpuNow>) {
	const all = to.allMs - from.allMs;
	const percent = (ms: number) => (all > 0 ? Math.max(0, Math.round((ms / all) * 100)) : 0);
	const busy = to.busyMs - from.busyMs;
	return { machineBusyPercent: percent(busy), otherWorkPercent: percent(busy - (to.ownMs - from.ownMs)) };
}

/**
 * Fires interactions at a steady rate; resolves with them and when each was sent, and with how
 * busy the machine (and, given `loop`, the bot's event loop) was in the second half.
 */
async function fireAt(
	load: Load,
	fire: (index: number) => InteractionHandle,
	{ pid, firstIndex = 0, loop }: { pid: number | undefined; firstIndex?: number; loop?: MeasureOptions['loop'] },
) {
	const sent: { handle: InteractionHandle; at: number }[] = [];
	const total = load.perSecond * load.seconds;
	const interval = 1000 / load.perSecond;
	const start = Date.now();
	let cpuHalfway = cpuNow(pid);
	let loopHalfway: Promise<LoopTime> | undefined;
	for (let index = 0; index < total; index++) {
		const due = start + index * interval;
		if (due > Date.now()) await delay(due - Date.now());
		if (index === Math.floor(total / 2)) {
			cpuHalfway = cpuNow(pid);
			loopHalfway = loop?.();
		}
		sent.push({ at: Date.now(), handle: fire(firstIndex + index) });
	}
	const share = machineShare(cpuHalfway, cpuNow(pid));
	const loopEnd = loop?.();
	const loopBusy = loopHalfway && loopEnd ? loopBusyPercent(await loopHalfway, await loopEnd) : undefined;
	return { sent, ...share, loopBusyPercent: loopBusy };
}

interface MeasureOptions {
	settled?: (handle: InteractionHandle) => Promise<unknown>;
	loop?: () => Promise<LoopTime>;
}

/**
 * Fires interactions at a steady rate and measures the time until each was acknowledged; then
 * waits for whatever else `settled` expects (the bot's edits) before counting the client's CPU
 * time, which the machine's other work does not inflate as it does latency, and Discord's 429s.
 * `loop` reads the bot's event-loop counters.
 */
export async function measureAcks(
	discord: FakeDiscord,
	client: BotProcess,
	load: Load,
	fire: (index: number) => InteractionHandle,
	{ settled = async () => undefined, loop }: MeasureOptions = {},
): Promise<AckResult> {
	// Numbered after the measured interactions, so a "cold" measurement stays cold.
	const warmUp = await fireAt({ ...load, seconds: WARM_UP_SECONDS }, fire, {
		pid: client.pid,
		firstIndex: load.perSecond * load.seconds,
	});
	await Promise.all(warmUp.sent.map(({ handle }) => settled(handle)));

	const callsBefore = discord.calls.length;
	const cpuBefore = cpuMs(client.pid);
	const fakesBefore = fakesCpuMs();
	const { sent, ...shares } = await fireAt(load, fire, { pid: client.pid, loop });
	const latencies = await Promise.all(
		sent.map(async ({ handle, at }) => {
			const response = await discord.waitForResponse(handle, (r) => r.kind === 'callback', 30_000);
			return response.at - at;
		}),
	);
	await Promise.all(sent.map(({ handle }) => settled(handle)));
	const perInteraction = (ms: number) => Math.round((ms / sent.length) * 100) / 100;
	const cpuMsPerInteraction = perInteraction(cpuMs(client.pid) - cpuBefore);
	const fakesCpuMsPerInteraction = perInteraction(fakesCpuMs() - fakesBefore);
	const discord429s = discord.calls.slice(callsBefore).filter((call) => call.status === 429).length;
	const measured = { cpuMsPerInteraction, fakesCpuMsPerInteraction, ...shares, discord429s };
	return { load: `${load.perSecond}/s`, ...summarize(latencies), ...measured };
}

/** The floor: a bare discord.js client in its own process that only defers every command. */
export async function bareClientAck(loads: Load[]): Promise<AckResult[]> {
	buildBareClient();
	const discord = await startFakeDiscord();
	const client = await startBareClient(discord, 'default');
	const user = discord.guild.users.member;
	const results: AckResult[] = [];
	for (const load of loads) {
		results.push(await measureAcks(discord, client, load, () => discord.slash('help', {}, { user })));
	}
	await client.stop();
	await discord.close();
	return results;
}

/** The real bot, its server connected to Rostro; `readyMs` from its process's start to READY. */
export async function startBenchBot(): Promise<{ world: World; readyMs: number; port: number }> {
	const world = await startWorld({ LOG_LEVEL: 'info', ROSTRO_BOT_HEALTH_PORT: '0' });
	const readyMs = Date.now() - world.bot.startedAt;
	const port = await healthPort(world.bot);
	await connectServer(world);
	return { world, readyMs, port };
}

/**
 * The real bot: `/account status` defers, then waits on a Rostro that takes 2 s to answer, then
 * edits its reply; each load's edits are all done before the next load starts. `port`: its
 * health server, which tells how busy its event loop was.
 */
export async function botAck(world: World, loads: Load[], port: number): Promise<AckResult[]> {
	const { discord, rostro } = world;
	const user = discord.guild.users.member;
	const edited = (handle: InteractionHandle) =>
		discord.waitForResponse(handle, (r) => r.kind === 'editOriginal', 60_000);
	const results: AckResult[] = [];
	for (const load of loads) {
		const calls = load.perSecond * (WARM_UP_SECONDS + load.seconds);
		rostro.fault({ method: 'GET', path: '/api/account' }, { latencyMs: 2_000 }, calls);
		const fire = () => discord.slash('account', {}, { user, subcommand: 'status' });
		results.push(await measureAcks(discord, world.bot, load, fire, { settled: edited, loop: () => loopTime(port) }));
	}
	return results;
}

/** The bot's acknowledgement path alone: `/help`, answered at once with nothing to do after it. */
export async function botHelpAck(world: World, load: Load, port: number): Promise<AckResult> {
	const { discord } = world;
	const user = discord.guild.users.member;
	const help = () => discord.slash('help', {}, { user });
	const result = await measureAcks(discord, world.bot, load, help, { loop: () => loopTime(port) });
	return { ...result, load: `${result.load} /help` };
}
