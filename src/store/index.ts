import { dirname, join } from 'node:path';
import type { Config, StorageKind } from '../config.js';
import type { Logger } from '../log.js';
import type { Backend } from './backends/backend.js';
import { openPostgres } from './backends/postgres.js';
import { openRedis } from './backends/redis.js';
import { openSqlite, sqlitePath } from './backends/sqlite.js';
import type { Counters } from './counters.js';
import { StoreError } from './errors.js';
import { KeyvNamespace, type Namespace } from './namespace.js';
import { loadOrCreateSecret } from './secret-file.js';
import type { ComponentState, GuildSettings, JobRecord, MemberSettings, PostedRecord, SessionRecord } from './types.js';
import { TokenVault } from './vault.js';

export { sqlitePath } from './backends/sqlite.js';
export type { Counters } from './counters.js';
export { StoreError } from './errors.js';
export type { Namespace } from './namespace.js';
export type * from './types.js';
export { type SealedToken, TokenVault, VaultError } from './vault.js';

/** The bot's persistent state: typed namespaces, counters and the token vault over one connection. */
export interface Store {
	readonly kind: StorageKind;
	/** Seals tokens before they are stored and opens them when a command needs one. */
	readonly vault: TokenVault;
	readonly guilds: Namespace<GuildSettings>;
	readonly members: Namespace<MemberSettings>;
	readonly sessions: Namespace<SessionRecord>;
	readonly jobs: Namespace<JobRecord>;
	readonly components: Namespace<ComponentState>;
	readonly posted: Namespace<PostedRecord>;
	readonly counters: Counters;
	/** Another namespace, for a feature with records of its own; forgetGuild covers its records that carry `guildId`. */
	namespace<T extends object>(name: string): Namespace<T>;
	/** Deletes everything kept for a server; returns how many records and counters went or changed. */
	forgetGuild(guildId: string): Promise<number>;
	/**
	 * Deletes a member's settings and every record that names them (`userId`), except the records
	 * servers keep of what happened there (see SERVER_RECORDS); returns how many went.
	 */
	forgetMember(userId: string): Promise<number>;
	/** The round trip to the storage in ms; throws when it does not answer. */
	ping(): Promise<number>;
	/** Closes the connection; safe to call twice. */
	close(): Promise<void>;
}

/** Options for tests and tools; the bot itself needs none. */
export interface StoreOptions {
	/**
	 * Prepended to every namespace and counter key, so that several stores (parallel test runs)
	 * can share one server without seeing each other. Letters, digits and dashes. Defaults to
	 * ROSTRO_BOT_STORAGE_PREFIX.
	 */
	prefix?: string;
}

const NAME_SHAPE = /^[a-z][a-z0-9-]*$/;

/**
 * Namespaces whose records belong to the server rather than to the member they name, so that
 * `forgetMember` keeps them: who caused each public post (Who prompted this? and the posts' Delete
 * buttons; a member must not be able to erase that) expires with chat retention on its own.
 * Use counters are kept the same way, so forgetting resets no cooldown or quota; they expire
 * at the end of the cooldown or the day.
 */
const SERVER_RECORDS: ReadonlySet<string> = new Set(['posted']);
const PREFIX_SHAPE = /^[a-z0-9-]*$/;

function openBackend(config: Config, scope: string, logger: Logger): Promise<Backend> {
	const { url, kind } = config.storage;
	if (kind === 'redis') return openRedis(url, scope, logger);
	if (kind === 'postgres') return openPostgres(url, scope, logger);
	return openSqlite(sqlitePath(url), scope, logger);
}

async function secretFor(config: Config, logger: Logger): Promise<Buffer> {
	if (config.secret) return config.secret;
	if (config.storage.kind !== 'sqlite') {
		throw new StoreError('ROSTRO_BOT_SECRET is required with Redis or PostgreSQL storage');
	}

	return loadOrCreateSecret(join(dirname(sqlitePath(config.storage.url)), 'secret.key'), logger);
}

function hasGuild(value: unknown, guildId: string): boolean {
	return typeof value === 'object' && value !== null && (value as { guildId?: unknown }).guildId === guildId;
}

function hasUser(value: unknown, userId: string): boolean {
	return typeof value === 'object' && value !== null && (value as { userId?: unknown }).userId === userId;
}

