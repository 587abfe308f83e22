import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.js';
import { loadConfig } from '../../src/config.js';
import {
	FEED_JITTER,
	type Feed,
	FeedChecker,
	feedStore,
	MAX_BACKOFF_FACTOR,
	nextCheckDelay,
} from '../../src/feeds/index.js';
import { silentLogger } from '../../src/log.js';
import type { ProjectNode, RostroClient, SearchQuery } from '../../src/rostro/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { page, projectNode } from '../discovery/fixtures.js';

const GUILD = '100000000000000001';
const CHANNEL = '100000000000000002';
const WAIT_MS = 10_000;

describe('nextCheckDelay', () => {
	it('waits one interval, doubling for each failure in a row up to twelve intervals', () => {
		const none = () => 0;
		expect(nextCheckDelay(1_000, 0, none)).toBe(1_000);
		expect(nextCheckDelay(1_000, 1, none)).toBe(2_000);
		expect(nextCheckDelay(1_000, 3, none)).toBe(8_000);
		expect(nextCheckDelay(1_000, 10, none)).toBe(MAX_BACKOFF_FACTOR * 1_000);
	});

	it('only ever lengthens the pause, by at most a fifth', () => {
		expect(nextCheckDelay(1_000, 0, () => 0.999_999)).toBe(Math.round(1_000 * (1 + 0.999_999 * FEED_JITTER)));
		expect(nextCheckDelay(1_000, 0, () => 0.5)).toBeGreaterThan(1_000);
	});
});

/** Calls to a stub, and a way to wait for the n-th one without sleeping. */
class Calls<T> {
	readonly seen: T[] = [];
	readonly #waiters: { count: number; resolve: () => void }[] = [];

	record(call: T): void {
		this.seen.push(call);
		for (const waiter of this.#waiters.filter((w) => this.seen.length >= w.count)) waiter.resolve();
	}

	until(count: number): Promise<void> {
		if (this.seen.length >= count) return Promise.resolve();
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`only ${this.seen.length} of ${count} calls`)), WAIT_MS);
			const done = () => {
				clearTimeout(timer);
				resolve();
			};
			this.#waiters.push({ count, resolve: done });
		});
	}
}

interface World {
	ctx: AppContext;
	store: Store;
	checker: FeedChecker;
	/** What the stub Rostro lists for the feed's tag, newest first. */
	listing: ProjectNode[];
	searches: Calls<SearchQuery>;
	posts: Calls<{ embeds: { title?: string }[] }>;
	/** Makes the next searches wait for this promise (a slow Rostro), or fail (a broken one). */
	gate: { wait?: Promise<void>; fail?: boolean };
	channelNsfw: boolean;
}

let world: World;

async function openWorld(): Promise<World> {
	const dir = mkdtempSync(join(tmpdir(), 'rostro-bot-feeds-'));
	const loaded = loadConfig({
		STORAGE_URL: `sqlite://${join(dir, 'bot.sqlite')}`,
		ROSTRO_BOT_SECRET: randomBytes(32).toString('hex'),
	});
	// Faster than ROSTRO_BOT_FEED_INTERVAL_MINUTES allows (a second at least), for a quick test.
	const config = { ...loaded, feedIntervalMs: 30 };
	const store = await openStore(config, silentLogger);
	const partial = { listing: [] as ProjectNode[], searches: new Calls<SearchQuery>(), gate: {}, channelNsfw: false };
	const posts = new Calls<{ embeds: { title?: string }[] }>();
	const rostro = {
		search: {
			search: async (query: SearchQuery) => {
				partial.searches.record(query);
				const { wait, fail } = (world as World | undefined)?.gate ?? {};
				await wait;
				if (fail) throw new Error('Rostro is down');
				return page(query.tags?.[0] === 'Fantasy' ? world.listing : []);
			},
		},
	} as unknown as RostroClient;
	const channel = {
		id: CHANNEL,
		guildId: GUILD,
		get nsfw() {
			return world.channelNsfw;
		},
		isSendable: () => true,
		isDMBased: () => false,
		isThread: () => false,
		send: async (message: { embeds: { title?: string }[] }) => posts.record(message),
	};
	const client = {
		guilds: { cache: new Set([GUILD]) },
		channels: { fetch: async () => channel },
	} as unknown as Client;
	const ctx: AppContext = { config, logger: silentLogger, store, rostro, commands: new Map(), client };
	return { ctx, store, checker: new FeedChecker(ctx, () => 0), posts, ...partial };
}

