import { setTimeout as delay } from 'node:timers/promises';
import type { APIChannel } from 'discord.js';
import type { BotProcess } from '../test/e2e/bot-process.js';
import { answerText, startWorld, type World } from '../test/e2e/world.js';
import { type FakeDiscord, type InteractionHandle, startFakeDiscord } from '../test/fakes/discord/index.js';
import { bareMemory, botMemory, buildBareClient, healthPort, type Memory, startBareClient } from './processes.js';

/** The benchmark server: 2,500 guilds of 20 channels, 15 roles, 50 members and 20 emojis. */
const GUILDS = { count: 2_500, channels: 20, roles: 15, members: 50, emojis: 20 };
const SESSIONS = 1_000;
const SESSIONS_PER_SECOND = 50;
const INTERACTIONS = 10_000;
/** Interactions of the same kinds first, so what grows once (pools, compiled code, caches filling) is not counted. */
const WARM_UP_INTERACTIONS = 2_000;
const INTERACTIONS_PER_SECOND = 250;
/** After READY, before measuring: the clients finish their own start-up work. */
const SETTLE_MS = 3_000;
const CHARACTER = 'creator_a/ari-the-cartographer';

/** One process's memory after READY and how long it took to get there. */
export interface ClientMemory extends Memory {
	client: string;
	readyMs: number;
}

const sinceStart = (process: BotProcess) => Date.now() - process.startedAt;
const secondsSince = (at: number) => Math.round((Date.now() - at) / 100) / 10;

async function measureBare(discord: FakeDiscord, caches: 'default' | 'limited', label: string) {
	const client = await startBareClient(discord, caches);
	const readyMs = sinceStart(client);
	await delay(SETTLE_MS);
	const memory = await bareMemory(client);
	await client.stop();
	return { client: label, readyMs, ...memory };
}

/** The general channel of each of the first `count` benchmark guilds, asked of the fake's REST API. */
async function generalChannels(discord: FakeDiscord, count: number): Promise<string[]> {
	const headers = { authorization: `Bot ${discord.botToken}` };
	return Promise.all(
		discord.extraGuildIds.slice(0, count).map(async (guildId) => {
			const response = await fetch(`${discord.apiUrl}/v10/guilds/${guildId}/channels`, { headers });
			const channels = (await response.json()) as APIChannel[];
			return (channels.find((channel) => channel.name === 'general') as APIChannel).id;
		}),
	);
}

/** Fires `count` interactions at `perSecond`, then waits until every one was answered as `done` says. */
async function paced(
	count: number,
	perSecond: number,
	fire: (index: number) => InteractionHandle,
	done: (handle: InteractionHandle, index: number) => Promise<unknown>,
): Promise<unknown[]> {
	const start = Date.now();
	const pending: Promise<unknown>[] = [];
	for (let index = 0; index < count; index++) {
		const due = start + (index * 1000) / perSecond;
		if (due > Date.now()) await delay(due - Date.now());
		pending.push(done(fire(index), index));
	}
	return Promise.all(pending);
}

