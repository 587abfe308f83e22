import { randomBytes } from 'node:crypto';
import { type APIEmbed, ChannelType, type GuildBasedChannel, PermissionFlagsBits } from 'discord.js';
import type { AppContext } from '../app-context.js';
import { namePermissions } from '../discord/permissions.js';
import { UserError } from '../discord/user-error.js';
import { DISCOVERY_COLOUR } from '../discovery/embeds.js';
import { plainLine } from '../discovery/text.js';
import { audit } from '../moderation/audit.js';
import { RostroNotFoundError } from '../rostro/index.js';
import { feedChecker, nextCheckDelay } from './checker.js';
import { type Feed, type FeedKind, feedStore, feedSubject, guildFeeds } from './feed-record.js';
import { currentProjectIds, feedRostro } from './sources.js';

/** A server may keep this many feeds (as many as one autocomplete list shows). */
export const FEEDS_PER_GUILD = 25;

/** What an admin asked for in `/follow feed add`. */
export interface FeedRequest {
	guildId: string;
	channel: GuildBasedChannel;
	kind: FeedKind;
	name: string | null;
	addedBy: string;
}

const POSTING_PERMISSIONS = [
	PermissionFlagsBits.ViewChannel,
	PermissionFlagsBits.SendMessages,
	PermissionFlagsBits.EmbedLinks,
];

function requirePostable(ctx: AppContext, channel: GuildBasedChannel): void {
	if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) {
		throw new UserError('feed-channel', 'Feeds post in a text or announcement channel.');
	}

	const bot = ctx.client.user;
	const have = bot ? channel.permissionsFor(bot) : null;
	if (!have) return; // not known here; a post that fails is logged and retried later
	const missing = namePermissions(POSTING_PERMISSIONS.filter((flag) => !have.has(flag)));
	if (missing.length === 0) return;
	throw new UserError(
		'feed-permissions',
		`I lack ${missing.join(', ')} in <#${channel.id}>, so I could not post there.`,
	);
}

function requireName(kind: FeedKind, name: string | null): string | undefined {
	if (kind === 'timeline') return undefined;

	const trimmed = (name ?? '').trim();
	const cleaned = kind === 'user' ? trimmed.replace(/^@/, '') : trimmed;
	if (cleaned) return cleaned;
	throw new UserError('feed-name', `Name the ${kind === 'tag' ? 'tag' : 'creator'} this feed follows.`);
}

function sameSource(feed: Feed, channelId: string, kind: FeedKind, name: string | undefined): boolean {
	return (
		feed.channelId === channelId && feed.kind === kind && (feed.name ?? '').toLowerCase() === (name ?? '').toLowerCase()
	);
}

/** Refuses a creator Rostro does not know, before a feed waits forever for their work. */
async function requireCreator(ctx: AppContext, feed: Feed): Promise<void> {
	if (feed.kind !== 'user') return;
	try {
		await (await feedRostro(ctx, feed)).users.profile(feed.name ?? '');
	} catch (error) {
		if (!(error instanceof RostroNotFoundError)) throw error;
		throw new UserError('creator-unknown', `Rostro has no creator called ${plainLine(feed.name ?? '', 100)}.`);
	}
}

/**
 * Adds a feed. Its first check happens now and only records what its source lists, so the
 * channel starts quiet and gets what is published from now on.
 */
export async function addFeed(ctx: AppContext, request: FeedRequest): Promise<{ feed: Feed; recorded: number }> {
	requirePostable(ctx, request.channel);
	const name = requireName(request.kind, request.name);
	const existing = await guildFeeds(ctx, request.guildId);
	if (existing.some((feed) => sameSource(feed, request.channel.id, request.kind, name))) {
		throw new UserError('feed-exists', 'That channel already has this feed.');
	}
	if (existing.length >= FEEDS_PER_GUILD) {
		throw new UserError('feed-limit', `A server can have ${FEEDS_PER_GUILD} feeds; remove one first.`);
	}

	const draft: Feed = {
		id: randomBytes(6).toString('base64url'),
		guildId: request.guildId,
		channelId: request.channel.id,
		kind: request.kind,
		name,
		addedBy: request.addedBy,
		addedAt: Date.now(),
		seen: [],
		failures: 0,
	};
	await requireCreator(ctx, draft);
	const seen = await currentProjectIds(await feedRostro(ctx, draft), draft);
	const feed = { ...draft, seen, checkedAt: Date.now() };
	await feedStore(ctx).set(feed.id, feed);
	feedChecker(ctx).schedule(feed.id, nextCheckDelay(ctx.config.feedIntervalMs, 0));
	ctx.logger.info({ feedId: feed.id, kind: feed.kind, recorded: seen.length }, 'feed added');
	await audit(ctx, feedEntry(feed, request.addedBy, 'added a feed of'));
	return { feed, recorded: seen.length };
}

/**
 * Removes one of the server's feeds, after any check of it under way, and audits who removed it;
 * the removed feed, if any.
 */
export async function removeFeed(
	ctx: AppContext,
	guildId: string,
	feedId: string,
	removedBy: string,
): Promise<Feed | undefined> {
	const store = feedStore(ctx);
	const removed = await feedChecker(ctx).whileIdle(feedId, async () => {
		const feed = await store.get(feedId);
		if (!feed || feed.guildId !== guildId) return undefined;
		await store.delete(feedId);
		ctx.logger.info({ feedId }, 'feed removed');
		return feed;
	});
	if (removed) await audit(ctx, feedEntry(removed, removedBy, 'removed the feed of'));
	return removed;
}

/** A feed added or removed, as an audit entry: its source, in the channel it posts to. */
function feedEntry(feed: Feed, userId: string, what: string) {
	return { guildId: feed.guildId, userId, what: `${what} ${feedSubject(feed)}`, channelId: feed.channelId };
}

/** A feed as one line of `/follow feed list`. */
export function feedLine(feed: Feed): string {
	return `${feedSubject(feed)} → <#${feed.channelId}>`;
}

/** A feed as the remove menu offers it: plain text, the channel by name. */
export function feedChoiceName(feed: Feed, channelName: string | undefined): string {
	const subject =
		feed.kind === 'timeline'
			? "the server account's timeline"
			: `${feed.kind === 'tag' ? 'tag' : 'creator'} ${feed.name}`;
	return `${subject} → #${channelName ?? feed.channelId}`.slice(0, 100);
}

/** The server's feeds, with when each was last checked and whether Rostro is failing it. */
export function feedListEmbed(feeds: Feed[]): APIEmbed {
	const line = (feed: Feed) => {
		const checked = feed.checkedAt ? ` · checked <t:${Math.floor(feed.checkedAt / 1000)}:R>` : '';
		const failing = feed.failures > 0 ? ` · failing (${feed.failures} in a row; retrying less often)` : '';
		return `• ${feedLine(feed)}${checked}${failing}`;
	};
	return {
		title: `Feeds in this server (${feeds.length} of ${FEEDS_PER_GUILD})`,
		description: feeds.length > 0 ? feeds.map(line).join('\n') : 'None yet; add one with `/follow feed add`.',
		color: DISCOVERY_COLOUR,
	};
}
