import type { APIEmbed, BaseMessageOptions, ChatInputCommandInteraction, Interaction } from 'discord.js';
import type { AppContext } from '../app-context.js';
import { guildIdOf } from '../discord/guards.js';
import { isAdmin } from '../discord/permissions.js';
import { resolveRostro, type TokenSource } from '../discord/tokens.js';
import { UserError } from '../discord/user-error.js';
import { audit, followChangeEntry } from '../moderation/audit.js';
import { NO_BLOCKS, type SearchBlocks, withoutBlocked } from '../moderation/blocks.js';
import { chargeUse } from '../moderation/limits.js';
import { requireNewName } from '../moderation/setup-blocks.js';
import {
	type Member,
	type ProjectNode,
	RostroBadRequestError,
	type RostroClient,
	RostroNotFoundError,
} from '../rostro/index.js';
import { DISCOVERY_COLOUR } from './embeds.js';
import { creatorUrl } from './links.js';
import { resultsMessage, visibleNodes } from './results.js';
import { knownTag } from './suggest.js';
import { formatCount, plainLine } from './text.js';
import { type AccountView, pageButtons } from './views.js';

/** Timeline items per page: one embed each. */
export const TIMELINE_PAGE_SIZE = 10;

/** The Rostro account a member's follow commands act for, and its name. */
export interface FollowingAccount {
	rostro: RostroClient;
	source: TokenSource;
	userName: string;
}

async function storedAccountName(ctx: AppContext, interaction: Interaction, source: TokenSource) {
	if (source === 'member') return (await ctx.store.members.get(interaction.user.id))?.account?.userName;
	if (source === 'guild') return (await ctx.store.guilds.get(guildIdOf(interaction)))?.account?.userName;
	return undefined;
}

/**
 * The account that resolves for the member (their linked token first, then the server's). To
 * `change` whom the server's own account follows, the member needs Manage Server.
 */
export async function followingAccount(
	interaction: Interaction,
	ctx: AppContext,
	{ change = false } = {},
): Promise<FollowingAccount> {
	const { rostro, source } = await resolveRostro(interaction, ctx);
	if (change && source === 'guild' && !isAdmin(interaction)) {
		throw new UserError(
			'follow-server-account',
			"Your commands here use the server's Rostro account, and only members with Manage Server may " +
				'change whom it follows. Link your own account with /account link to follow for yourself.',
		);
	}

	// A change counts against the server's follow limits before Rostro is asked anything.
	if (change)
		await chargeUse(ctx, { guildId: guildIdOf(interaction), userId: interaction.user.id, feature: 'follow', source });

	const userName = (await storedAccountName(ctx, interaction, source)) ?? (await rostro.account.self()).userName;
	return { rostro, source, userName };
}

/** Turns Rostro's refusals of a follow change into sentences for the member. */
async function changeFollow(what: string, change: () => Promise<void>): Promise<void> {
	try {
		await change();
	} catch (error) {
		if (error instanceof RostroNotFoundError) throw new UserError('follow-unknown', `Rostro has no ${what}.`);
		if (error instanceof RostroBadRequestError) {
			throw new UserError('follow-refused', `Rostro refused: ${error.rostroMessage ?? 'it did not accept that'}.`);
		}
		throw error;
	}
}

/** Follows or unfollows a creator; answers with the sentence to show. */
export async function setCreatorFollow(account: FollowingAccount, name: string, follow: boolean): Promise<string> {
	const creator = name.trim().replace(/^@/, '');
	await changeFollow(`creator called ${plainLine(creator, 100)}`, () =>
		follow ? account.rostro.follow.followUser(creator) : account.rostro.follow.unfollowUser(creator),
	);
	const who = `**${plainLine(account.userName, 100)}**`;
	const whom = `**${plainLine(creator, 100)}**`;
	return follow ? `${who} now follows ${whom} on Rostro.` : `${who} no longer follows ${whom} on Rostro.`;
}

/** Follows or unfollows a tag; answers with the sentence to show. */
export async function setTagFollow(account: FollowingAccount, name: string, follow: boolean): Promise<string> {
	const tag = name.trim();
	if (!tag) throw new UserError('tag-empty', 'Name the tag to follow.');

	await changeFollow(`tag called ${plainLine(tag, 100)}`, () =>
		follow ? account.rostro.follow.followTag(tag) : account.rostro.follow.unfollowTag(tag),
	);
	const who = `**${plainLine(account.userName, 100)}**`;
	const what = `the tag **${plainLine(tag, 100)}**`;
	return follow ? `${who} now follows ${what} on Rostro.` : `${who} no longer follows ${what} on Rostro.`;
}

/** A follow or unfollow of a creator or a tag, as `/follow` and `/unfollow` ask for it. */
export interface FollowRequest {
	kind: 'user' | 'tag';
	name: string;
	follow: boolean;
}

/**
 * Follows or unfollows for the member, on the account that resolves for them (the server's only
 * for admins, and then within its follow limits), and writes the change to the audit log.
 * Resolves to the sentence to show.
 */
