import {
	type BaseMessageOptions,
	type Channel,
	type Interaction,
	MessageFlags,
	type RepliableInteraction,
} from 'discord.js';
import type { AppContext } from '../app-context.js';
import type { ComponentInteraction } from '../discord/command.js';
import { describeError } from '../discord/errors.js';
import { nsfwAllowedHere } from '../discord/nsfw.js';
import { defer, noMentions, sendPrivate, sendPublic } from '../discord/replies.js';
import { resolveRostro, rostroFor } from '../discord/tokens.js';
import { UserError } from '../discord/user-error.js';
import { NO_BLOCKS, type SearchBlocks, searchBlocksOf } from '../moderation/blocks.js';
import { nsfwModeOf } from '../moderation/policy.js';
import type { RostroClient } from '../rostro/index.js';
import { memberListPage, timelinePage } from './following.js';
import { type NsfwHere, searchPage } from './search.js';
import { loadView, parsePageKey, saveView, type View } from './views.js';

/** Renders one page of any stored view. */
export function renderView(
	rostro: RostroClient,
	view: View,
	viewKey: string,
	page: number,
	nsfw: NsfwHere,
	blocks: SearchBlocks = NO_BLOCKS,
): Promise<BaseMessageOptions> {
	if (view.kind === 'search') return searchPage(rostro, view, viewKey, page, nsfw, blocks);
	if (view.kind === 'timeline') return timelinePage(rostro, view, viewKey, page, nsfw === true, blocks);
	return memberListPage(rostro, view, viewKey, page);
}

/**
 * The client a page is fetched with. A search is read as whoever turns the page; an account's
 * lists as the member who asked for them, whose token a shared list was made with.
 */
async function clientFor(interaction: Interaction, ctx: AppContext, view: View): Promise<RostroClient> {
	if (view.kind === 'search') return (await resolveRostro(interaction, ctx, { allowPublic: true })).rostro;
	if (interaction.user.id === view.userId) return (await resolveRostro(interaction, ctx)).rostro;

	const owner = await rostroFor(ctx, view.userId, view.guildId);
	if (!owner) throw new UserError('view-owner-gone', 'This list can no longer be read; run the command yourself.');
	return owner.rostro;
}

/** Sends a message privately or publicly, as the member chose. */
export function sendResult(interaction: RepliableInteraction, isPublic: boolean, message: BaseMessageOptions) {
	return isPublic ? sendPublic(interaction, message) : sendPrivate(interaction, message);
}

/** Stores a new view and answers the command with its first page. */
export async function showView(interaction: RepliableInteraction, ctx: AppContext, view: View): Promise<void> {
	await defer(interaction, view.public ? 'public' : 'private');
	const viewKey = await saveView(ctx, view);
	await sendResult(interaction, view.public, await fetchPage(interaction, ctx, view, viewKey, 1));
}

/**
 * The ◀ ▶ handler of every view. The member who asked (or anyone, on a private list only they
 * see) turns the page in place; anyone else pressing a shared list's buttons gets that page
 * privately, so the list everyone sees does not move under them.
 */
export async function turnPage(interaction: ComponentInteraction, ctx: AppContext, key: string): Promise<void> {
	const { viewKey, page } = parsePageKey(key);
	const view = await loadView(ctx, viewKey);
	const inPlace = interaction.user.id === view.userId || interaction.message.flags.has(MessageFlags.Ephemeral);
	if (!inPlace) {
		await defer(interaction, 'private');
		await sendPrivate(interaction, await fetchPage(interaction, ctx, view, viewKey, page));
		return;
	}

	await interaction.deferUpdate();
	try {
		const message = await fetchPage(interaction, ctx, view, viewKey, page);
		await interaction.editReply({ ...message, allowedMentions: noMentions });
	} catch (error) {
		await explainBesideList(interaction, ctx, error);
	}
}

/** Whether NSFW may show in a channel, and when not, whether the server's `/setup nsfw` is why. */
async function nsfwHere(ctx: AppContext, channel: Channel | null): Promise<NsfwHere> {
	if (await nsfwAllowedHere(ctx, channel)) return true;
	if (!channel || channel.isDMBased()) return false;
	return (await nsfwModeOf(ctx, channel.guildId)) === 'off' ? 'off' : false;
}

async function fetchPage(interaction: Interaction, ctx: AppContext, view: View, viewKey: string, page: number) {
	const rostro = await clientFor(interaction, ctx, view);
	const nsfw = await nsfwHere(ctx, interaction.channel);
	return renderView(rostro, view, viewKey, page, nsfw, await searchBlocksOf(ctx, view.guildId));
}

/**
 * After `deferUpdate`, the runtime's private answer would edit (and then delete) the message the
 * button is on, the list itself; the failure is told in a private follow-up instead, in the
 * same sentence and with the same log line.
 */
async function explainBesideList(interaction: ComponentInteraction, ctx: AppContext, error: unknown): Promise<void> {
	const report = describeError(error, interaction);
	ctx.logger[report.level]({ err: error, reference: report.reference }, 'interaction failed');
	await interaction.followUp({ content: report.message, flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
}
