import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { createClient } from '@keyv/redis';
import type { APIMessage, APIUser } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	type AddedGuild,
	type FakeDiscord,
	type InteractionHandle,
	type InteractionResponse,
	startFakeDiscord,
} from '../fakes/discord/index.js';
import { shardOf } from '../fakes/discord/snowflake.js';
import { type RostroSimulator, startRostroSimulator } from '../fakes/rostro/index.js';
import { probePostgres, probeRedis, type ServiceProbe, serviceUrl, skipWithout } from '../helpers/services.js';
import { BotProcess, type LogLine } from './bot-process.js';

// Two bot processes, one per shard of two, against one fake Discord and one shared storage
// (Redis, then PostgreSQL), as shards spread over two machines would run: SHARD_COUNT=2
// everywhere, SHARD_IDS=0 on one and 1 on the other, the same STORAGE_URL and secret. Discord
// sends a guild's events and interactions only to the shard (guild_id >> 22) % 2, so each
// process must serve exactly its guilds, and whatever is counted or remembered must live in the
// shared storage, where the other process (or the next one to hold the shard) finds it.

const [redis, postgres] = await Promise.all([probeRedis(), probePostgres()]);

const run = promisify(execFile);
const deployScript = new URL('../../dist/src/scripts/deploy.js', import.meta.url).pathname;
const SHARDS = 2;
const RESULT_TIMEOUT_MS = 40_000;

let discord: FakeDiscord;
let rostro: RostroSimulator;
let env: Record<string, string>;
/** The process running each shard: `bots[shard]`. */
let bots: BotProcess[] = [];
/** Guilds added while both processes run, by the shard that owns them; at least two each. */
const owned: AddedGuild[][] = [[], []];
const everyBot: BotProcess[] = [];

function shardOfGuild(guildId: string): number {
	return shardOf(guildId, SHARDS);
}

function startShard(shard: number): BotProcess {
	const bot = new BotProcess({ ...env, SHARD_COUNT: String(SHARDS), SHARD_IDS: String(shard) });
	everyBot.push(bot);
	return bot;
}

/** Adds guilds until each shard owns two; a guild id's shard follows the millisecond it was made. */
async function addGuildsOnBothShards(): Promise<void> {
	for (let attempt = 0; attempt < 40 && owned.some((guilds) => guilds.length < 2); attempt++) {
		const guild = discord.addGuild({ name: `Scale Guild ${attempt + 1}` });
		owned[shardOfGuild(guild.id)]?.push(guild);
		await delay(1 + (attempt % 3));
	}
	if (owned.some((guilds) => guilds.length < 2)) throw new Error('could not place two guilds on each shard');
}

function allGuilds(): AddedGuild[] {
	return owned.flat();
}

/** Deletes every key this run wrote: they all start with its prefix. */
async function wipeRedis(url: string, prefix: string): Promise<void> {
	const client = createClient({ url });
	await client.connect();
	const keys: string[] = [];
	for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) keys.push(...batch);
	if (keys.length > 0) await client.unlink(keys);
	await client.close();
}

interface PgClient {
	connect(): Promise<void>;
	query(sql: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
	end(): Promise<void>;
}

// pg comes with @keyv/postgres and ships no types; this names the little the clean-up uses.
const pg = createRequire(import.meta.url)('pg') as { Client: new (config: { connectionString: string }) => PgClient };

/**
 * Deletes every row this run wrote. The PostgreSQL backend (src/store/backends/postgres.ts and
 * sql-counters.ts) files records in `rostro_bot` as `<prefix><namespace>:<key>` and counters in
 * `rostro_bot_counters` as `<prefix><key>`: both start with the run's prefix.
 */
async function wipePostgres(url: string, prefix: string): Promise<void> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		for (const table of ['rostro_bot', 'rostro_bot_counters']) {
			// to_regclass: a run that failed before any bot started has no tables to clean.
			const { rows } = await client.query('SELECT to_regclass($1) AS t', [`public.${table}`]);
			if (!rows[0]?.t) continue;
			await client.query(`DELETE FROM public.${table} WHERE left(key, length($1::text)) = $1::text`, [prefix]);
		}
	} finally {
		await client.end();
	}
}

/** A storage both processes share; `wipe` deletes exactly the keys under one run's prefix. */
interface SharedStorage {
	name: string;
	probe: ServiceProbe;
	wipe(url: string, prefix: string): Promise<void>;
}

const storages: SharedStorage[] = [
	{ name: 'Redis', probe: redis, wipe: wipeRedis },
	{ name: 'PostgreSQL', probe: postgres, wipe: wipePostgres },
];

