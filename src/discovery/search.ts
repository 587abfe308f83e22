import type { BaseMessageOptions } from 'discord.js';
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

function describeQuery(view: SearchView): string {
	const words = view.query.search ? `“${plainLine(view.query.search, 100)}”` : 'everything';
	const tags = view.query.tags.length > 0 ? ` tagged ${plainLine(view.query.tags.join(', '), 200)}` : '';
	return `${words}${tags}`;
}

function pageCount(count: number | undefined, page: number, full: boolean): number {
	if (count) return Math.max(1, Math.ceil(count / SEARCH_PAGE_SIZE));
	return full ? page + 1 : page; // Rostro did not count: there is more while pages come back full
}

/**
 * One page of a stored search: a line on what was searched and where this page stands, the
 * results as embeds with menus to open or chat with them, and ◀ ▶ when there is more than one
 * page. NSFW results show only when the member asked and the channel allows them.
 */
export async function searchPage(
	rostro: RostroClient,
	view: SearchView,
	viewKey: string,
	page: number,
	channelAllowsNsfw: boolean,
): Promise<BaseMessageOptions> {
	const nsfw = view.nsfw && channelAllowsNsfw;
	const result = await rostro.search.search({
		search: view.query.search,
		tags: view.query.tags,
		sort: view.query.sort,
		first: SEARCH_PAGE_SIZE,
		page,
		nsfw,
		nsfl: nsfw,
		namespace: 'characters',
		count: true,
	});
	const nodes = visibleNodes(result.items, nsfw);
	const note = view.nsfw && !channelAllowsNsfw ? `\n${NSFW_IGNORED}` : '';
	const pages = pageCount(result.count, page, result.items.length === SEARCH_PAGE_SIZE);

	if (nodes.length === 0) {
		const content = page > 1 ? 'There are no more results.' : `Nothing on Rostro matches ${describeQuery(view)}.`;
		const components = page > 1 ? [pageButtons('search', viewKey, page, false)] : [];
		return { content: content + note, embeds: [], components };
	}

	const message = resultsMessage('', nodes);
	const first = (page - 1) * SEARCH_PAGE_SIZE + 1;
	const last = first + (message.embeds?.length ?? 0) - 1;
	const total = result.count ? ` of ${formatCount(result.count)}` : '';
	const header = `Results ${first}–${last}${total} for ${describeQuery(view)} · page ${page} of ${pages}`;
	const buttons = pages > 1 ? [pageButtons('search', viewKey, page, page < pages)] : [];
	return { ...message, content: header + note, components: [...(message.components ?? []), ...buttons] };
}
