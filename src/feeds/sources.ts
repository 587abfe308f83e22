import type { AppContext } from '../app-context.js';
import { guildToken } from '../discord/tokens.js';
import { UserError } from '../discord/user-error.js';
import type { Page, ProjectNode, RostroClient } from '../rostro/index.js';
import type { Feed } from './feed-record.js';

/** Projects fetched per page of a feed's source, newest first. */
export const FEED_PAGE_SIZE = 20;
/** A check reads at most this many pages, when everything on them is new. */
export const FEED_MAX_PAGES = 3;

/**
 * The client a feed reads with: the server's token when it has one (a timeline needs it), else
 * no token, since tag and creator listings are public reads.
 */
export async function feedRostro(ctx: AppContext, feed: Pick<Feed, 'guildId' | 'kind'>): Promise<RostroClient> {
	const token = await guildToken(ctx, feed.guildId);
	if (token) return ctx.rostro.withToken(token);
	if (feed.kind !== 'timeline') return ctx.rostro;

	throw new UserError(
		'feed-no-token',
		"A timeline feed follows the server's own Rostro account; an admin must run /setup token first.",
	);
}

/**
 * One page of a feed's source, newest first, NSFW included: the channel's gate is applied when
 * posting, so what it leaves out still counts as seen. Sources are the ones Rostro's site uses
 * for new work: search by tag or by creator sorted by creation, or the account's timeline.
 */
export function sourcePage(rostro: RostroClient, feed: Feed, page: number): Promise<Page<ProjectNode>> {
	if (feed.kind === 'timeline') return rostro.follow.timeline({ first: FEED_PAGE_SIZE, page, nsfw: true });

	const query = { sort: 'created_at' as const, first: FEED_PAGE_SIZE, page, nsfw: true, nsfl: true, count: false };
	return rostro.search.search(
		feed.kind === 'tag' ? { ...query, tags: [feed.name ?? ''] } : { ...query, username: feed.name },
	);
}

/**
 * The projects not seen before, oldest first. Pages are read until one holds a project already
 * seen (or comes back short), so a burst of new work between two checks is not missed.
 */
export async function unseenProjects(rostro: RostroClient, feed: Feed): Promise<ProjectNode[]> {
	const seen = new Set(feed.seen);
	const unseen: ProjectNode[] = [];
	for (let page = 1; page <= FEED_MAX_PAGES; page++) {
		const { items } = await sourcePage(rostro, feed, page);
		const fresh = items.filter((node) => !seen.has(node.id));
		for (const node of fresh) seen.add(node.id); // a project that moved to the next page counts once
		unseen.push(...fresh);
		if (fresh.length < items.length || items.length < FEED_PAGE_SIZE) break;
	}
	return unseen.reverse();
}

/** The ids a new feed starts from: everything its source lists now, so it starts quiet. */
export async function currentProjectIds(rostro: RostroClient, feed: Feed): Promise<number[]> {
	const { items } = await sourcePage(rostro, feed, 1);
	return items.map((node) => node.id).reverse();
}
