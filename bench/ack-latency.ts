import { setTimeout as delay } from 'node:timers/promises';
import type { BotProcess } from '../test/e2e/bot-process.js';
import { connectServer, startWorld, type World } from '../test/e2e/world.js';
import { type FakeDiscord, startFakeDiscord } from '../test/fakes/discord/index.js';
import type { InteractionHandle } from '../test/fakes/discord/interactions/driver.js';
import { buildBareClient, cpuMs, startBareClient } from './processes.js';
import { summarize } from './stats.js';

/** How fast interactions arrive, and for how long. */
export interface Load {
	perSecond: number;
	seconds: number;
}

/** Acknowledgement latency at one load, the client's CPU time per interaction, and the Discord 429s seen meanwhile. */
export interface AckResult {
	load: string;
	n: number;
	p50: number;
	p99: number;
	cpuMsPerInteraction: number;
	discord429s: number;
}

/** Fires interactions at a steady rate; resolves with them and when each was sent. */
async function fireAt(load: Load, fire: (index: number) => InteractionHandle) {
	const sent: { handle: InteractionHandle; at: number }[] = [];
	const total = load.perSecond * load.seconds;
	const interval = 1000 / load.perSecond;
	const start = Date.now();
	for (let index = 0; index < total; index++) {
		const due = start + index * interval;
		if (due > Date.now()) await delay(due - Date.now());
		sent.push({ at: Date.now(), handle: fire(index) });
	}
	return sent;
}

/**
 * Fires interactions at a steady rate and measures the time until each was acknowledged; then
 * waits for whatever else `settled` expects (the bot's edits) before counting the client's CPU
 * time, which the machine's other work does not inflate as it does latency, and Discord's 429s.
 */
export async function measureAcks(
	discord: FakeDiscord,
	client: BotProcess,
	load: Load,
	fire: (index: number) => InteractionHandle,
	settled: (handle: InteractionHandle) => Promise<unknown> = async () => undefined,
): Promise<AckResult> {
	const callsBefore = discord.calls.length;
	const cpuBefore = cpuMs(client.pid);
	const sent = await fireAt(load, fire);
	const latencies = await Promise.all(
		sent.map(async ({ handle, at }) => {
			const response = await discord.waitForResponse(handle, (r) => r.kind === 'callback', 30_000);
			return response.at - at;
		}),
	);
	await Promise.all(sent.map(({ handle }) => settled(handle)));
	const cpuMsPerInteraction = Math.round(((cpuMs(client.pid) - cpuBefore) / sent.length) * 100) / 100;
	const discord429s = discord.calls.slice(callsBefore).filter((call) => call.status === 429).length;
	return { load: `${load.perSecond}/s`, ...summarize(latencies), cpuMsPerInteraction, discord429s };
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
export async function startBenchBot(): Promise<{ world: World; readyMs: number }> {
	const world = await startWorld({ LOG_LEVEL: 'info', ROSTRO_BOT_HEALTH_PORT: '0' });
	const readyMs = Date.now() - world.bot.startedAt;
	await connectServer(world);
	return { world, readyMs };
}

/**
 * The real bot: `/account status` defers, then waits on a Rostro that takes 2 s to answer, then
 * edits its reply; each load's edits are all done before the next load starts.
 */
export async function botAck(world: World, loads: Load[]): Promise<AckResult[]> {
	const { discord, rostro } = world;
	const user = discord.guild.users.member;
	const edited = (handle: InteractionHandle) =>
		discord.waitForResponse(handle, (r) => r.kind === 'editOriginal', 60_000);
	const results: AckResult[] = [];
	for (const load of loads) {
		rostro.fault({ method: 'GET', path: '/api/account' }, { latencyMs: 2_000 }, load.perSecond * load.seconds);
		const fire = () => discord.slash('account', {}, { user, subcommand: 'status' });
		results.push(await measureAcks(discord, world.bot, load, fire, edited));
	}
	return results;
}

/** The bot's acknowledgement path alone: `/help`, answered at once with nothing to do after it. */
export async function botHelpAck(world: World, load: Load): Promise<AckResult> {
	const { discord } = world;
	const user = discord.guild.users.member;
	const result = await measureAcks(discord, world.bot, load, () => discord.slash('help', {}, { user }));
	return { ...result, load: `${result.load} /help` };
}
