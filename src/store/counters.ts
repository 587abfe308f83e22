/** A counter as it stands: its count and when it expires (ms since the epoch). */
export interface CounterState {
	count: number;
	expiresAt: number;
}

/**
 * Counts that expire, for cooldowns and quotas. Keys are colon-separated parts, most specific
 * last, like `feature:guild:user:day`.
 */
export interface Counters {
	/** Adds one and returns the new count, atomically; a new count expires `ttlMs` after its first increment. */
	increment(key: string, ttlMs: number): Promise<number>;
	/** The current count; 0 when there is none or it expired. */
	get(key: string): Promise<number>;
	/** The count and its expiry, read without counting; undefined when there is none or it expired. */
	peek(key: string): Promise<CounterState | undefined>;
	/** Deletes the counter `key` and every counter under it (`key:…`); returns how many went. */
	delete(keyOrPrefix: string): Promise<number>;
	/** Deletes every counter that has `part` (a guild or user id) among its parts; returns how many went. */
	deleteWithPart(part: string): Promise<number>;
	/** Deletes every counter this store holds; returns how many went. */
	clear(): Promise<number>;
}

/** Throws unless `ttlMs` is a usable expiry. */
export function checkTtl(ttlMs: number): void {
	if (!Number.isInteger(ttlMs) || ttlMs <= 0) {
		throw new RangeError(`a TTL must be a positive whole number of ms, not ${ttlMs}`);
	}
}

/** Throws unless `key` can be stored and searched by its parts. */
export function checkCounterKey(key: string): void {
	if (key.length === 0 || key.startsWith(':') || key.endsWith(':')) {
		throw new RangeError(`"${key}" is not a counter key; expected parts separated by colons`);
	}
}

/** Throws unless `part` is a single part of a key, such as an id. */
export function checkPart(part: string): void {
	if (part.length === 0 || part.includes(':')) throw new RangeError(`"${part}" is not a single part of a counter key`);
}

/** Whether `part` is one of the colon-separated parts of `key`. */
export function hasPart(key: string, part: string): boolean {
	return `:${key}:`.includes(`:${part}:`);
}

/** How often the SQL stores delete counters that expired but were never read again. */
export const SWEEP_INTERVAL_MS = 60 * 60_000;
