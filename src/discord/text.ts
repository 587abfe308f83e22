import { escapeMarkdown } from 'discord.js';

/**
 * Text from outside (a Rostro account name, a character name, a prompt) made safe to show inside
 * the bot's own formatting: every markdown construct escaped — masked links, headings, lists and
 * quotes included — and line breaks folded, so it can neither restyle nor fake a message.
 */
export function plain(text: string): string {
	const oneLine = text.replace(/\s+/g, ' ').trim();
	const escaped = escapeMarkdown(oneLine, { heading: true, bulletedList: true, numberedList: true, maskedLink: true });
	return escaped.replace(/^>/, '\\>');
}
