import { Client, Events, GatewayIntentBits, Options, Partials, RESTEvents } from 'discord.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';

/** The gateway intents the features need; Message Content only when the admin enabled it. */
export function intentsFor(config: Config): GatewayIntentBits[] {
	const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages];
	if (config.discord.messageContent) intents.push(GatewayIntentBits.MessageContent);
	return intents;
}

// Caches hold only what the bot reads: guilds, channels, threads and roles (for the NSFW gate and
// permission maths), and itself. Members, presences, emojis and messages are never needed from cache.
const makeCache = Options.cacheWithLimits({
	...Options.DefaultMakeCacheSettings,
	MessageManager: 0,
	GuildMessageManager: 0,
	DMMessageManager: 0,
	GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
	UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user.id },
	PresenceManager: 0,
	ReactionManager: 0,
	ReactionUserManager: 0,
	GuildEmojiManager: 0,
	GuildStickerManager: 0,
	GuildBanManager: 0,
	GuildInviteManager: 0,
	GuildScheduledEventManager: 0,
	StageInstanceManager: 0,
	VoiceStateManager: 0,
	ThreadMemberManager: 0,
	AutoModerationRuleManager: 0,
	ApplicationCommandManager: 0,
	BaseGuildEmojiManager: 0,
});

/**
 * How many requests a second @discordjs/rest sends before it queues the rest on its own side.
 * Discord's global limit (50 a second) counts only requests made with the bot token, and
 * interaction endpoints are not bound by it. @discordjs/rest exempts only the interaction
 * callback (its burst handler) and counts everything else against this number: the deferred
 * reply's edits and follow-ups (the interaction webhook) and the characters' channel webhooks
 * too, though none of them carries the bot token. At its default of 50, a process answering
 * 500 interactions a second would queue their edits for seconds behind its own counter.
 *
 * So the number is sized for that traffic, one to two interaction-webhook calls per
 * interaction at 500 a second. Requests with the bot token (threads, channel messages, webhook
 * lookups) are a small share; should they ever pass Discord's 50 a second, Discord answers a
 * global 429 and @discordjs/rest holds every request until its Retry-After, a handful of 429s
 * far below the 10,000 invalid requests per 10 minutes that get an IP blocked. Behind a shared
 * REST proxy (DISCORD_API_URL), the proxy keeps the bot's global limit for all processes, and
 * this number must simply not throttle below it: the same value is right there.
 */
export const GLOBAL_REQUESTS_PER_SECOND = 1_000;

/** Warn every this many refused requests (401, 403, 429) in Discord's 10-minute window. */
const INVALID_REQUEST_WARNING_EVERY = 1_000;

/** Extra client options tests and the benchmark may set (REST timings, shard placement). */
export type ClientOverrides = Partial<ConstructorParameters<typeof Client>[0]>;

/**
 * Which shards this process runs. Given explicitly, so discord.js never falls back to reading
 * SHARD_COUNT from the environment on its own: all of them when only SHARD_COUNT is set, the
 * listed ones with SHARD_IDS, else the one shard of a single process.
 */
export function shardsFor(config: Config): { shards: number[]; shardCount: number } {
	const shardCount = config.shardCount ?? 1;
	const shards = config.shardIds ?? Array.from({ length: shardCount }, (_, id) => id);
	return { shards, shardCount };
}

/** A discord.js client with the bot's intents, caches and REST base; nothing it sends pings anyone. */
export function createClient(config: Config, overrides: ClientOverrides = {}): Client {
	return new Client({
		...shardsFor(config),
		intents: intentsFor(config),
		partials: [Partials.Channel],
		allowedMentions: { parse: [] },
		makeCache,
		sweepers: Options.DefaultSweeperSettings,
		...overrides,
		rest: {
			api: config.discord.apiUrl,
			globalRequestsPerSecond: GLOBAL_REQUESTS_PER_SECOND,
			invalidRequestWarningInterval: INVALID_REQUEST_WARNING_EVERY,
			...overrides.rest,
		},
	});
}

/**
 * Logs the gateway's connection as it changes after READY: lost (discord.js reconnects by
 * itself), back, closed for good. Without it a bot cut off from Discord would say nothing.
 */
export function watchGateway(client: Client, logger: Logger): void {
	client.on(Events.ShardReconnecting, (shard) => logger.warn({ shard }, 'lost the gateway connection; reconnecting'));
	client.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'gateway connection resumed'));
	client.on(Events.ShardReady, (shard) => logger.info({ shard }, 'gateway shard ready'));
	client.on(Events.ShardError, (error, shard) => logger.warn({ shard, err: error }, 'gateway connection error'));
	client.on(Events.ShardDisconnect, ({ code }, shard) =>
		logger.error({ shard, code }, 'Discord closed the gateway connection for good; restart the bot'),
	);
}

/**
 * Logs what Discord's rate limits do to this process: every 429 (from Discord or from a REST
 * proxy in front of it), which discord.js then waits out and sends again by itself; waits it
 * imposes on its own (debug); and a warning as refused requests pile up towards an IP block.
 * Only the route pattern is logged, never a path, which may hold an interaction token.
 */
export function watchRateLimits(client: Client, logger: Logger): void {
	client.rest.on(RESTEvents.Response, (request, response) => {
		if (response.status !== 429) return;

		const { headers } = response;
		const retryAfterSeconds = Number(headers.get('retry-after'));
		logger.warn(
			{
				method: request.method,
				route: request.route,
				scope: headers.get('x-ratelimit-scope') ?? 'unknown',
				global: headers.has('x-ratelimit-global'),
				retryAfterMs: Number.isFinite(retryAfterSeconds) ? retryAfterSeconds * 1_000 : undefined,
				bucket: headers.get('x-ratelimit-bucket') ?? undefined,
			},
			'Discord answered 429; discord.js sends the request again after Retry-After',
		);
	});
	client.rest.on(RESTEvents.RateLimited, (info) => {
		logger.debug(
			{ method: info.method, route: info.route, global: info.global, waitMs: info.timeToReset, limit: info.limit },
			'holding requests for a Discord rate limit',
		);
	});
	client.rest.on(RESTEvents.InvalidRequestWarning, ({ count, remainingTime }) => {
		logger.warn(
			{ count, windowEndsInMs: remainingTime },
			'many requests refused by Discord (401, 403, 429) in 10 minutes; at 10,000 it blocks this IP for an hour',
		);
	});
}
