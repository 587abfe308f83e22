import { createHash } from 'node:crypto';
import { RateLimitedError } from './errors.js';

/** How many requests a bucket allows per window. */
export interface RateWindow {
	requests: number;
	perMs: number;
}

interface WindowState {
	start: number;
	used: number;
}

const seconds = (ms: number) => String(Math.ceil(ms) / 1000);

/**
 * Fixed-window limits per webhook, with the headers Discord sends on every webhook response
 * so a careful client (discord.js is one) paces itself instead of meeting the 429.
 */
export class WebhookRateLimiter {
	readonly #windows = new Map<string, WindowState>();

	constructor(
		private readonly rate: RateWindow,
		private readonly now: () => number,
	) {}

	/** Counts one request against the webhook; returns its headers or throws the 429. */
	take(webhookId: string): Record<string, string> {
		const now = this.now();
		let window = this.#windows.get(webhookId);
		if (!window || now >= window.start + this.rate.perMs) {
			window = { start: now, used: 0 };
			this.#windows.set(webhookId, window);
		}

		const resetAfter = window.start + this.rate.perMs - now;
		if (window.used >= this.rate.requests) {
			const headers = this.#headers(webhookId, 0, resetAfter);
			throw new RateLimitedError(Number(seconds(resetAfter)), { ...headers, 'X-RateLimit-Scope': 'shared' });
		}

		window.used += 1;
		return this.#headers(webhookId, this.rate.requests - window.used, resetAfter);
	}

	/** The headers for the webhook's current window, without counting a request. */
	peek(webhookId: string): Record<string, string> {
		const now = this.now();
		const window = this.#windows.get(webhookId);
		const open = window && now < window.start + this.rate.perMs;
		if (!open) return this.#headers(webhookId, this.rate.requests, this.rate.perMs);
		return this.#headers(webhookId, this.rate.requests - window.used, window.start + this.rate.perMs - now);
	}

	#headers(webhookId: string, remaining: number, resetAfter: number): Record<string, string> {
		return {
			'X-RateLimit-Limit': String(this.rate.requests),
			'X-RateLimit-Remaining': String(remaining),
			'X-RateLimit-Reset': seconds(this.now() + resetAfter),
			'X-RateLimit-Reset-After': seconds(resetAfter),
			'X-RateLimit-Bucket': createHash('sha1').update(`webhook:${webhookId}`).digest('hex').slice(0, 32),
		};
	}
}
