import { RostroConnectionError, type RostroError, RostroTimeoutError } from './errors.js';

/** How persistent the client is with failed calls. */
export interface RetrySettings {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** The first backoff delay; each retry doubles it. */
	baseDelayMs: number;
	/** A longer Retry-After is not waited for: the error goes to the caller instead. */
	maxRetryAfterMs: number;
}

export const defaultRetrySettings: RetrySettings = {
	maxRetries: 2,
	baseDelayMs: 500, // ms
	maxRetryAfterMs: 60_000, // ms
};

/**
 * Which failures a call may be repeated after.
 * - `idempotent`: reads, including read-only POSTs; a repeat cannot cost or change anything.
 * - `rate-limit`: calls that cost credits, repeated only when Rostro refused them with 429
 *   before doing any work (it does so when one account runs inference concurrently).
 * - `never`: calls that cost credits or change state.
 */
export type RetryRule = 'idempotent' | 'rate-limit' | 'never';

const MAX_BACKOFF_MS = 8_000;

/** Whether this failure may be tried again under this rule. */
export function isRetryable(error: RostroError, rule: RetryRule): boolean {
	if (rule === 'never') return false;
	if (rule === 'rate-limit') return error.status === 429;
	if (error instanceof RostroConnectionError || error instanceof RostroTimeoutError) return true;
	if (error.status === undefined) return false;

	return error.status === 429 || error.status >= 500;
}

/**
 * How long to wait before retry number `attempt` (0 for the first), or undefined when the
 * server asked for a longer pause than the client will wait.
 */
export function retryDelayMs(
	retryAfterMs: number | undefined,
	attempt: number,
	settings: RetrySettings,
	random: () => number = Math.random,
): number | undefined {
	if (retryAfterMs !== undefined) {
		return retryAfterMs <= settings.maxRetryAfterMs ? retryAfterMs : undefined;
	}

	const backoff = Math.min(settings.baseDelayMs * 2 ** attempt, MAX_BACKOFF_MS);
	// Up to a quarter less, so that clients failed by the same outage do not return in step.
	return Math.round(backoff * (1 - random() * 0.25));
}
