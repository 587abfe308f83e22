import {
	ActionRowBuilder,
	type BaseMessageOptions,
	ButtonBuilder,
	ButtonStyle,
	type Interaction,
	type RepliableInteraction,
} from 'discord.js';
import type { AppContext } from '../app-context.js';
import { loadCharacter, startChat } from '../chat/start.js';
import { customId } from '../discord/command.js';
import { allowsNsfw, nsfwAllowedHere, nsfwRefusal } from '../discord/nsfw.js';
import { isAdmin } from '../discord/permissions.js';
import { defer, sendPrivate } from '../discord/replies.js';
import { resolveRostro } from '../discord/tokens.js';
import { UserError } from '../discord/user-error.js';
import { hiddenBy, isBlocked, NO_BLOCKS, type SearchBlocks, searchBlocksOf } from '../moderation/blocks.js';
import { type Character, type RostroClient, RostroNotFoundError } from '../rostro/index.js';
import { cardEmbed } from './embeds.js';
import { projectUrl } from './links.js';
import { CHARACTER_COMMAND, CHAT_ACTION, hidesAnything, resultsMessage, visibleNodes } from './results.js';
import { plainLine } from './text.js';

/** Button actions on a character's card; the key is the project id. */
export const FAVORITE_ACTION = 'favorite';
export const SIMILAR_ACTION = 'similar';

function memberName(interaction: Interaction): string {
	const member = interaction.member;
	return member && 'displayName' in member ? member.displayName : interaction.user.displayName;
}

function notFound(reference: string): UserError {
	return new UserError('character-unknown', `Rostro has no character called ${plainLine(reference, 100)}.`);
}

// When the server hides creators, the best match may be theirs: a few more are asked for.
const MATCHES_PAST_HIDDEN = 10;

const sameText = (a: string, b: string) =>
	a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * The id of the character a name typed means. The best match that may show here wins, unless a
 * character that may not (an NSFW one where `nsfw` is false, or one the server hides) is called
 * exactly that; with no match that may show, the best one that may not is taken, so that the
 * caller refuses it with the real reason rather than saying Rostro has no such character. Those
 * are looked up with `everyone` (no token): the account searching may block them on Rostro too.
 */
async function matchByName(
	rostro: RostroClient,
	typed: string,
	nsfw: boolean,
	blocks: SearchBlocks,
	everyone: RostroClient,
): Promise<number | undefined> {
	const page = await rostro.search.search({
		search: typed,
		first: hidesAnything(blocks) ? MATCHES_PAST_HIDDEN : 1,
		excludeTags: [...blocks.tags],
		nsfw,
		nsfl: nsfw,
		namespace: 'characters',
	});
	const shown = visibleNodes(page.items, nsfw, blocks);
	const exact = shown.find((node) => sameText(node.name, typed));
	if (exact) return exact.id;

	const all = await everyone.search.search({
		search: typed,
		first: MATCHES_PAST_HIDDEN,
		nsfw: true,
		nsfl: true,
		namespace: 'characters',
	});
	const refused = all.items.filter((node) => (node.nsfw && !nsfw) || isBlocked(node, blocks));
	return (refused.find((node) => sameText(node.name, typed)) ?? shown[0] ?? refused[0])?.id;
}

/**
 * The character a member named: an id or `creator/slug` as autocomplete offers them, else the
 * best search match for the name typed (see `matchByName`). What it finds may be NSFW or hidden
 * by the server: the caller refuses it as `loadShowable` does, the same whichever way it was named.
 */
export async function findCharacter(
	rostro: RostroClient,
	reference: string,
	nsfw: boolean,
	blocks: SearchBlocks = NO_BLOCKS,
	everyone: RostroClient = rostro,
): Promise<Character> {
	const typed = reference.trim();
	try {
		if (/^\d+$/.test(typed) || typed.includes('/')) return await loadCharacter(rostro, typed);

		const id = await matchByName(rostro, typed, nsfw, blocks, everyone);
		if (id === undefined) throw notFound(typed);
		return await rostro.characters.getById(id);
	} catch (error) {
		if (error instanceof RostroNotFoundError) throw notFound(typed);
		throw error;
	}
}

/** Refuses an NSFW character outside age-restricted channels (and their threads). */
export function requireShowable(character: Character, interaction: Interaction): void {
	if (!character.project.nsfw || allowsNsfw(interaction.channel)) return;
	throw new UserError('character-nsfw', `${plainLine(character.card.name, 100)} is for age-restricted channels only.`);
}

