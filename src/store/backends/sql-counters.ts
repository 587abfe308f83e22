import {
	type CounterState,
	type Counters,
	checkCounterKey,
	checkPart,
	checkTtl,
	hasPart,
	SWEEP_INTERVAL_MS,
} from '../counters.js';

/** Runs one statement with positional parameters and returns its rows. */
export type SqlQuery = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

const COUNTERS_TABLE = 'rostro_bot_counters';

/** The statements SqlCounters runs, in one SQL dialect; parameters are listed beside each. */
export interface CounterStatements {
	create: string;
	/** key, now (ms), ttl (ms) → count */
	increment: string;
	/** key, now (ms) → count */
	get: string;
	/** key, now (ms) → count, expires_at */
	peek: string;
	/** key, key followed by a colon → key per deleted row */
	deleteUnder: string;
	/** scope → key per row */
	listScope: string;
	/** scope → key per deleted row */
	deleteScope: string;
	/** key → key per deleted row */
	deleteOne: string;
	/** now (ms) */
	sweep: string;
}

// One upsert both creates and bumps a counter and restarts one that expired, so the increment is a
// single atomic statement: no lock is needed, not even between processes sharing the database.
const sqlite: CounterStatements = {
	create: `CREATE TABLE IF NOT EXISTS ${COUNTERS_TABLE} (
		key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires_at INTEGER NOT NULL)`,
	increment: `INSERT INTO ${COUNTERS_TABLE} (key, count, expires_at) VALUES (?1, 1, ?2 + ?3)
		ON CONFLICT (key) DO UPDATE SET
			count = CASE WHEN expires_at <= ?2 THEN 1 ELSE count + 1 END,
			expires_at = CASE WHEN expires_at <= ?2 THEN excluded.expires_at ELSE expires_at END
		RETURNING count`,
	get: `SELECT count FROM ${COUNTERS_TABLE} WHERE key = ?1 AND expires_at > ?2`,
	peek: `SELECT count, expires_at FROM ${COUNTERS_TABLE} WHERE key = ?1 AND expires_at > ?2`,
	deleteUnder: `DELETE FROM ${COUNTERS_TABLE} WHERE key = ?1 OR substr(key, 1, length(?2)) = ?2 RETURNING key`,
	listScope: `SELECT key FROM ${COUNTERS_TABLE} WHERE substr(key, 1, length(?1)) = ?1`,
	deleteScope: `DELETE FROM ${COUNTERS_TABLE} WHERE substr(key, 1, length(?1)) = ?1 RETURNING key`,
	deleteOne: `DELETE FROM ${COUNTERS_TABLE} WHERE key = ?1 RETURNING key`,
	sweep: `DELETE FROM ${COUNTERS_TABLE} WHERE expires_at <= ?1`,
};

const postgres: CounterStatements = {
	create: `CREATE TABLE IF NOT EXISTS ${COUNTERS_TABLE} (
		key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires_at BIGINT NOT NULL)`,
	increment: `INSERT INTO ${COUNTERS_TABLE} AS c (key, count, expires_at) VALUES ($1, 1, $2::bigint + $3::bigint)
		ON CONFLICT (key) DO UPDATE SET
			count = CASE WHEN c.expires_at <= $2::bigint THEN 1 ELSE c.count + 1 END,
			expires_at = CASE WHEN c.expires_at <= $2::bigint THEN excluded.expires_at ELSE c.expires_at END
		RETURNING count`,
	get: `SELECT count FROM ${COUNTERS_TABLE} WHERE key = $1 AND expires_at > $2::bigint`,
	peek: `SELECT count, expires_at FROM ${COUNTERS_TABLE} WHERE key = $1 AND expires_at > $2::bigint`,
	deleteUnder: `DELETE FROM ${COUNTERS_TABLE}
		WHERE key = $1 OR substr(key, 1, length($2::text)) = $2::text RETURNING key`,
	listScope: `SELECT key FROM ${COUNTERS_TABLE} WHERE substr(key, 1, length($1::text)) = $1::text`,
	deleteScope: `DELETE FROM ${COUNTERS_TABLE} WHERE substr(key, 1, length($1::text)) = $1::text RETURNING key`,
	deleteOne: `DELETE FROM ${COUNTERS_TABLE} WHERE key = $1 RETURNING key`,
	sweep: `DELETE FROM ${COUNTERS_TABLE} WHERE expires_at <= $1::bigint`,
};

/** The counter statements for each SQL database. */
export const counterStatements = { sqlite, postgres };

/**
 * Counters in a SQL table, expiry in a column honoured on every read and increment. Time is the
 * bot's clock, so shards on several hosts need synchronised clocks (NTP).
 */
export class SqlCounters implements Counters {
	#lastSweep = 0;

	/** Counters over `query`; `scope` prefixes every key so several stores can share one table. */
	constructor(
		private readonly query: SqlQuery,
		private readonly sql: CounterStatements,
		private readonly scope: string,
	) {}

	/** Creates the table when it is missing. */
	async prepare(): Promise<void> {
		await this.query(this.sql.create, []);
	}

	async increment(key: string, ttlMs: number): Promise<number> {
		checkCounterKey(key);
		checkTtl(ttlMs);

		const now = Date.now();
		await this.sweep(now);
		const [row] = await this.query(this.sql.increment, [this.scope + key, now, ttlMs]);
		return Number(row?.count);
	}

	async get(key: string): Promise<number> {
		const [row] = await this.query(this.sql.get, [this.scope + key, Date.now()]);
		return row ? Number(row.count) : 0;
	}

	async peek(key: string): Promise<CounterState | undefined> {
		const [row] = await this.query(this.sql.peek, [this.scope + key, Date.now()]);
		return row ? { count: Number(row.count), expiresAt: Number(row.expires_at) } : undefined;
	}

	async delete(keyOrPrefix: string): Promise<number> {
		const key = this.scope + keyOrPrefix;
		const rows = await this.query(this.sql.deleteUnder, [key, `${key}:`]);
		return rows.length;
	}

	async deleteWithPart(part: string): Promise<number> {
		checkPart(part);

		// Counters are few per guild and member; filtering here keeps the SQL the same everywhere.
		const rows = await this.query(this.sql.listScope, [this.scope]);
		const doomed = rows.map((row) => String(row.key)).filter((key) => hasPart(key.slice(this.scope.length), part));
		for (const key of doomed) await this.query(this.sql.deleteOne, [key]);
		return doomed.length;
	}

	async clear(): Promise<number> {
		const rows = await this.query(this.sql.deleteScope, [this.scope]);
		return rows.length;
	}

	/** Expired counters that nobody reads again would stay forever; drop them now and then. */
	private async sweep(now: number): Promise<void> {
		if (now - this.#lastSweep < SWEEP_INTERVAL_MS) return;

		this.#lastSweep = now;
		await this.query(this.sql.sweep, [now]);
	}
}
