import type { BaseMessageOptions } from 'discord.js';
import { blockedTagAmong, NO_BLOCKS, type SearchBlocks } from '../moderation/blocks.js';
import type { RostroClient, SearchSort } from '../rostro/index.js';
import { searchSorts } from '../rostro/index.js';
import { resultsMessage, visibleNodes } from './results.js';
import { formatCount, plainLine } from './text.js';
import { pageButtons, type SearchView } from './views.js';

/** Results per page: one embed each, as many as a Discord message holds. */
export const SEARCH_PAGE_SIZE = 10;

/** The sort orders `/search` offers, by the name members see. */
export const sortChoices: { name: string; value: SearchSort }[] = [
	{ name: 'Best match', value: 'default' },
	{ name: 'Most downloaded', value: 'download_count' },
	{ name: 'Trending', value: 'trending' },
	{ name: 'Newest', value: 'created_at' },
	{ name: 'Recently updated', value: 'last_activity_at' },
	{ name: 'Top rated', value: 'rating' },
	{ name: 'Most favorited', value: 'n_favorites' },
	{ name: 'Most chatted with', value: 'chats_user' },
	{ name: 'Longest (tokens)', value: 'n_tokens' },
	{ name: 'Random', value: 'random' },
];

/** Reads a sort option; anything Rostro would refuse falls back to its default order. */
export function parseSort(value: string | null): SearchSort | undefined {
	return searchSorts.find((sort) => sort === value);
}

/** Tags typed as `Fantasy, Female`: trimmed, without blanks or repeats. */
export function parseTags(text: string | null): string[] {
	const tags = (text ?? '').split(',').map((tag) => tag.trim());
	return [...new Set(tags.filter(Boolean))];
}

/** The sentence that tells a member why NSFW results are missing. */
export const NSFW_IGNORED = 'NSFW results are only shown in age-restricted channels, so they are left out here.';
/** The same where the server turned NSFW off (`/setup nsfw mode:off`), in any channel. */
export const NSFW_OFF = 'This server has NSFW content turned off, so NSFW results are left out.';

/**
 * Whether NSFW results may show where a page is read: true; false outside age-restricted
 * channels; or 'off' where the server turned NSFW off, so the page can say which.
 */
export type NsfwHere = boolean | 'off';

function describeQuery(view: SearchView): string {
	const words = view.query.search ? `“${plainLine(view.query.search, 100)}”` : 'everything';
	const tags = view.query.tags.length > 0 ? ` tagged ${plainLine(view.query.tags.join(', '), 200)}` : '';
	return `${words}${tags}`;
}

function pageCount(count: number | undefined, page: number, full: boolean): number {
	if (count) return Math.max(1, Math.ceil(count / SEARCH_PAGE_SIZE));
	return full ? page + 1 : page; // Rostro did not count: there is more while pages come back full
}

/** The answer when nothing on the page can be shown: why, and ◀ ▶ where there is more. */
function emptyPage(view: SearchView, page: number, pages: number, allHidden: boolean) {
	if (allHidden) {
		const content = 'Every result on this page is by a creator or has a tag this server hides.';
		return { content, hasMore: page < pages, buttons: page > 1 || page < pages };
	}
	const content = page > 1 ? 'There are no more results.' : `Nothing on Rostro matches ${describeQuery(view)}.`;
	return { content, hasMore: false, buttons: page > 1 };
}

/**
 * One page of a stored search: a line on what was searched and where this page stands, the
 * results as embeds with menus to open or chat with them, and ◀ ▶ when there is more than one
 * page. NSFW results show only when the member asked and the channel allows them; what the
 * server hides never shows. Hidden tags are left out by Rostro itself (`exclude_tags`), hidden
 * creators here.
 *
 * Limitation: Rostro's search cannot leave out a creator, so a page with a hidden creator's
 * characters shows fewer than ten (unless the server's own token searched, whose account blocks
 * them too), and the count includes them.
 */
export async function searchPage(
	rostro: RostroClient,
	view: SearchView,
	viewKey: string,
	page: number,
	nsfwHere: NsfwHere,
	blocks: SearchBlocks = NO_BLOCKS,
): Promise<BaseMessageOptions> {
	const channelAllowsNsfw = nsfwHere === true;
	const hiddenTag = blockedTagAmong(view.query.tags, blocks);
	if (hiddenTag !== undefined) {
		return { content: `This server hides the tag “${plainLine(hiddenTag, 100)}”.`, embeds: [], components: [] };
	}

	const nsfw = view.nsfw && channelAllowsNsfw;
	const result = await rostro.search.search({
		search: view.query.search,
		tags: view.query.tags,
		excludeTags: [...blocks.tags],
		sort: view.query.sort,
		first: SEARCH_PAGE_SIZE,
		page,
		nsfw,
		nsfl: nsfw,
		namespace: 'characters',
		count: true,
	});
	const nodes = visibleNodes(result.items, nsfw, blocks);
	const ignored = nsfwHere === 'off' ? NSFW_OFF : NSFW_IGNORED;
	const note = view.nsfw && !channelAllowsNsfw ? `\n${ignored}` : '';
	const pages = pageCount(result.count, page, result.items.length === SEARCH_PAGE_SIZE);

	if (nodes.length === 0) {
		const allHidden = visibleNodes(result.items, nsfw).length > 0;
		const empty = emptyPage(view, page, pages, allHidden);
		const components = empty.buttons ? [pageButtons('search', viewKey, page, empty.hasMore)] : [];
		return { content: empty.content + note, embeds: [], components };
	}

	const message = resultsMessage('', nodes);
	const first = (page - 1) * SEARCH_PAGE_SIZE + 1;
	const last = first + (message.embeds?.length ?? 0) - 1;
	const total = result.count ? ` of ${formatCount(result.count)}` : '';
	const header = `Results ${first}–${last}${total} for ${describeQuery(view)} · page ${page} of ${pages}`;
	const buttons = pages > 1 ? [pageButtons('search', viewKey, page, page < pages)] : [];
	return { ...message, content: header + note, components: [...(message.components ?? []), ...buttons] };
}
