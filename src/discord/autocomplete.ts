import { LRUCache } from 'lru-cache';

/** How an autocomplete source is cached and how long it may make the member wait. */
export interface AutocompleteCacheOptions {
	/** How long an answer stays fresh. */
	ttlMs?: number;
	/** How many distinct queries are kept. */
	max?: number;
	/** How long one upstream call may take before the answer falls back to stale or nothing. */
	upstreamTimeoutMs?: number;
}

type Fetcher<T> = (query: string, signal: AbortSignal) => Promise<T[]>;

/**
 * A short-lived cache in front of a slow autocomplete source (Rostro search, models, voices).
 * Autocomplete cannot be deferred, so a lookup never waits longer than the upstream timeout: it
 * answers from the cache, else from the source in time, else with a stale answer or nothing.
 * Concurrent lookups of one query share one upstream call.
 */
export class AutocompleteCache<T extends object> {
	private readonly cache: LRUCache<string, T[]>;
	private readonly timeoutMs: number;

	constructor(
		fetcher: Fetcher<T>,
		{ ttlMs = 60_000, max = 2_000, upstreamTimeoutMs = 1_500 }: AutocompleteCacheOptions = {},
	) {
		this.timeoutMs = upstreamTimeoutMs;
		this.cache = new LRUCache<string, T[]>({
			max,
			ttl: ttlMs,
			allowStale: true,
			allowStaleOnFetchAbort: true,
			allowStaleOnFetchRejection: true,
			fetchMethod: (query, _stale, { signal }) => fetcher(query, signal),
		});
	}

	/** The answer for a query, within the upstream timeout; an empty list when there is none in time. */
	async lookup(query: string): Promise<T[]> {
		const key = query.trim().toLowerCase();
		try {
			return (await this.cache.fetch(key, { signal: AbortSignal.timeout(this.timeoutMs) })) ?? [];
		} catch {
			return []; // the source failed or was too slow and nothing stale is cached: offer nothing
		}
	}
}