export async function changeFollowing(
	interaction: ChatInputCommandInteraction,
	ctx: AppContext,
	request: FollowRequest,
): Promise<string> {
	const name = request.kind === 'user' ? request.name.trim().replace(/^@/, '') : request.name.trim();
	if (!name) throw new UserError('follow-empty', `Name the ${request.kind === 'tag' ? 'tag' : 'creator'} to follow.`);
	// A mention or anything else no tag could be is refused as /setup block refuses it, before
	// anything is counted or sent; unfollowing is not checked, so an older follow can be undone.
	if (request.kind === 'tag' && request.follow) requireNewName('tag', name, 'Follow');

	const account = await followingAccount(interaction, ctx, { change: true });
	const set = request.kind === 'tag' ? setTagFollow : setCreatorFollow;
	let sentence = await set(account, name, request.follow);
	if (request.kind === 'tag' && request.follow && (await knownTag(ctx.rostro, name)) === false) {
		sentence += ' No project on Rostro has that tag yet.';
	}

	const who = { guildId: guildIdOf(interaction), userId: interaction.user.id, channel: interaction.channel };
	await audit(ctx, followChangeEntry({ ...who, ...request, name, source: account.source }));
	return sentence;
}

function memberLine(member: Member): string {
	return `• [${plainLine(member.userName, 80)}](${creatorUrl(member.userName)})`;
}

/**
 * One page of whom an account follows, or of who follows it. Limitation: Rostro lists the
 * creators an account follows but not its tags, so followed tags cannot be shown until the API
 * lists them.
 */
export async function memberListPage(
	rostro: RostroClient,
	view: AccountView,
	viewKey: string,
	page: number,
): Promise<BaseMessageOptions> {
	const name = plainLine(view.userName, 100);
	const result =
		view.kind === 'follows'
			? await rostro.follow.follows(view.userName, page)
			: await rostro.follow.followers(view.userName, page);
	const title = view.kind === 'follows' ? `Creators ${name} follows` : `Who follows ${name}`;
	const empty = view.kind === 'follows' ? `${name} follows no creators.` : `Nobody follows ${name} yet.`;
	if (result.items.length === 0) {
		const content = page > 1 ? 'There are no more names.' : empty;
		return { content, embeds: [], components: page > 1 ? [pageButtons('follow', viewKey, page, false)] : [] };
	}

	// Rostro reports the total but not its page size: a full page is as long as this one.
	const shownSoFar = (page - 1) * result.items.length + result.items.length;
	const hasNext = result.count !== undefined && shownSoFar < result.count;
	const total = result.count === undefined ? '' : ` · ${formatCount(result.count)} in all`;
	const embed: APIEmbed = {
		title: `${title}${total}`,
		description: result.items.map(memberLine).join('\n'),
		footer: { text: `Page ${page}` },
		color: DISCOVERY_COLOUR,
	};
	const buttons = hasNext || page > 1 ? [pageButtons('follow', viewKey, page, hasNext)] : [];
	return { content: '', embeds: [embed], components: buttons };
}

/** Why some items of a timeline page are missing: NSFW here, or hidden by the server. */
function timelineNotes(items: ProjectNode[], shown: ProjectNode[], blocks: SearchBlocks): string {
	const allowed = withoutBlocked(items, blocks);
	const nsfwHidden = allowed.length - shown.length;
	const blocked = items.length - allowed.length;
	const notes = [
		...(nsfwHidden > 0 ? [hiddenSentence(nsfwHidden)] : []),
		...(blocked > 0 ? [blockedSentence(blocked)] : []),
	];
	return notes.map((note) => `\n${note}`).join('');
}

/**
 * One page of an account's timeline: new work by the creators and tags it follows, without what
 * the server hides (`/setup block`). Limitation: Rostro's timeline takes no list of creators or
 * tags to leave out, so a page with hidden items shows fewer than ten (or none), until it does.
 */
export async function timelinePage(
	rostro: RostroClient,
	view: AccountView,
	viewKey: string,
	page: number,
	channelAllowsNsfw: boolean,
	blocks: SearchBlocks = NO_BLOCKS,
): Promise<BaseMessageOptions> {
	// Asked for in full and filtered here, so the page can say what this channel leaves out.
	const result = await rostro.follow.timeline({ first: TIMELINE_PAGE_SIZE, page, nsfw: true });
	const nodes = visibleNodes(result.items, channelAllowsNsfw, blocks);
	const note = timelineNotes(result.items, nodes, blocks);
	const more = result.count ?? Number.POSITIVE_INFINITY;
	const hasNext = result.items.length === TIMELINE_PAGE_SIZE && page * TIMELINE_PAGE_SIZE < more;
	const buttons = hasNext || page > 1 ? [pageButtons('follow', viewKey, page, hasNext)] : [];
	if (nodes.length === 0) {
		return { content: emptyTimelineSentence(page, result.items.length > 0) + note, embeds: [], components: buttons };
	}

	const header = `New from the creators and tags **${plainLine(view.userName, 100)}** follows · page ${page}`;
	const message = resultsMessage(header + note, nodes);
	return { ...message, components: [...(message.components ?? []), ...buttons] };
}

/** What an empty timeline page says: whether everything on it was left out, or there was nothing. */
function emptyTimelineSentence(page: number, leftOut: boolean): string {
	if (leftOut) return `Nothing on page ${page} can be shown here.`;
	return page > 1 ? 'There is nothing further back.' : 'Nothing new from the creators and tags followed.';
}

/** Why some items of a list are missing in this channel. */
export function hiddenSentence(hidden: number): string {
	const items = hidden === 1 ? '1 NSFW item is' : `${hidden} NSFW items are`;
	return `${items} left out: NSFW content is only shown in age-restricted channels.`;
}

/** Why some items of a list are missing in this server. */
function blockedSentence(blocked: number): string {
	const items = blocked === 1 ? '1 item' : `${blocked} items`;
	return `${items} by a creator or with a tag this server hides ${blocked === 1 ? 'is' : 'are'} left out.`;
}
