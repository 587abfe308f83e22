import { createRequire } from 'node:module';
import { Socket } from 'node:net';

/** Whether a storage server answered, and where; `reason` says why not. */
export interface ServiceProbe {
	name: 'Redis' | 'PostgreSQL';
	url: string | undefined;
	reason: string;
}

const PROBE_TIMEOUT_MS = 2_000;

/** Under CI a missing server fails its tests; elsewhere it skips them. */
export const inCI = process.env.CI === 'true';

function pingRedis(url: string): Promise<void> {
	const { hostname, port } = new URL(url);
	return new Promise((resolve, reject) => {
		const socket = new Socket();
		const fail = (error: Error) => {
			socket.destroy();
			reject(error);
		};
		socket.setTimeout(PROBE_TIMEOUT_MS, () => fail(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)));
		socket.once('error', fail);
		socket.once('data', (data) => {
			socket.end();
			if (data.toString().startsWith('+PONG')) resolve();
			else fail(new Error(`answered ${JSON.stringify(data.toString().trim())} to PING`));
		});
		socket.connect(Number(port || 6379), hostname, () => socket.write('PING\r\n'));
	});
}

/** Finds Redis at TEST_REDIS_URL, else redis://127.0.0.1:6379. */
export async function probeRedis(): Promise<ServiceProbe> {
	const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
	try {
		await pingRedis(url);
		return { name: 'Redis', url, reason: '' };
	} catch (error) {
		return { name: 'Redis', url: undefined, reason: `${url}: ${(error as Error).message}` };
	}
}

interface PgClient {
	connect(): Promise<void>;
	query(sql: string): Promise<unknown>;
	end(): Promise<void>;
}

// pg ships no types; this names the little the probe uses.
const pg = createRequire(import.meta.url)('pg') as {
	Client: new (config: { connectionString: string; connectionTimeoutMillis: number }) => PgClient;
};

async function queryPostgres(url: string): Promise<void> {
	const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
	try {
		await client.connect();
		await client.query('SELECT 1');
	} finally {
		await client.end().catch(() => undefined); // the connection may never have opened
	}
}

/** Finds PostgreSQL at TEST_POSTGRES_URL, else database `test` on 127.0.0.1 as user postgres, then root. */
export async function probePostgres(): Promise<ServiceProbe> {
	const candidates = process.env.TEST_POSTGRES_URL
		? [process.env.TEST_POSTGRES_URL]
		: ['postgres://postgres@127.0.0.1:5432/test', 'postgres://root@127.0.0.1:5432/test'];

	const failures: string[] = [];
	for (const url of candidates) {
		try {
			await queryPostgres(url);
			return { name: 'PostgreSQL', url, reason: '' };
		} catch (error) {
			failures.push(`${url}: ${(error as Error).message}`);
		}
	}
	return { name: 'PostgreSQL', url: undefined, reason: failures.join('; ') };
}

/** True when the tests needing `probe` should be skipped: the server is missing and this is not CI. Says why. */
export function skipWithout(probe: ServiceProbe): boolean {
	if (probe.url || inCI) return false;

	console.log(`Skipping the ${probe.name} tests: no server answered (${probe.reason}).`);
	return true;
}

/** The server's URL; under CI, a missing server throws, failing the tests that need it. */
export function serviceUrl(probe: ServiceProbe): string {
	if (probe.url) return probe.url;
	throw new Error(`${probe.name} is required under CI=true but no server answered (${probe.reason})`);
}