function tagFeed(overrides: Partial<Feed> = {}): Feed {
	return {
		id: 'fantasy',
		guildId: GUILD,
		channelId: CHANNEL,
		kind: 'tag',
		name: 'Fantasy',
		addedBy: 'admin',
		addedAt: 0,
		seen: [1, 2],
		failures: 0,
		...overrides,
	};
}

const titlesPosted = () => world.posts.seen.flatMap((post) => post.embeds.map((embed) => embed.title));

beforeEach(async () => {
	world = await openWorld();
	world.listing = [projectNode({ id: 2 }), projectNode({ id: 1 })];
});
afterEach(async () => {
	await world.checker.stop();
	await world.store.close();
});

describe('FeedChecker', () => {
	it('posts each new project once, oldest first, and remembers it in the store', async () => {
		await feedStore(world.ctx).set('fantasy', tagFeed());
		world.listing = [projectNode({ id: 4, name: 'Four' }), projectNode({ id: 3, name: 'Three' }), ...world.listing];
		await world.checker.start();

		await world.posts.until(1);
		const searched = world.searches.seen.length;
		await world.searches.until(searched + 3);
		expect(titlesPosted()).toEqual(['Three', 'Four']);
		expect((await feedStore(world.ctx).get('fantasy'))?.seen).toEqual([1, 2, 3, 4]);
	});

	it('records NSFW work as seen without posting it where the channel is not age-restricted', async () => {
		await feedStore(world.ctx).set('fantasy', tagFeed());
		world.listing = [projectNode({ id: 5, name: 'Velvet', nsfw: true }), ...world.listing];
		await world.checker.start();

		await world.searches.until(3);
		expect(world.posts.seen).toEqual([]);
		expect((await feedStore(world.ctx).get('fantasy'))?.seen).toContain(5);
	});

	it('posts NSFW work in an age-restricted channel', async () => {
		world.channelNsfw = true;
		await feedStore(world.ctx).set('fantasy', tagFeed());
		world.listing = [projectNode({ id: 5, name: 'Velvet', nsfw: true }), ...world.listing];
		await world.checker.start();

		await world.posts.until(1);
		expect(titlesPosted()).toEqual(['Velvet']);
	});

	it('leaves feeds of guilds this process does not hold alone', async () => {
		await feedStore(world.ctx).set('elsewhere', tagFeed({ id: 'elsewhere', guildId: '999', name: 'Elsewhere' }));
		await feedStore(world.ctx).set('fantasy', tagFeed());
		await world.checker.start();

		await world.searches.until(4);
		expect(world.searches.seen.every((query) => query.tags?.[0] === 'Fantasy')).toBe(true);
	});

	it('counts failures in a row while Rostro fails, and starts over once it answers', async () => {
		await feedStore(world.ctx).set('fantasy', tagFeed());
		world.gate.fail = true;
		await world.checker.start();

		await world.searches.until(2);
		await world.checker.whileIdle('fantasy', async () => undefined);
		expect((await feedStore(world.ctx).get('fantasy'))?.failures).toBeGreaterThanOrEqual(1);

		world.gate.fail = false;
		world.listing = [projectNode({ id: 7, name: 'Seven' }), ...world.listing];
		world.checker.schedule('fantasy', 0);
		await world.posts.until(1);
		await world.checker.whileIdle('fantasy', async () => undefined);
		expect((await feedStore(world.ctx).get('fantasy'))?.failures).toBe(0);
	});

	it('waits for a check under way when it stops, so what it posted is recorded', async () => {
		await feedStore(world.ctx).set('fantasy', tagFeed());
		world.listing = [projectNode({ id: 8, name: 'Eight' }), ...world.listing];
		let release = () => {};
		world.gate.wait = new Promise((resolve) => {
			release = resolve;
		});
		await world.checker.start();
		await world.searches.until(1);

		const stopped = world.checker.stop();
		release();
		await stopped;
		expect(titlesPosted()).toEqual(['Eight']);
		expect((await feedStore(world.ctx).get('fantasy'))?.seen).toContain(8);
	});
});
