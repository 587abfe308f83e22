import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';

/** Raised when the environment does not describe a runnable bot; one line per problem. */
export class ConfigError extends Error {
	constructor(readonly problems: string[]) {
		super(problems.join('\n'));
		this.name = 'ConfigError';
	}
}

const SECRET_BYTES = 32;

/** Decodes a 32-byte secret given as 64 hex characters or as base64; undefined when it is neither. */
export function decodeSecret(text: string): Buffer | undefined {
	const trimmed = text.trim();
	if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, 'hex');

	if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return undefined;
	const bytes = Buffer.from(trimmed, 'base64');
	return bytes.length === SECRET_BYTES ? bytes : undefined;
}

const flag = z
	.enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
	.transform((value) => value === 'true' || value === '1' || value === 'yes');

const optionalText = z.string().trim().optional();

const snowflake = z
	.string()
	.trim()
	.regex(/^\d{15,21}$/, 'expected a Discord id (a number of 15 to 21 digits)');

const httpUrl = z
	.string()
	.trim()
	.pipe(z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }))
	.transform((value) => value.replace(/\/+$/, ''));

const secret = z
	.string()
	.trim()
	.transform((value, ctx) => {
		const bytes = decodeSecret(value);
		if (!bytes) ctx.addIssue({ code: 'custom', message: 'expected 32 bytes as 64 hex characters or as base64' });
		return bytes ?? Buffer.alloc(0);
	});

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/**
 * The shortest feed interval: a second. Tests run feeds a second apart; a real bot should keep
 * the default (10 minutes) or more, since every check asks Rostro once per feed.
 */
const MIN_FEED_INTERVAL_MINUTES = 1 / 60;

/** The smallest context a model may be given: the reply alone keeps 400 tokens of it. */
const MIN_CONTEXT_TOKENS = 1_024;

function parseContextSizes(text: string): Record<string, number> {
	return Object.fromEntries(
		text.split(',').map((pair) => {
			const [model = '', tokens = ''] = pair.trim().split('=');
			return [model, Number(tokens)];
		}),
	);
}

const positiveInt = z.coerce
	.number({ error: 'expected a whole number' })
	.int('expected a whole number')
	.positive('expected a number of at least 1');

