import { createRequire } from 'node:module';
import KeyvPostgres from '@keyv/postgres';
import type { Keyv } from 'keyv';
import type { Logger } from '../../log.js';
import { messageOf, redactUrl, StoreError } from '../errors.js';
import { type Backend, namespacedView, strictKeyv } from './backend.js';
import { counterStatements, SqlCounters, type SqlQuery } from './sql-counters.js';

// pg comes with @keyv/postgres but ships no types, and @types/pg is not a dependency: these name
// the little of it used here.
interface PgPool {
	query(sql: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
	end(): Promise<void>;
	on(event: 'error', listener: (error: Error) => void): unknown;
}

interface PgModule {
	Pool: new (config: { connectionString: string; max: number; connectionTimeoutMillis: number }) => PgPool;
}

const pg = createRequire(import.meta.url)('pg') as PgModule;

const KV_TABLE = 'rostro_bot';
const POOL_SIZE = 10;
const CONNECT_TIMEOUT_MS = 5_000;

// The keyv adapter's own table definition, so creating it here first changes nothing.
const CREATE_KV_TABLE = `CREATE TABLE IF NOT EXISTS public.${KV_TABLE} (key VARCHAR(255) PRIMARY KEY, value TEXT)`;

/** Two processes creating a table at once: the loser gets one of these, and the table exists. */
const ALREADY_CREATED = new Set(['23505', '42P07']);

async function createTable(query: SqlQuery, sql: string): Promise<void> {
	try {
		await query(sql, []);
	} catch (error) {
		const code = (error as { code?: unknown }).code;
		if (typeof code !== 'string' || !ALREADY_CREATED.has(code)) throw error;
	}
}

/**
 * The adapter keeps one pool per process behind a module variable, with no listener for the
 * errors idle connections raise when the server restarts (an unhandled 'error' ends the process).
 * This one runs its queries on the store's own pool, which the store listens to and closes.
 */
function pooledAdapter(pool: PgPool): KeyvPostgres {
	class PooledKeyvPostgres extends KeyvPostgres {
		override async connect() {
			return async (sql: string, values?: unknown[]) => (await pool.query(sql, values)).rows;
		}

		override async disconnect(): Promise<void> {}
	}
	// The URI only names the dialect here: connect() above is what reaches the server.
	return new PooledKeyvPostgres({ uri: 'postgresql://pooled', table: KV_TABLE, iterationLimit: 200 });
}

/** Connects to the PostgreSQL database at `url` and creates the tables when missing. */
export async function openPostgres(url: string, scope: string, logger: Logger): Promise<Backend> {
	const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
	pool.on('error', (error) => logger.warn({ err: error }, 'an idle PostgreSQL connection failed'));
	const query: SqlQuery = async (sql, params) => (await pool.query(sql, params)).rows;
	const counters = new SqlCounters(query, counterStatements.postgres, scope);

	try {
		await createTable(query, CREATE_KV_TABLE);
		await createTable(query, counterStatements.postgres.create);
	} catch (error) {
		await pool.end();
		throw new StoreError(`cannot reach PostgreSQL at ${redactUrl(url)}: ${messageOf(error)}`, { cause: error });
	}

	const adapter = pooledAdapter(pool);
	adapter.on('error', (error: unknown) => logger.error({ err: error }, 'PostgreSQL error'));

	return {
		kind: 'postgres',
		counters,
		keyv: <T>(namespace: string): Keyv<T> => strictKeyv<T>(namespacedView(adapter), namespace),
		ping: async () => {
			await query('SELECT 1', []);
		},
		close: () => pool.end(),
	};
}
