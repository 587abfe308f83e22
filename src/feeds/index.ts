export { FEED_JITTER, FeedChecker, feedChecker, MAX_BACKOFF_FACTOR, nextCheckDelay } from './checker.js';
export { addFeedCommand, listFeedsCommand, removeFeedCommand, suggestFeeds } from './commands.js';
export { type Delivery, deliverNew } from './delivery.js';
export {
	type Feed,
	type FeedKind,
	feedKinds,
	feedSchema,
	feedStore,
	feedSubject,
	guildFeeds,
	SEEN_LIMIT,
	withSeen,
} from './feed-record.js';
export {
	addFeed,
	FEEDS_PER_GUILD,
	type FeedRequest,
	feedChoiceName,
	feedLine,
	feedListEmbed,
	removeFeed,
} from './manage.js';
export {
	currentProjectIds,
	FEED_MAX_PAGES,
	FEED_PAGE_SIZE,
	feedRostro,
	sourcePage,
	unseenProjects,
} from './sources.js';
