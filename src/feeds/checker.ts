import { setTimeout as delay } from 'node:timers/promises';
import type { Client } from 'discord.js';
import type { AppContext } from '../app-context.js';
import { UserError } from '../discord/user-error.js';
import { deliverNew } from './delivery.js';
import { type Feed, feedStore } from './feed-record.js';

/** Checks of one feed drift apart by up to this fraction of the pause, so feeds do not fire together. */
export const FEED_JITTER = 0.2;
/** While Rostro fails the pause doubles, up to this many intervals. */
export const MAX_BACKOFF_FACTOR = 12;
/** How long stopping waits for a check under way. */
const STOP_WAIT_MS = 10_000;

/**
 * The pause before a feed's next check: the interval, doubled for each failure in a row (at
 * most twelve intervals), lengthened by up to a fifth at random.
 */
export function nextCheckDelay(intervalMs: number, failures: number, random: () => number = Math.random): number {
	const factor = Math.min(2 ** Math.max(0, failures), MAX_BACKOFF_FACTOR);
	return Math.round(intervalMs * factor * (1 + random() * FEED_JITTER));
}

/**
 * Checks every feed of the guilds this process holds, each on its own timer. Only the process
 * that holds a guild checks its feeds, so shards never post twice; a sweep every interval picks
 * up feeds of guilds that arrive later. One check of a feed runs at a time.
 */
export class FeedChecker {
	readonly #timers = new Map<string, NodeJS.Timeout>();
	readonly #running = new Map<string, Promise<void>>();
	#sweeper: NodeJS.Timeout | undefined;
	#stopped = false;

	constructor(
		private readonly ctx: AppContext,
		private readonly random: () => number = Math.random,
	) {}

	private get intervalMs(): number {
		return this.ctx.config.feedIntervalMs;
	}

	/** Schedules the feeds held here, spread over one interval, and sweeps again every interval. */
	async start(): Promise<void> {
		this.#stopped = false;
		await this.#sweep();
		this.#sweeper = setInterval(() => {
			this.#sweep().catch((error: unknown) => this.ctx.logger.warn({ err: error }, 'feed sweep failed'));
		}, this.intervalMs);
		this.#sweeper.unref();
	}

	/** Checks a feed `delayMs` from now, replacing any check it had planned. */
	schedule(feedId: string, delayMs: number): void {
		if (this.#stopped) return;

		clearTimeout(this.#timers.get(feedId));
		const timer = setTimeout(() => {
			this.#timers.delete(feedId);
			this.#run(feedId);
		}, delayMs);
		timer.unref(); // feeds are stored; a stopping process need not wait for their next turn
		this.#timers.set(feedId, timer);
	}

	/** Runs `work` once no check of the feed is under way, with no further check planned. */
	async whileIdle<T>(feedId: string, work: () => Promise<T>): Promise<T> {
		await this.#running.get(feedId);
		clearTimeout(this.#timers.get(feedId));
		this.#timers.delete(feedId);
		return work();
	}

	/**
	 * Stops every timer and waits (a while) for the checks under way, so what they posted is
	 * recorded before the process exits and a restart does not post it again.
	 */
	async stop(): Promise<void> {
		this.#stopped = true;
		clearInterval(this.#sweeper);
		for (const timer of this.#timers.values()) clearTimeout(timer);
		this.#timers.clear();

		const finished = Promise.allSettled([...this.#running.values()]).then(() => true);
		if (!(await Promise.race([finished, delay(STOP_WAIT_MS, false, { ref: false })]))) {
			this.ctx.logger.warn('stopped during a feed check; what it was posting may be posted once more');
		}
	}

	async #sweep(): Promise<void> {
		for await (const [id, feed] of feedStore(this.ctx).entries()) {
			if (this.#timers.has(id) || this.#running.has(id) || !this.#holds(feed)) continue;
			const delay = feed.failures > 0 ? nextCheckDelay(this.intervalMs, feed.failures, this.random) : 0;
			this.schedule(id, delay + this.random() * this.intervalMs);
		}
	}

	#holds(feed: Feed): boolean {
		return this.ctx.client.guilds.cache.has(feed.guildId);
	}

	#run(feedId: string): void {
		const work = this.#check(feedId)
			.then((nextMs) => {
				if (nextMs !== undefined) this.schedule(feedId, nextMs);
			})
			.catch((error: unknown) => this.ctx.logger.error({ err: error, feedId }, 'feed check crashed'))
			.finally(() => this.#running.delete(feedId));
		this.#running.set(feedId, work);
	}

	/** Checks one feed; resolves with the pause before the next check, or undefined to stop. */
	async #check(feedId: string): Promise<number | undefined> {
		const store = feedStore(this.ctx);
		const feed = await store.get(feedId);
		if (!feed || !this.#holds(feed)) return undefined; // removed, or another process holds it now

		const logger = this.ctx.logger.child({ component: 'feeds', feedId, guildId: feed.guildId });
		try {
			const delivery = await deliverNew(this.ctx, feed);
			await store.set(feedId, { ...delivery.feed, failures: 0, checkedAt: Date.now() });
			const level = delivery.posted > 0 ? 'info' : 'debug';
			logger[level]({ posted: delivery.posted, withheld: delivery.withheld }, 'feed checked');
			return nextCheckDelay(this.intervalMs, 0, this.random);
		} catch (error) {
			// What was posted before the failure is stored already: start from the stored record.
			const latest = (await store.get(feedId)) ?? feed;
			const failures = latest.failures + 1;
			await store.set(feedId, { ...latest, failures, checkedAt: Date.now() });
			const delayMs = nextCheckDelay(this.intervalMs, failures, this.random);
			if (error instanceof UserError) {
				// Expected, and the admin's to fix (a timeline feed after /setup logout, a token that no
				// longer opens): `/setup show` names the feed; the log says why in one line, no stack.
				const problem = error.message;
				logger.warn({ reason: error.code, problem, failures, delayMs }, 'feed check failed');
			} else {
				logger.warn({ err: error, failures, delayMs }, 'feed check failed');
			}
			return delayMs;
		}
	}
}

const checkers = new WeakMap<Client, FeedChecker>();

/** The feed checker of this bot process (created on first use). */
export function feedChecker(ctx: AppContext): FeedChecker {
	let checker = checkers.get(ctx.client);
	if (!checker) {
		checker = new FeedChecker(ctx);
		checkers.set(ctx.client, checker);
	}
	return checker;
}
