import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import type { Keyv } from 'keyv';
import sqlite3 from 'sqlite3';
import type { Logger } from '../../log.js';
import { messageOf, StoreError } from '../errors.js';
import { type Backend, namespacedView, strictKeyv } from './backend.js';
import { counterStatements, SqlCounters, type SqlQuery } from './sql-counters.js';

const KV_TABLE = 'rostro_bot';
const PAGE_SIZE = 200;
const BUSY_TIMEOUT_MS = 5_000; // another process (rotate-secret) may hold the write lock briefly

/** The database file a `sqlite://` URL names: `sqlite://data/x.sqlite` is relative to `cwd`, `sqlite:///abs` absolute. */
export function sqlitePath(url: string, cwd = process.cwd()): string {
	const path = url.replace(/^sqlite:\/\//, '');
	if (path.length === 0 || path === url) {
		throw new StoreError(`STORAGE_URL ${url} names no file; expected sqlite://data/rostro-bot.sqlite`);
	}

	return isAbsolute(path) ? path : resolve(cwd, path);
}

function escapeLike(text: string): string {
	return text.replace(/[\\%_]/g, '\\$&');
}

/**
 * Reads one record by key through a statement prepared once, on a connection of its own: the
 * adapter prepares, runs and finalizes a new statement for every read, and under load (three
 * reads per command, hundreds of commands a second) finalizing on the main thread waits for the
 * connection the pool's threads are using, which stalled the event loop for tens of ms. With
 * WAL, this connection sees every write the other one committed, and each read is a transaction
 * of its own (node-sqlite3 resets the statement after it).
 */
class KeyReader {
	private constructor(
		private readonly db: sqlite3.Database,
		private readonly select: sqlite3.Statement,
	) {}

	static async open(path: string, table: string): Promise<KeyReader> {
		const db = await new Promise<sqlite3.Database>((resolve, reject) => {
			const opened = new sqlite3.Database(path, (error) => (error ? reject(error) : resolve(opened)));
		});
		db.configure('busyTimeout', BUSY_TIMEOUT_MS);
		try {
			const select = await new Promise<sqlite3.Statement>((resolve, reject) => {
				const prepared = db.prepare(`SELECT value FROM ${table} WHERE key = ?`, (error) =>
					error ? reject(error) : resolve(prepared),
				);
			});
			return new KeyReader(db, select);
		} catch (error) {
			db.close();
			throw error;
		}
	}

	get(key: string): Promise<string | undefined> {
		return new Promise((resolve, reject) => {
			this.select.get([key], (error: Error | null, row?: { value: string }) =>
				error ? reject(error) : resolve(row?.value),
			);
		});
	}

	close(): Promise<void> {
		return new Promise((resolve, reject) => {
			this.select.finalize(() => this.db.close((error) => (error ? reject(error) : resolve())));
		});
	}
}

/**
 * The adapter lists records page by page with OFFSET, so a record deleted mid-listing (keyv drops
 * expired ones as it goes) shifts the rest and one is skipped. Listing in key order from the last
 * key seen does not skip.
 */
class SqliteAdapter extends KeyvSqlite {
	/** Set once the table exists; reads go through the adapter's own query until then. */
	reader: KeyReader | undefined;

	override async get<Value>(key: string): Promise<Value | undefined> {
		// The stored text, as the adapter's own read returns it; keyv deserializes it.
		return this.reader ? ((await this.reader.get(key)) as Value | undefined) : super.get<Value>(key);
	}

	override async disconnect(): Promise<void> {
		await Promise.all([this.reader?.close(), super.disconnect()]);
	}

	override async *iterator(namespace?: string): AsyncGenerator<[string, string], void> {
		const pattern = namespace ? `${escapeLike(namespace)}:%` : '%';
		const select = `SELECT key, value FROM ${this.opts.table}
			WHERE key LIKE ?1 ESCAPE '\\' AND key > ?2 ORDER BY key LIMIT ?3`;

		for (let after = ''; ; ) {
			const rows: { key: string; value: string }[] = await this.query(select, [pattern, after, PAGE_SIZE]);
			for (const row of rows) yield [row.key, row.value];

			const last = rows.at(-1);
			if (!last || rows.length < PAGE_SIZE) return;
			after = last.key;
		}
	}
}

/** Opens (creating it and its folder when missing) the SQLite database at `path`. */
export async function openSqlite(path: string, scope: string, logger: Logger): Promise<Backend> {
	try {
		await mkdir(dirname(path), { recursive: true, mode: 0o700 });
	} catch (error) {
		throw new StoreError(`cannot create the folder for ${path}: ${messageOf(error)}`, { cause: error });
	}

	const adapter = new SqliteAdapter({ uri: `sqlite://${path}`, table: KV_TABLE, busyTimeout: BUSY_TIMEOUT_MS });
	adapter.on('error', (error: unknown) => logger.error({ err: error, path }, 'SQLite error'));
	const query: SqlQuery = (sql, params) => adapter.query(sql, params);
	const counters = new SqlCounters(query, counterStatements.sqlite, scope);

	try {
		// WAL lets a reader and a writer (the bot and rotate-secret) work at the same time.
		await query('PRAGMA journal_mode = WAL', []);
		await counters.prepare();
		adapter.reader = await KeyReader.open(path, KV_TABLE);
	} catch (error) {
		throw new StoreError(`cannot open the SQLite database ${path}: ${messageOf(error)}`, { cause: error });
	}

	return {
		kind: 'sqlite',
		counters,
		keyv: <T>(namespace: string): Keyv<T> => strictKeyv<T>(namespacedView(adapter), namespace),
		ping: async () => {
			await query('SELECT 1', []);
		},
		close: () => adapter.disconnect(),
	};
}