function logsOf(bot: BotProcess, msg: string, match: (line: LogLine) => boolean = () => true): LogLine[] {
	return bot.logs.filter((line) => line.msg === msg && match(line));
}

function contentOf(response: InteractionResponse): string {
	const body = response.body as { content?: string; data?: { content?: string } } | undefined;
	return body?.data?.content ?? body?.content ?? '';
}

/** Waits for an answer to the interaction whose text matches. */
async function answered(handle: InteractionHandle, pattern: RegExp): Promise<string> {
	const response = await discord.waitForResponse(handle, (r) => pattern.test(contentOf(r)), RESULT_TIMEOUT_MS);
	return contentOf(response);
}

function spoken(handle: InteractionHandle): Promise<InteractionResponse> {
	return discord.waitForResponse(
		handle,
		(response) => response.kind === 'editOriginal' && response.files.length > 0,
		RESULT_TIMEOUT_MS,
	);
}

function tts(guild: AddedGuild, user: APIUser, text: string): InteractionHandle {
	return discord.slash('tts', { text }, { user, channelId: guild.channels.general });
}

async function setup(guild: AddedGuild, subcommand: string, options: Record<string, string | number>) {
	const handle = discord.slash('setup', options, {
		user: guild.users.admin,
		subcommand,
		channelId: guild.channels.general,
	});
	return answered(handle, /./);
}

const QUOTA_REFUSAL = /^You have used tts 2 times today, this server's daily limit; try again <t:\d+:R>\.$/;

