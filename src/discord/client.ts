import { Client, GatewayIntentBits, Options, Partials } from 'discord.js';
import type { Config } from '../config.js';

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
		rest: { api: config.discord.apiUrl },
		...overrides,
	});
}
