import KeyvRedis, { createClient } from '@keyv/redis';
import type { Keyv } from 'keyv';
import type { Logger } from '../../log.js';
import { type CounterState, type Counters, checkCounterKey, checkPart, checkTtl, hasPart } from '../counters.js';
import { messageOf, redactUrl, StoreError } from '../errors.js';
import { type Backend, strictKeyv } from './backend.js';

type RedisClient = ReturnType<typeof createClient>;

const CONNECT_TIMEOUT_MS = 5_000;
const MAX_RECONNECT_DELAY_MS = 5_000;
const SCAN_BATCH = 500;
// The adapter files a record as `namespace::key`; counters follow suit.
const SEPARATOR = '::';

// INCR and the first PEXPIRE in one script, so a crash between them cannot leave a count that never expires.
const INCREMENT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

/** A record can expire between SCAN listing it and MGET reading it; keyv would fail on the gap. */
class RedisAdapter extends KeyvRedis<string> {
	override async *iterator<U = string>(namespace?: string): AsyncGenerator<[string, U | undefined], void, unknown> {
		for await (const entry of super.iterator<U>(namespace)) {
			if (entry[1] !== undefined) yield entry;
		}
	}
}

function escapeGlob(text: string): string {
	return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** Counters as plain Redis integers that expire on their own. */
class RedisCounters implements Counters {
	readonly #base: string;

	constructor(
		private readonly client: RedisClient,
		namespace: string,
	) {
		this.#base = namespace + SEPARATOR;
	}

	async increment(key: string, ttlMs: number): Promise<number> {
		checkCounterKey(key);
		checkTtl(ttlMs);

		const count = await this.client.eval(INCREMENT_SCRIPT, { keys: [this.#base + key], arguments: [String(ttlMs)] });
		return Number(count);
	}

	async get(key: string): Promise<number> {
		return Number((await this.client.get(this.#base + key)) ?? 0);
	}

	async peek(key: string): Promise<CounterState | undefined> {
		const now = Date.now();
		// One transaction, so the count and its time to live belong to the same counter.
		const [count, ttlMs] = await this.client
			.multi()
			.get(this.#base + key)
			.pTTL(this.#base + key)
			.exec();
		// PTTL is -2 for a missing key; counters always carry an expiry, so -1 is not expected.
		if (count === null || count === undefined || typeof ttlMs !== 'number' || ttlMs < 0) return undefined;
		return { count: Number(count), expiresAt: now + ttlMs };
	}

	async delete(keyOrPrefix: string): Promise<number> {
		const exact = this.#base + keyOrPrefix;
		const under = await this.scan(`${escapeGlob(exact)}:*`);
		return this.unlink([exact, ...under]);
	}

	async deleteWithPart(part: string): Promise<number> {
		checkPart(part);

		const keys = await this.scan(`${escapeGlob(this.#base)}*`);
		return this.unlink(keys.filter((key) => hasPart(key.slice(this.#base.length), part)));
	}

	async clear(): Promise<number> {
		return this.unlink(await this.scan(`${escapeGlob(this.#base)}*`));
	}

	private async scan(match: string): Promise<string[]> {
		const keys: string[] = [];
		for await (const batch of this.client.scanIterator({ MATCH: match, COUNT: SCAN_BATCH })) keys.push(...batch);
		return keys;
	}

	private async unlink(keys: string[]): Promise<number> {
		return keys.length === 0 ? 0 : this.client.unlink(keys);
	}
}

/**
 * Watches the connection: one warning when it drops, one line when it is back, not one per retry.
 * A failure to connect at all is openRedis's to report.
 */
function watchConnection(client: RedisClient, logger: Logger): void {
	let state: 'connecting' | 'up' | 'down' = 'connecting';
	client.on('error', (error: unknown) => {
		if (state === 'up') logger.warn({ err: error }, 'lost the Redis connection; reconnecting');
		if (state === 'up') state = 'down';
	});
	client.on('ready', () => {
		if (state === 'down') logger.info('Redis connection restored');
		state = 'up';
	});
}

/** Connects to the Redis server at `url`; fails at once when it cannot, retries forever once it could. */
export async function openRedis(url: string, scope: string, logger: Logger): Promise<Backend> {
	let connected = false;
	const client: RedisClient = createClient({
		url,
		// While the connection is down, fail commands at once rather than queue them past Discord's deadlines.
		disableOfflineQueue: true,
		socket: {
			connectTimeout: CONNECT_TIMEOUT_MS,
			reconnectStrategy: (retries, cause) => (connected ? Math.min(2 ** retries * 100, MAX_RECONNECT_DELAY_MS) : cause),
		},
	});
	// Every namespace's adapter listens to the shared client; a dozen namespaces is not a leak.
	client.setMaxListeners(50);
	watchConnection(client, logger);

	try {
		await client.connect();
		connected = true;
	} catch (error) {
		throw new StoreError(`cannot reach Redis at ${redactUrl(url)}: ${messageOf(error)}`, { cause: error });
	}

	const keyv = <T>(namespace: string): Keyv<T> => {
		const adapter = new RedisAdapter(client, { namespace, throwOnErrors: true, throwOnConnectError: true });
		// The adapter prefixes keys itself; keyv prefixing them again would double the namespace.
		return strictKeyv<T>(adapter, namespace, false);
	};

	return {
		kind: 'redis',
		counters: new RedisCounters(client, `${scope}counters`),
		keyv,
		ping: async () => {
			await client.ping();
		},
		close: async () => {
			if (client.isOpen) await client.close();
		},
	};
}