/** Collects first and deletes after, so no listing runs while its own records disappear. */
async function deleteMatching<T>(namespace: Namespace<T>, matches: (value: T) => boolean): Promise<number> {
	const doomed: string[] = [];
	for await (const [key, value] of namespace.entries()) {
		if (matches(value)) doomed.push(key);
	}

	for (const key of doomed) await namespace.delete(key);
	return doomed.length;
}

/** Removes the server's persona from every member who has one there. */
async function forgetPersonas(members: Namespace<MemberSettings>, guildId: string): Promise<number> {
	const changed: [string, MemberSettings][] = [];
	for await (const [userId, settings] of members.entries()) {
		if (settings.personas?.[guildId]) changed.push([userId, settings]);
	}

	for (const [userId, settings] of changed) {
		const { [guildId]: _forgotten, ...personas } = settings.personas ?? {};
		await members.set(userId, { ...settings, personas });
	}
	return changed.length;
}

class KeyvStore implements Store {
	readonly kind: StorageKind;
	readonly counters: Counters;
	readonly guilds: Namespace<GuildSettings>;
	readonly members: Namespace<MemberSettings>;
	readonly sessions: Namespace<SessionRecord>;
	readonly jobs: Namespace<JobRecord>;
	readonly components: Namespace<ComponentState>;
	readonly posted: Namespace<PostedRecord>;
	readonly #namespaces = new Map<string, Namespace<object>>();
	#closed: Promise<void> | undefined;

	constructor(
		private readonly backend: Backend,
		readonly vault: TokenVault,
		private readonly prefix: string,
	) {
		this.kind = backend.kind;
		this.counters = backend.counters;
		this.guilds = this.namespace('guilds');
		this.members = this.namespace('members');
		this.sessions = this.namespace('sessions');
		this.jobs = this.namespace('jobs');
		this.components = this.namespace('components');
		this.posted = this.namespace('posted');
	}

	namespace<T extends object>(name: string): Namespace<T> {
		if (!NAME_SHAPE.test(name)) throw new RangeError(`"${name}" is not a namespace name; use lowercase and dashes`);

		const existing = this.#namespaces.get(name);
		if (existing) return existing as Namespace<T>;

		const fullName = this.prefix + name;
		const created = new KeyvNamespace<T>(fullName, this.backend.keyv<T>(fullName));
		this.#namespaces.set(name, created as Namespace<object>);
		return created;
	}

	// Limitation: this lists every record of every namespace, which is fine for the thousands a
	// bot keeps and slow for millions; index records by guild if a store ever grows that large.
	async forgetGuild(guildId: string): Promise<number> {
		let forgotten = (await this.guilds.delete(guildId)) ? 1 : 0;
		forgotten += await forgetPersonas(this.members, guildId);

		for (const [name, namespace] of this.#namespaces) {
			if (name === 'guilds' || name === 'members') continue;
			forgotten += await deleteMatching(namespace, (value) => hasGuild(value, guildId));
		}

		return forgotten + (await this.counters.deleteWithPart(guildId));
	}

	async forgetMember(userId: string): Promise<number> {
		let forgotten = (await this.members.delete(userId)) ? 1 : 0;
		for (const [name, namespace] of this.#namespaces) {
			if (name === 'guilds' || name === 'members' || SERVER_RECORDS.has(name)) continue;
			forgotten += await deleteMatching(namespace, (value) => hasUser(value, userId));
		}
		return forgotten;
	}

	async ping(): Promise<number> {
		const started = performance.now();
		await this.backend.ping();
		return performance.now() - started;
	}

	close(): Promise<void> {
		this.#closed ??= this.backend.close();
		return this.#closed;
	}
}

/**
 * Opens the storage STORAGE_URL names: SQLite (the file and its folder are created), Redis or
 * PostgreSQL. Without ROSTRO_BOT_SECRET (SQLite only) the token secret lives in `secret.key`
 * beside the database, created on the first run.
 */
export async function openStore(config: Config, logger: Logger, options: StoreOptions = {}): Promise<Store> {
	const prefix = options.prefix ?? config.storage.prefix ?? '';
	if (!PREFIX_SHAPE.test(prefix)) throw new RangeError(`"${prefix}" is not a store prefix; use lowercase and dashes`);

	const secret = await secretFor(config, logger);
	const vault = config.previousSecret ? new TokenVault(secret, config.previousSecret) : new TokenVault(secret);
	const backend = await openBackend(config, prefix, logger);
	logger.debug({ kind: backend.kind }, 'storage open');
	return new KeyvStore(backend, vault, prefix);
}
