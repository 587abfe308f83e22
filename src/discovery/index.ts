import type { AppContext } from '../app-context.js';
import { feedChecker } from '../feeds/checker.js';
import { viewStore } from './views.js';

export {
	characterMessage,
	chatFromComponent,
	FAVORITE_ACTION,
	findCharacter,
	loadShowable,
	requireShowable,
	SIMILAR_ACTION,
	showSimilar,
	toggleFavorite,
} from './character.js';
export {
	cardEmbed,
	DISCOVERY_COLOUR,
	EMBED_LIMITS,
	embedLength,
	fitEmbeds,
	type PreviewNames,
	profileEmbed,
	resultEmbed,
	tagLine,
} from './embeds.js';
export {
	changeFollowing,
	type FollowingAccount,
	type FollowRequest,
	followingAccount,
	hiddenSentence,
	memberListPage,
	setCreatorFollow,
	setTagFollow,
	TIMELINE_PAGE_SIZE,
	timelinePage,
} from './following.js';
export { creatorUrl, projectUrl, ROSTRO_SITE } from './links.js';
export { renderView, sendResult, showView, turnPage } from './pages.js';
export { profileMessage, TOP_PROJECTS } from './profile.js';
export { CHARACTER_COMMAND, CHAT_ACTION, OPEN_ACTION, resultMenus, resultsMessage, visibleNodes } from './results.js';
export {
	NSFW_IGNORED,
	NSFW_OFF,
	type NsfwHere,
	parseSort,
	parseTags,
	SEARCH_PAGE_SIZE,
	searchPage,
	sortChoices,
} from './search.js';
export { type Choice, suggestCharacters, suggestTags } from './suggest.js';
export { clip, formatCount, plainLine, safeMarkdown } from './text.js';
export {
	type AccountView,
	loadView,
	PAGE_ACTION,
	pageButtons,
	parsePageKey,
	type SearchView,
	saveView,
	VIEW_TTL_MS,
	type View,
	viewSchema,
	viewStore,
} from './views.js';

/**
 * Starts what discovery runs in the background once the client is ready: the feed checker.
 * Its stores open here too, so removing the bot from a server deletes their records from the
 * start.
 */
export async function startDiscovery(ctx: AppContext): Promise<void> {
	viewStore(ctx);
	await feedChecker(ctx).start();
}

/** Stops the feed checker, waiting for a check under way so what it posted is recorded. */
export function stopDiscovery(ctx: AppContext): Promise<void> {
	return feedChecker(ctx).stop();
}
