import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, loadConfig, type StorageKind } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/log.js';
import { openStore, type Store } from '../../src/store/index.js';
import { probePostgres, probeRedis, serviceUrl, skipWithout } from '../helpers/services.js';

/** One storage the suites run against; `url()` throws under CI when its server is missing. */
export interface TestBackend {
	kind: StorageKind;
	skip: boolean;
	url(): Promise<string>;
}

const [redis, postgres] = await Promise.all([probeRedis(), probePostgres()]);
const temporaryDirs: string[] = [];

/** A fresh temporary folder, removed by `removeTemporaryDirs`. */
export async function temporaryDir(): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'rostro-store-'));
	temporaryDirs.push(dir);
	return dir;
}

/** Removes every folder `temporaryDir` made. */
export async function removeTemporaryDirs(): Promise<void> {
	await Promise.all(temporaryDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** SQLite always; Redis and PostgreSQL when their servers answer (always under CI). */
export const backends: TestBackend[] = [
	{ kind: 'sqlite', skip: false, url: async () => `sqlite://${await temporaryDir()}/rostro-bot.sqlite` },
	{ kind: 'redis', skip: skipWithout(redis), url: async () => serviceUrl(redis) },
	{ kind: 'postgres', skip: skipWithout(postgres), url: async () => serviceUrl(postgres) },
];

/** A random 32-byte secret. */
export function newSecret(): Buffer {
	return randomBytes(32);
}

/** The configuration the bot would load for this storage URL and secret. */
export function configFor(url: string, secret?: Buffer, previous?: Buffer): Config {
	return loadConfig({
		STORAGE_URL: url,
		ROSTRO_BOT_SECRET: secret?.toString('hex') ?? '',
		ROSTRO_BOT_SECRET_PREVIOUS: previous?.toString('hex') ?? '',
	});
}

/** A prefix no other test run uses, so runs sharing a server never meet. */
export function uniquePrefix(): string {
	return `t-${randomBytes(5).toString('hex')}-`;
}

/** A logger whose JSON lines are kept for assertions. */
export function capturingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
	const lines: Record<string, unknown>[] = [];
	const logger = createLogger('debug', { write: (line: string) => lines.push(JSON.parse(line)) });
	return { logger, lines };
}

/** Opens a store on `backend` under a fresh prefix. */
export async function openTestStore(backend: TestBackend, secret = newSecret()): Promise<Store> {
	const { logger } = capturingLogger();
	return openStore(configFor(await backend.url(), secret), logger, { prefix: uniquePrefix() });
}

const builtIn = ['guilds', 'members', 'sessions', 'jobs', 'components', 'posted'];

/** Deletes everything a test store wrote (its prefix keeps other runs' records out of reach), then closes it. */
export async function wipe(store: Store, extraNamespaces: string[] = []): Promise<void> {
	for (const name of [...builtIn, ...extraNamespaces]) await store.namespace(name).clear();
	await store.counters.clear();
	await store.close();
}