function cardButtons(character: Character) {
	const id = String(character.project.id);
	return new ActionRowBuilder<ButtonBuilder>().addComponents(
		new ButtonBuilder()
			.setCustomId(customId(CHARACTER_COMMAND, CHAT_ACTION, id))
			.setLabel('Chat')
			.setStyle(ButtonStyle.Primary),
		new ButtonBuilder()
			.setCustomId(customId(CHARACTER_COMMAND, FAVORITE_ACTION, id))
			.setLabel('Favorite')
			.setEmoji('⭐')
			.setStyle(ButtonStyle.Secondary),
		new ButtonBuilder()
			.setCustomId(customId(CHARACTER_COMMAND, SIMILAR_ACTION, id))
			.setLabel('Similar')
			.setStyle(ButtonStyle.Secondary),
		new ButtonBuilder().setURL(projectUrl(character.project.fullPath)).setLabel('On Rostro').setStyle(ButtonStyle.Link),
	);
}

/** A character's card with its Chat, Favorite, Similar and link buttons. */
export function characterMessage(character: Character, interaction: Interaction): BaseMessageOptions {
	const names = { char: character.card.name, user: memberName(interaction) };
	return { content: '', embeds: [cardEmbed(character, names)], components: [cardButtons(character)] };
}

/** Refuses a character by a creator, or with a tag, that the server hides. */
export function refuseHidden(character: Character, blocks: SearchBlocks): void {
	const hidden = hiddenBy(character.project, blocks);
	if (!hidden) return;

	const name = plainLine(character.card.name || character.project.name, 100);
	const by = plainLine(hidden.name, 100);
	throw new UserError(
		'character-hidden',
		hidden.kind === 'user'
			? `This server hides characters by ${by}, so ${name} is not shown.`
			: `This server hides the tag “${by}”, which ${name} has.`,
	);
}

/**
 * Loads the character named (by id, path or name) for its card, refusing it with the reason
 * when NSFW may not show here (the channel, or the server's `/setup nsfw`) or the server hides it.
 */
export async function loadShowable(interaction: RepliableInteraction, ctx: AppContext, reference: string) {
	const { rostro } = await resolveRostro(interaction, ctx, { allowPublic: true });
	const nsfw = await nsfwAllowedHere(ctx, interaction.channel);
	const blocks = await searchBlocksOf(ctx, interaction.guildId);
	const character = await findCharacter(rostro, reference, nsfw, blocks, ctx.rostro);
	if (character.project.nsfw && !nsfw) {
		throw await nsfwRefusal(ctx, interaction.channel, 'character-nsfw', plainLine(character.card.name, 100));
	}
	refuseHidden(character, blocks);
	return character;
}

/**
 * Favorites the character on the account that resolves for the member, or takes it out of the
 * favorites when it is one already. The server's own account needs Manage Server.
 */
export async function toggleFavorite(interaction: RepliableInteraction, ctx: AppContext, projectId: number) {
	await defer(interaction, 'private');
	const { rostro, source } = await resolveRostro(interaction, ctx);
	if (source === 'guild' && !isAdmin(interaction)) {
		throw new UserError(
			'favorite-server-account',
			'Favorites go on your own Rostro account: link it with /account link. Only members with ' +
				"Manage Server may change the server account's favorites.",
		);
	}

	const character = await findCharacter(rostro, String(projectId), true);
	const name = `**${plainLine(character.card.name, 100)}**`;
	if (character.isFavorite) {
		await rostro.favorites.remove(projectId);
		await sendPrivate(interaction, { content: `${name} is no longer among the favorites on Rostro.` });
		return;
	}
	await rostro.favorites.add(projectId);
	await sendPrivate(interaction, { content: `⭐ ${name} is now among the favorites on Rostro.` });
}

/** Characters like this one, privately, NSFW-gated by the channel, without what the server hides. */
export async function showSimilar(interaction: RepliableInteraction, ctx: AppContext, projectId: number) {
	await defer(interaction, 'private');
	const { rostro } = await resolveRostro(interaction, ctx, { allowPublic: true });
	const nsfw = await nsfwAllowedHere(ctx, interaction.channel);
	const blocks = await searchBlocksOf(ctx, interaction.guildId);
	const similar = visibleNodes(await rostro.projects.similar(projectId, { nsfw, nsfl: nsfw }), nsfw, blocks);
	if (similar.length === 0) {
		await sendPrivate(interaction, { content: 'Rostro knows no characters like this one that can be shown here.' });
		return;
	}
	await sendPrivate(interaction, resultsMessage('Characters like this one:', similar));
}

/**
 * Starts a chat from a button or a menu, with what `/chat start` would choose by default: the
 * server's model, the main greeting, a public thread in this channel.
 */
export async function chatFromComponent(interaction: RepliableInteraction, ctx: AppContext, reference: string) {
	if (interaction.channel?.isThread()) {
		throw new UserError(
			'chat-from-thread',
			'Chats open their own thread, so they start from a text or forum channel; use this there, or /chat start.',
		);
	}

	await defer(interaction, 'private');
	const { rostro } = await resolveRostro(interaction, ctx);
	const threadId = await startChat(interaction, ctx, rostro, { character: reference, private: false });
	await sendPrivate(interaction, { content: `Your chat is open: <#${threadId}>.` });
}