const envSchema = z.object({
	DISCORD_TOKEN: optionalText,
	DISCORD_APPLICATION_ID: snowflake.optional(),
	DISCORD_API_URL: httpUrl.default('https://discord.com/api'),
	DISCORD_DEV_GUILD_ID: snowflake.optional(),
	DISCORD_MESSAGE_CONTENT: flag.default(false),
	ROSTRO_API_URL: httpUrl.default('https://api.rostro.dev'),
	ROSTRO_INFERENCE_URL: httpUrl.optional(),
	STORAGE_URL: z
		.string()
		.trim()
		.regex(/^(sqlite|redis|rediss|postgres|postgresql):\/\//, 'expected a sqlite://, redis:// or postgres:// URL')
		.refine((url) => !/^sqlite:\/\/\/*$/.test(url), {
			error: 'expected a file after sqlite://, for example sqlite://data/rostro-bot.sqlite',
		})
		.default('sqlite://data/rostro-bot.sqlite'),
	ROSTRO_BOT_STORAGE_PREFIX: z
		.string()
		.trim()
		.regex(/^[a-z0-9-]+$/, 'expected lowercase letters, digits and dashes, for example staging-')
		.optional(),
	ROSTRO_BOT_SECRET: secret.optional(),
	ROSTRO_BOT_SECRET_PREVIOUS: secret.optional(),
	LOG_LEVEL: z
		.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.slice(0, -1).join(', ')} or silent` })
		.default('info'),
	SHARD_COUNT: positiveInt.optional(),
	ROSTRO_BOT_CHAT_RETENTION_DAYS: positiveInt.default(90),
	ROSTRO_BOT_CHAT_IGNORE_PREFIX: z.string().default('//'),
	ROSTRO_BOT_CHAT_CONTEXT_SIZES: z
		.string()
		.trim()
		.regex(/^[\w.:/-]+=\d+(\s*,\s*[\w.:/-]+=\d+)*$/, 'expected model=tokens pairs, for example mythomax=4096,asha=8192')
		.transform(parseContextSizes)
		.superRefine((sizes, ctx) => {
			const small = Object.entries(sizes).filter(([, tokens]) => tokens < MIN_CONTEXT_TOKENS);
			if (small.length === 0) return;
			const listed = small.map(([model, tokens]) => `${model}=${tokens}`).join(', ');
			ctx.addIssue({
				code: 'custom',
				message: `expected at least ${MIN_CONTEXT_TOKENS} tokens per model, not ${listed} (400 are kept for the reply)`,
			});
		})
		.optional(),
	ROSTRO_BOT_FEED_INTERVAL_MINUTES: z.coerce
		.number({ error: 'expected a number of minutes, for example 10 or 0.5' })
		.min(MIN_FEED_INTERVAL_MINUTES, { error: 'expected at least 1 second (0.017 minutes); 10 is the default' })
		.max(1_440, { error: 'expected at most 1440 minutes (a day)' })
		.default(10),
	ROSTRO_BOT_HEALTH_PORT: z.coerce
		.number({ error: 'expected a port number' })
		.int('expected a port number')
		.min(0, 'expected a port number')
		.max(65_535, 'expected a port number')
		.optional(),
	ROSTRO_BOT_HEALTH_HOST: z.string().trim().default('127.0.0.1'),
	SHARD_IDS: z
		.string()
		.trim()
		.regex(/^\d+(\s*,\s*\d+)*$/, 'expected shard ids separated by commas, for example 0,1')
		.transform((value) => value.split(',').map((id) => Number(id.trim())))
		.optional(),
});

export type StorageKind = 'sqlite' | 'redis' | 'postgres';

export interface Config {
	discord: {
		token: string | undefined;
		applicationId: string | undefined;
		apiUrl: string;
		devGuildId: string | undefined;
		messageContent: boolean;
	};
	rostro: { apiUrl: string; inferenceUrl: string };
	/** `prefix` comes before every key, so bots sharing one Redis or PostgreSQL never meet. */
	storage: { url: string; kind: StorageKind; prefix?: string };
	/** The key that encrypts stored tokens; absent only with SQLite, where the store creates one. */
	secret: Buffer | undefined;
	/** The key being rotated away from, for `npm run rotate-secret`. */
	previousSecret: Buffer | undefined;
	chat: {
		/** A session untouched for this many days is deleted. */
		retentionDays: number;
		/** Messages starting with this are not for the character. */
		ignorePrefix: string;
		/** Context sizes per model id that override the built-in table. */
		contextSizes: Record<string, number>;
	};
	/** How often each feed channel is checked for new projects, in ms, before jitter. */
	feedIntervalMs: number;
	/** Where `GET /healthz` is served; absent: no health server. */
	health: { port: number; host: string } | undefined;
	logLevel: string;
	shardCount: number | undefined;
	shardIds: number[] | undefined;
}

/** What a given entry point cannot do without. */
export type Requirement = 'DISCORD_TOKEN' | 'DISCORD_APPLICATION_ID' | 'ROSTRO_BOT_SECRET_PREVIOUS';

function storageKind(url: string): StorageKind {
	if (url.startsWith('sqlite:')) return 'sqlite';
	if (url.startsWith('redis')) return 'redis';
	return 'postgres';
}

const expectations: Record<Requirement, string> = {
	DISCORD_TOKEN: 'the bot token from the Discord developer portal (Bot → Reset Token)',
	DISCORD_APPLICATION_ID: 'the application id from the Discord developer portal (General Information)',
	ROSTRO_BOT_SECRET_PREVIOUS: 'the secret the tokens are encrypted with now, to rotate away from',
};

type EnvField = keyof typeof envSchema.shape;

/** One variable read on its own, for the checks across variables; undefined when unset or malformed. */
function field<K extends EnvField>(given: Record<string, string>, name: K): z.output<(typeof envSchema.shape)[K]> {
	const parsed = envSchema.shape[name].safeParse(given[name]);
	return (parsed.success ? parsed.data : undefined) as z.output<(typeof envSchema.shape)[K]>;
}

/**
 * The shards this process runs. A shard process spawned by discord.js's ShardingManager (npm run
 * start:sharded) is told its shard by the manager, in discord.js's own variables; SHARD_IDS is
 * the manager's business then.
 */
function shardIdsOf(given: Record<string, string>): number[] | undefined {
	if (given.SHARDING_MANAGER === 'true' && /^\d+$/.test(given.SHARDS ?? '')) return [Number(given.SHARDS)];
	return field(given, 'SHARD_IDS');
}

/** Problems that involve more than one variable, checked whatever else is wrong. */
function crossProblems(given: Record<string, string>, requirements: Requirement[]): string[] {
	const problems: string[] = [];
	for (const name of requirements) {
		if (!given[name]) problems.push(`${name}: missing; expected ${expectations[name]}`);
	}
	const sharedStorage = /^(redis|rediss|postgres|postgresql):/.test(given.STORAGE_URL ?? '');
	if (sharedStorage && !given.ROSTRO_BOT_SECRET) {
		problems.push(
			'ROSTRO_BOT_SECRET: required with Redis or PostgreSQL storage, which several processes share; ' +
				'expected 32 bytes as 64 hex characters (openssl rand -hex 32)',
		);
	}

	const shardIds = shardIdsOf(given);
	if (shardIds && !given.SHARD_COUNT) {
		problems.push('SHARD_COUNT: required when SHARD_IDS is set; expected the total number of shards');
	}
	const shardCount = field(given, 'SHARD_COUNT');
	const outOfRange = shardIds?.filter((id) => id >= (shardCount ?? Number.POSITIVE_INFINITY));
	if (outOfRange?.length) {
		problems.push(`SHARD_IDS: ${outOfRange.join(', ')} not below SHARD_COUNT (${shardCount})`);
	}
	return problems;
}

/** Reads and checks the configuration; throws a ConfigError naming every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, requirements: Requirement[] = []): Config {
	// An empty variable (as .env.example leaves many) means "not set", so defaults apply.
	const given = Object.fromEntries(
		Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== ''),
	);
	const parsed = envSchema.safeParse(given);
	const problems = [
		...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)),
		...crossProblems(given, requirements),
	];
	if (!parsed.success || problems.length > 0) throw new ConfigError(problems);

	const values = parsed.data;

	return {
		discord: {
			token: values.DISCORD_TOKEN,
			applicationId: values.DISCORD_APPLICATION_ID,
			apiUrl: values.DISCORD_API_URL,
			devGuildId: values.DISCORD_DEV_GUILD_ID,
			messageContent: values.DISCORD_MESSAGE_CONTENT,
		},
		rostro: {
			apiUrl: values.ROSTRO_API_URL,
			inferenceUrl: values.ROSTRO_INFERENCE_URL ?? `${values.ROSTRO_API_URL}/v1`,
		},
		storage: {
			url: values.STORAGE_URL,
			kind: storageKind(values.STORAGE_URL),
			prefix: values.ROSTRO_BOT_STORAGE_PREFIX,
		},
		secret: values.ROSTRO_BOT_SECRET,
		previousSecret: values.ROSTRO_BOT_SECRET_PREVIOUS,
		chat: {
			retentionDays: values.ROSTRO_BOT_CHAT_RETENTION_DAYS,
			ignorePrefix: values.ROSTRO_BOT_CHAT_IGNORE_PREFIX,
			contextSizes: values.ROSTRO_BOT_CHAT_CONTEXT_SIZES ?? {},
		},
		feedIntervalMs: values.ROSTRO_BOT_FEED_INTERVAL_MINUTES * 60_000,
		health:
			values.ROSTRO_BOT_HEALTH_PORT === undefined
				? undefined
				: { port: values.ROSTRO_BOT_HEALTH_PORT, host: values.ROSTRO_BOT_HEALTH_HOST },
		logLevel: values.LOG_LEVEL,
		shardCount: values.SHARD_COUNT,
		shardIds: shardIdsOf(given),
	};
}

/**
 * Unsets every setting given empty, as `docker run --env-file .env` and compose's `env_file` pass
 * the blank lines of .env.example. The bot reads an empty setting as not set; discord.js, which
 * reads SHARD_COUNT and SHARDS from the environment itself, would take an empty SHARD_COUNT for 0.
 */
export function unsetEmptySettings(env: NodeJS.ProcessEnv = process.env): void {
	for (const name of [...Object.keys(envSchema.shape), 'SHARDS']) {
		if (env[name]?.trim() === '') delete env[name];
	}
}

/**
 * Loads `.env` from the working directory into process.env, when there is one. Real variables
 * win, and empty lines such as `SHARD_COUNT=` are skipped: libraries (discord.js reads
 * SHARD_COUNT itself) must not see an empty value as a setting.
 */
export function loadDotEnv(path = '.env'): void {
	if (!existsSync(path)) return;
	const values = parseEnv(readFileSync(path, 'utf8'));
	for (const [name, value] of Object.entries(values)) {
		if (value?.trim() && process.env[name] === undefined) process.env[name] = value;
	}
}
