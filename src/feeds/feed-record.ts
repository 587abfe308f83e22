import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { plainLine } from '../discovery/text.js';
import type { Namespace } from '../store/index.js';

/** What a feed follows: a tag, a creator, or the server account's timeline. */
export const feedKinds = ['tag', 'user', 'timeline'] as const;
export type FeedKind = (typeof feedKinds)[number];

/** How many project ids a feed remembers; far more than one check ever fetches. */
export const SEEN_LIMIT = 500;

/** A channel fed with new projects, keyed by its id. */
export const feedSchema = z.object({
	id: z.string(),
	guildId: z.string(),
	channelId: z.string(),
	kind: z.enum(feedKinds),
	/** The tag or creator; absent for a timeline. */
	name: z.string().optional(),
	addedBy: z.string(),
	addedAt: z.number(),
	/** Ids of the projects already posted (or recorded on the first check), oldest first. */
	seen: z.array(z.number()),
	/** Checks that failed in a row; the next check waits longer for each. */
	failures: z.number(),
	checkedAt: z.number().optional(),
});
export type Feed = z.output<typeof feedSchema>;

/** The stored feeds; records carry `guildId`, so forgetting a server deletes its feeds. */
export function feedStore(ctx: AppContext): Namespace<Feed> {
	return ctx.store.namespace<Feed>('feeds').withSchema(feedSchema);
}

/** Every feed of one server. */
export async function guildFeeds(ctx: AppContext, guildId: string): Promise<Feed[]> {
	const feeds: Feed[] = [];
	for await (const [, feed] of feedStore(ctx).entries()) if (feed.guildId === guildId) feeds.push(feed);
	return feeds.sort((a, b) => a.addedAt - b.addedAt);
}

/** The seen ids with `ids` added, the newest kept when there are too many. */
export function withSeen(seen: number[], ids: number[]): number[] {
	const added = ids.filter((id) => !seen.includes(id));
	return [...seen, ...added].slice(-SEEN_LIMIT);
}

/** A feed in a few words: `tag **Fantasy**`, `creator **creator_b**`, `timeline`. */
export function feedSubject(feed: Pick<Feed, 'kind' | 'name'>): string {
	if (feed.kind === 'tag') return `tag **${plainLine(feed.name ?? '', 100)}**`;
	if (feed.kind === 'user') return `creator **${plainLine(feed.name ?? '', 100)}**`;
	return "the server account's timeline";
}