for (const { name, probe, wipe } of storages)
	describe.skipIf(skipWithout(probe))(`two bot processes, one shard each, sharing ${name}`, () => {
		const prefix = `scale-${randomBytes(4).toString('hex')}-`;
		let url: string | undefined;

		beforeAll(async () => {
			const storageUrl = serviceUrl(probe);
			// Each backend's suite starts from nothing: no guilds, no processes of the previous one.
			bots = [];
			everyBot.length = 0;
			for (const guilds of owned) guilds.length = 0;
			[discord, rostro] = await Promise.all([startFakeDiscord(), startRostroSimulator()]);
			// From here on, afterAll has this suite's fakes, processes and keys to clean up.
			url = storageUrl;
			env = {
				DISCORD_TOKEN: discord.botToken,
				DISCORD_APPLICATION_ID: discord.applicationId,
				DISCORD_API_URL: discord.apiUrl,
				ROSTRO_API_URL: rostro.url,
				STORAGE_URL: storageUrl,
				// This run's keys only, so runs sharing the server never meet.
				ROSTRO_BOT_STORAGE_PREFIX: prefix,
				ROSTRO_BOT_SECRET: randomBytes(32).toString('hex'),
				// A feed check every 1.2 s (plus up to a fifth of jitter).
				ROSTRO_BOT_FEED_INTERVAL_MINUTES: '0.02',
			};
			// Global commands, as a public bot has them: every added guild can use them.
			await run(process.execPath, [deployScript], { env: { PATH: process.env.PATH ?? '', ...env } });
			bots = [startShard(0), startShard(1)];
			await Promise.all(bots.map((bot) => bot.ready()));
			await addGuildsOnBothShards();
		}, 90_000);

		afterAll(async () => {
			// Not started (a missing server under CI): the fakes are the previous suite's, closed.
			if (!url) return;
			await Promise.all(everyBot.map((bot) => bot.stop()));
			await Promise.all([discord.close(), rostro.close()]);
			await wipe(url, prefix);
		});

		it('sends each new guild to its own shard only: it is greeted once, by the process that holds it', async () => {
			const isWelcome = (message: APIMessage) => message.content.startsWith('Hello! I bring Rostro characters');
			for (const guild of allGuilds()) {
				await discord.waitForMessage(guild.channels.general, isWelcome, RESULT_TIMEOUT_MS);
			}
			await delay(500); // a second greeting, from a process that should not have the guild, would come by now

			for (const guild of allGuilds()) {
				const shard = shardOfGuild(guild.id);
				expect(discord.messages(guild.channels.general).filter(isWelcome)).toHaveLength(1);
				expect(logsOf(bots[shard] as BotProcess, 'joined a server', (l) => l.guildId === guild.id)).toHaveLength(1);
				expect(logsOf(bots[1 - shard] as BotProcess, 'joined a server', (l) => l.guildId === guild.id)).toEqual([]);
			}
			const identified = discord.gatewayFrames.filter((frame) => frame.op === 2);
			expect(identified.map((frame) => (frame.d as { shard: number[] }).shard).sort()).toEqual([
				[0, 2],
				[1, 2],
			]);
		});

		it('answers each interaction once, from the process that owns its guild', async () => {
			const handles = allGuilds().map((guild) => ({
				guild,
				handle: discord.slash('help', {}, { user: guild.users.member, channelId: guild.channels.general }),
			}));
			for (const { guild, handle } of handles) {
				await discord.waitForResponse(handle, (r) => r.kind === 'callback');
				const shard = shardOfGuild(guild.id);
				const routed = (bot: BotProcess) => logsOf(bot, 'command', (line) => line.interactionId === handle.id);
				await (bots[shard] as BotProcess).waitForLog(
					(line) => line.msg === 'command' && line.interactionId === handle.id,
				);
				expect(routed(bots[1 - shard] as BotProcess)).toEqual([]);
			}
			await delay(300);
			for (const { handle } of handles) {
				// A second answer would be refused by Discord (40060) and logged as a failure by the bot.
				expect(discord.interactionResponses(handle)).toHaveLength(1);
			}
			for (const bot of bots) expect(bot.problems()).toEqual([]);
		});

		it('posts each new project once in every feed, each feed checked only by its guild’s process', async () => {
			for (const guild of allGuilds()) {
				const admin = guild.users.admin;
				await discord.waitForResponse(
					discord.slash('setup', {}, { user: admin, subcommand: 'token', channelId: guild.channels.general }),
				);
				const connected = discord.modalSubmit('setup:token', { token: rostro.tokens.creatorA }, { user: admin });
				await answered(connected, /creator\\_a/);
			}

			const feeds = new Map<string, AddedGuild>();
			for (const guild of allGuilds()) {
				const bot = bots[shardOfGuild(guild.id)] as BotProcess;
				const from = bot.logs.length;
				const handle = discord.slash(
					'follow',
					{ channel: guild.channels.general, kind: 'tag', name: 'Fantasy' },
					{ user: guild.users.admin, channelId: guild.channels.general, group: 'feed', subcommand: 'add' },
				);
				await answered(handle, /^Feed added/);
				const added = await bot.waitForLog((line) => line.msg === 'feed added' && bot.logs.indexOf(line) >= from);
				feeds.set(String(added.feedId), guild);
			}

			const checks = (feedId: string, bot: BotProcess) =>
				logsOf(bot, 'feed checked', (l) => l.feedId === feedId).length;
			const checkedTwice = () =>
				[...feeds].every(([id, guild]) => checks(id, bots[shardOfGuild(guild.id)] as BotProcess) >= 2);
			await discord.waitFor(() => checkedTwice() || undefined, RESULT_TIMEOUT_MS);

			rostro.addCharacter({ name: 'Shard Crossing', creator: 'creator_b', tags: ['Fantasy'], tagline: 'Once each.' });
			const isPost = (message: APIMessage) => message.embeds.some((embed) => embed.title === 'Shard Crossing');
			for (const guild of allGuilds()) {
				await discord.waitForMessage(guild.channels.general, isPost, RESULT_TIMEOUT_MS);
			}
			const counted = new Map(
				[...feeds].map(([id, guild]) => [id, checks(id, bots[shardOfGuild(guild.id)] as BotProcess)]),
			);
			const checkedAgain = () =>
				[...feeds].every(
					([id, guild]) => checks(id, bots[shardOfGuild(guild.id)] as BotProcess) >= (counted.get(id) ?? 0) + 2,
				);
			await discord.waitFor(() => checkedAgain() || undefined, RESULT_TIMEOUT_MS);

			for (const [feedId, guild] of feeds) {
				expect(discord.messages(guild.channels.general).filter(isPost)).toHaveLength(1);
				const other = bots[1 - shardOfGuild(guild.id)] as BotProcess;
				expect(checks(feedId, other)).toBe(0);
			}
		}, 120_000);

		it('charges each use once, per server and member, in the storage both processes share', async () => {
			const [first, second] = owned as [AddedGuild[], AddedGuild[]];
			const [quotaOnShard0, quotaOnShard1] = [first[0] as AddedGuild, second[0] as AddedGuild];
			const cooldownOnShard1 = second[1] as AddedGuild;
			// The same person is a member of servers held by different processes.
			const member = discord.guild.users.owner;

			for (const guild of [quotaOnShard0, quotaOnShard1]) await setup(guild, 'quota', { feature: 'tts', daily: 2 });
			await setup(cooldownOnShard1, 'cooldown', { feature: 'tts', seconds: 3_600 });

			// Two uses pass and the third is refused: each use was counted exactly once.
			await spoken(tts(quotaOnShard0, member, 'One.'));
			await spoken(tts(quotaOnShard0, member, 'Two.'));
			expect(await answered(tts(quotaOnShard0, member, 'Three.'), /today/)).toMatch(QUOTA_REFUSAL);

			// What is counted is a member's uses in one server, the server's account paying for them
			// under that server's own limits: the uses above leave this member's quota in a server
			// held by the other process untouched, though both counts live in the same storage.
			await spoken(tts(quotaOnShard1, member, 'Elsewhere, one.'));

			await spoken(tts(cooldownOnShard1, member, 'Once an hour.'));
			expect(await answered(tts(cooldownOnShard1, member, 'Again.'), /again/)).toMatch(
				/^You can use tts again <t:\d+:R>\.$/,
			);
		}, 120_000);

		it('resumes an unfinished generation only in the process that holds its guild, once that runs', async () => {
			rostro.options.jobDurationMs = 8_000;
			const [first, second] = owned as [AddedGuild[], AddedGuild[]];
			// handles[shard]: a generation in a guild of each shard.
			const handles = [first[1] as AddedGuild, second[0] as AddedGuild].map((guild) =>
				discord.slash(
					'imagine',
					{ prompt: `a lighthouse for ${guild.name}` },
					{ user: guild.users.member, channelId: guild.channels.general },
				),
			);
			const jobIds = await Promise.all(
				handles.map(async (handle, shard) => {
					const started = await (bots[shard] as BotProcess).waitForLog(
						(line) => line.msg === 'media job started' && line.interactionId === handle.id,
						RESULT_TIMEOUT_MS,
					);
					return started.jobId;
				}),
			);
			const result = (response: InteractionResponse) =>
				response.kind === 'editOriginal' && Boolean(response.message?.embeds.length);

			// Both stop with the jobs stored. Shard 1's process comes back first and alone: it picks
			// up its own guild's job only; nobody touches shard 0's until a process runs shard 0.
			await Promise.all(bots.map((bot) => bot.stop()));
			bots[1] = startShard(1);
			await (bots[1] as BotProcess).ready();
			await discord.waitForResponse(handles[1] as InteractionHandle, result, RESULT_TIMEOUT_MS);
			await (bots[1] as BotProcess).waitForLog((l) => l.msg === 'media delivered' && l.jobId === jobIds[1]);
			expect(logsOf(bots[1] as BotProcess, 'resumed media jobs')).toEqual([expect.objectContaining({ jobs: 1 })]);
			// Shard 0's job was due as early as this one: had this process taken it, it would be done.
			await delay(1_000);
			expect(discord.interactionResponses(handles[0] as InteractionHandle).filter(result)).toEqual([]);
			expect(logsOf(bots[1] as BotProcess, 'media delivered', (l) => l.jobId === jobIds[0])).toEqual([]);

			bots[0] = startShard(0);
			await (bots[0] as BotProcess).ready();
			await discord.waitForResponse(handles[0] as InteractionHandle, result, RESULT_TIMEOUT_MS);
			await (bots[0] as BotProcess).waitForLog((l) => l.msg === 'media delivered' && l.jobId === jobIds[0]);
			expect(logsOf(bots[0] as BotProcess, 'resumed media jobs')).toEqual([expect.objectContaining({ jobs: 1 })]);
			for (const handle of handles) expect(discord.interactionResponses(handle).filter(result)).toHaveLength(1);
			rostro.options.jobDurationMs = 50;
		}, 120_000);

		it('holds cooldowns and quotas in the processes that run the shards next: the counts are in the shared storage', async () => {
			const [first, second] = owned as [AddedGuild[], AddedGuild[]];
			const [quotaOnShard0, quotaOnShard1] = [first[0] as AddedGuild, second[0] as AddedGuild];
			const cooldownOnShard1 = second[1] as AddedGuild;
			const member = discord.guild.users.owner;

			expect(await answered(tts(quotaOnShard0, member, 'Four.'), /today/)).toMatch(QUOTA_REFUSAL);
			await spoken(tts(quotaOnShard1, member, 'Elsewhere, two.'));
			expect(await answered(tts(quotaOnShard1, member, 'Elsewhere, three.'), /today/)).toMatch(QUOTA_REFUSAL);
			expect(await answered(tts(cooldownOnShard1, member, 'Still an hour.'), /again/)).toMatch(
				/^You can use tts again <t:\d+:R>\.$/,
			);
			for (const bot of bots) expect(bot.problems()).toEqual([]);
		}, 60_000);
	});