/** 1,000 chat sessions, one per guild, each started by the owner, who linked a Rostro token of their own. */
async function startSessions(world: World, channels: string[]): Promise<string[]> {
	const { discord, rostro } = world;
	const owner = discord.guild.users.owner;
	await discord.waitForResponse(discord.slash('account', {}, { user: owner, subcommand: 'link' }));
	await answerText(discord, discord.modalSubmit('account:link', { token: rostro.tokens.creatorA }, { user: owner }));

	const start = (index: number) =>
		discord.slash(
			'chat',
			{ character: CHARACTER },
			{ user: owner, subcommand: 'start', channelId: channels[index] as string },
		);
	const threadOf = async (handle: InteractionHandle) => {
		const answer = await answerText(discord, handle, 120_000);
		const threadId = answer.match(/<#(\d+)>/)?.[1];
		if (!threadId) throw new Error(`a chat did not start: ${answer}`);
		return threadId;
	};
	return (await paced(SESSIONS, SESSIONS_PER_SECOND, start, threadOf)) as string[];
}

/**
 * 10,000 interactions over the guilds with sessions, four kinds in turn: `/help`, a character
 * suggestion, `/chat info` in a session's thread, and `/account status` (Rostro, then an edit).
 */
async function interact(world: World, channels: string[], threads: string[], count: number): Promise<void> {
	const { discord } = world;
	const user = discord.guild.users.owner;
	const kinds = [
		(index: number) => discord.slash('help', {}, { user, channelId: channels[index % channels.length] as string }),
		(index: number) =>
			discord.autocomplete(
				'chat',
				'character',
				{ character: `query ${index % 200}` },
				{ user, subcommand: 'start', channelId: channels[index % channels.length] as string },
			),
		(index: number) =>
			discord.slash('chat', {}, { user, subcommand: 'info', channelId: threads[index % threads.length] as string }),
		(index: number) =>
			discord.slash(
				'account',
				{},
				{ user, subcommand: 'status', channelId: channels[index % channels.length] as string },
			),
	];
	const fire = (index: number) => (kinds[index % kinds.length] as (index: number) => InteractionHandle)(index);
	// `/account status` is done once its reply is edited; the others once acknowledged.
	const done = (handle: InteractionHandle, index: number) =>
		discord.waitForResponse(handle, (r) => (index % kinds.length === 3 ? r.kind === 'editOriginal' : true), 60_000);
	await paced(count, INTERACTIONS_PER_SECOND, fire, done);
}

/**
 * Memory with 2,500 guilds, each client alone in its own process against one fake Discord:
 * a bare discord.js client with default caches, one with the bot's own client options, then
 * the bot; each measured after a full collection, a few seconds after READY. Then the bot
 * again after 1,000 chat sessions, after 2,000 interactions, and after 10,000 more: the growth
 * is over those 10,000.
 */
export async function memoryBench() {
	buildBareClient();
	const discord = await startFakeDiscord({ guilds: GUILDS });
	const clients: ClientMemory[] = [
		await measureBare(discord, 'default', 'bare, default caches'),
		await measureBare(discord, 'limited', 'bare, caches as the bot’s'),
	];

	const env = { LOG_LEVEL: 'info', ROSTRO_BOT_HEALTH_PORT: '0', NODE_OPTIONS: '--expose-gc' };
	const world = await startWorld(env, { discord });
	const readyMs = sinceStart(world.bot);
	const port = await healthPort(world.bot);
	await delay(SETTLE_MS);
	clients.push({ client: 'bot', readyMs, ...(await botMemory(world.bot, port, true)) });

	const channels = await generalChannels(discord, SESSIONS);
	const sessionsStarted = Date.now();
	const threads = await startSessions(world, channels);
	const sessionSeconds = secondsSince(sessionsStarted);
	await delay(SETTLE_MS);
	const afterSessions = await botMemory(world.bot, port, true);

	const warmUpStarted = Date.now();
	await interact(world, channels, threads, WARM_UP_INTERACTIONS);
	const warmUpSeconds = secondsSince(warmUpStarted);
	await delay(SETTLE_MS);
	const warmedUp = await botMemory(world.bot, port, true);
	const interactionsStarted = Date.now();
	await interact(world, channels, threads, INTERACTIONS);
	const interactionSeconds = secondsSince(interactionsStarted);
	await delay(SETTLE_MS);
	const afterInteractions = await botMemory(world.bot, port, true);
	const problems = world.bot.problems().length;
	const discord429s = discord.calls.filter((call) => call.status === 429).length;
	await world.close();

	const growth = (afterInteractions.rssMb - warmedUp.rssMb) / warmedUp.rssMb;
	return {
		guilds: GUILDS.count + 1,
		interactions: INTERACTIONS,
		growthPercent: Math.round(growth * 1000) / 10,
		clients,
		bot: [
			{ when: 'after READY', ...(clients.at(-1) as ClientMemory), seconds: 0 },
			{ when: `after ${SESSIONS} chat sessions`, ...afterSessions, seconds: sessionSeconds },
			{ when: `after ${WARM_UP_INTERACTIONS} interactions`, ...warmedUp, seconds: warmUpSeconds },
			{ when: `after ${INTERACTIONS} interactions more`, ...afterInteractions, seconds: interactionSeconds },
		].map(({ when, rssMb, heapMb, seconds }) => ({ when, rssMb, heapMb, seconds })),
		botErrorsLogged: problems,
		discord429s,
	};
}
