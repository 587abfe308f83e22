import {
	ActionRowBuilder,
	type APIEmbed,
	type APISelectMenuOption,
	type BaseMessageOptions,
	StringSelectMenuBuilder,
} from 'discord.js';
import { customId } from '../discord/command.js';
import { NO_BLOCKS, type SearchBlocks, withoutBlocked } from '../moderation/blocks.js';
import type { ProjectNode } from '../rostro/index.js';
import { fitEmbeds, resultEmbed } from './embeds.js';
import { clip } from './text.js';

/** The command whose component handlers open a project's card or start a chat with it. */
export const CHARACTER_COMMAND = 'character';
/** Select actions on a result list; the selected value is the project id. */
export const OPEN_ACTION = 'open';
export const CHAT_ACTION = 'chat';

/**
 * What a channel may show: everything in an age-restricted one, else only what is not NSFW; and
 * nothing by a creator or with a tag the server hides (`/setup block`).
 */
export function visibleNodes(nodes: ProjectNode[], nsfwAllowed: boolean, blocks = NO_BLOCKS): ProjectNode[] {
	const shown = withoutBlocked(nodes, blocks);
	return nsfwAllowed ? shown : shown.filter((node) => !node.nsfw);
}

/** Whether a server hides anything at all. */
export function hidesAnything(blocks: SearchBlocks): boolean {
	return blocks.creators.length > 0 || blocks.tags.length > 0;
}

function isCharacter(node: ProjectNode): boolean {
	return (node.projectSpace ?? 'characters') === 'characters' && node.fullPath.split('/').length === 2;
}

function option(node: ProjectNode): APISelectMenuOption {
	const name = node.name.replace(/\s+/g, ' ').trim() || `Project ${node.id}`;
	const tagline = node.tagline.replace(/\s+/g, ' ').trim();
	return { label: clip(name, 100), value: String(node.id), description: tagline ? clip(tagline, 100) : undefined };
}

function select(action: string, placeholder: string, nodes: ProjectNode[]) {
	const menu = new StringSelectMenuBuilder()
		.setCustomId(customId(CHARACTER_COMMAND, action))
		.setPlaceholder(placeholder)
		.addOptions(nodes.map(option));
	return new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu);
}

/** Two menus under a list: open a character's card, or start a chat with it. */
export function resultMenus(nodes: ProjectNode[]): ActionRowBuilder<StringSelectMenuBuilder>[] {
	const characters = nodes.filter(isCharacter);
	if (characters.length === 0) return [];

	return [
		select(OPEN_ACTION, 'Open a character’s card…', characters),
		select(CHAT_ACTION, 'Start a chat with…', characters),
	];
}

/**
 * A list of projects as one message: an embed each (within Discord's limits) and the menus to
 * open or chat with them. Only the projects whose embeds fit are offered in the menus.
 */
export function resultsMessage(content: string, nodes: ProjectNode[], extra: APIEmbed[] = []): BaseMessageOptions {
	const embeds = fitEmbeds([...extra, ...nodes.map(resultEmbed)]);
	const shown = nodes.slice(0, Math.max(0, embeds.length - extra.length));
	return { content, embeds, components: resultMenus(shown) };
}
