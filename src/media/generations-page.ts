import { ActionRowBuilder, type APIEmbed, type BaseMessageOptions, ButtonBuilder, ButtonStyle } from 'discord.js';
import { customId } from '../discord/command.js';
import { plain } from '../discord/text.js';
import type { Generation } from './generations.js';
import { kindTitle } from './kinds.js';

/** Generations shown per page of `/gallery mine`. */
export const GENERATIONS_PER_PAGE = 5;
const PROMPT_SHOWN = 200;

/** The custom-id action of the page buttons; the page number is the key. */
export const PAGE_ACTION = 'mine';

function line(guildId: string, item: Generation): string {
	const when = `<t:${Math.floor(item.at / 1000)}:R>`;
	const link = item.messageId
		? ` · [message](https://discord.com/channels/${guildId}/${item.channelId}/${item.messageId})`
		: '';
	const prompt = item.prompt.length > PROMPT_SHOWN ? `${item.prompt.slice(0, PROMPT_SHOWN)}…` : item.prompt;
	return `**${kindTitle(item.kind)}** ${when} · [file](${item.mediaUrl})${link}\n> ${plain(prompt).replace(/\n/g, ' ')}`;
}

function pageButton(command: string, page: number, label: string, disabled: boolean): ButtonBuilder {
	return new ButtonBuilder()
		.setCustomId(customId(command, PAGE_ACTION, String(page)))
		.setLabel(label)
		.setStyle(ButtonStyle.Secondary)
		.setDisabled(disabled);
}

/** The number of pages a list takes (at least one, which may be empty). */
export function pageCount(total: number): number {
	return Math.max(1, Math.ceil(total / GENERATIONS_PER_PAGE));
}

/**
 * One page of a member's generations, newest first, with ◀ ▶ buttons whose custom ids carry
 * the page to show; `command` is the command whose router receives them.
 */
export function generationsPage(
	command: string,
	guildId: string,
	items: Generation[],
	page: number,
): BaseMessageOptions {
	if (items.length === 0) {
		return { content: 'You have made nothing with /imagine in this server yet.', embeds: [], components: [] };
	}

	const pages = pageCount(items.length);
	const shown = Math.min(Math.max(0, page), pages - 1);
	const start = shown * GENERATIONS_PER_PAGE;
	const embed: APIEmbed = {
		title: 'Your generations here',
		description: items
			.slice(start, start + GENERATIONS_PER_PAGE)
			.map((item) => line(guildId, item))
			.join('\n\n'),
		footer: { text: `Page ${shown + 1} of ${pages} · ${items.length} in all` },
	};
	const buttons = new ActionRowBuilder<ButtonBuilder>().addComponents(
		pageButton(command, shown - 1, '◀', shown === 0),
		pageButton(command, shown + 1, '▶', shown >= pages - 1),
	);
	return { content: '', embeds: [embed], components: pages > 1 ? [buttons] : [] };
}
