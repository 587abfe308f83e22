import { escapeMarkdown } from 'discord.js';
import { neutralizeMentions } from '../discord/mentions.js';

const ELLIPSIS = '…';

/** Cuts text to `max` characters, ending with an ellipsis when anything was cut. */
export function clip(text: string, max: number): string {
	if (text.length <= max) return text;
	if (max <= 0) return '';
	return `${text.slice(0, max - 1).trimEnd()}${ELLIPSIS}`;
}

/** One line of someone else's text, shown literally: no markdown, no pings, no line breaks. */
export function plainLine(text: string, max: number): string {
	const oneLine = text.replace(/\s+/g, ' ').trim();
	return neutralizeMentions(escapeMarkdown(clip(oneLine, max)));
}

/** A count as readers expect it: `12,345`. */
export function formatCount(count: number): string {
	return count.toLocaleString('en');
}

// Markers whose halves must pair up, longest first so ``` is not read as three `.
const PAIRED_MARKERS = ['```', '**', '__', '~~', '||', '`'];

function countOf(text: string, marker: string): number {
	return text.split(marker).length - 1;
}

/** Closes whatever a cut left open, so the rest of an embed does not turn into code or spoiler. */
function closeOpenMarkers(text: string): string {
	let closed = text;
	let rest = text;
	for (const marker of PAIRED_MARKERS) {
		if (countOf(rest, marker) % 2 === 1) closed += marker === '```' ? '\n```' : marker;
		rest = rest.split(marker).join('');
	}
	return closed;
}

/** Drops a link whose `](url)` the cut left unfinished: half a link shows as raw brackets. */
function dropBrokenLink(text: string): string {
	const opening = text.lastIndexOf('](');
	if (opening === -1 || text.indexOf(')', opening) !== -1) return text;

	const start = text.lastIndexOf('[', opening);
	return start === -1 ? text : text.slice(0, start).trimEnd();
}

/** Cuts at the last line or word break before `max`, so a word is never split. */
function cutAtBreak(text: string, max: number): string {
	if (text.length <= max) return text;

	const room = text.slice(0, max - 1);
	const lineBreak = room.lastIndexOf('\n');
	const wordBreak = room.lastIndexOf(' ');
	const at = lineBreak > max / 2 ? lineBreak : wordBreak > max / 2 ? wordBreak : room.length;
	return `${dropBrokenLink(room.slice(0, at).trimEnd())}${ELLIPSIS}`;
}

/**
 * A creator's markdown made safe to show in an embed and cut to about `max` characters: HTML
 * and images (which embeds cannot show) removed, headings turned bold, pings made inert, and any
 * code block, bold or spoiler the cut left open closed again.
 */
export function safeMarkdown(text: string, max: number): string {
	const cleaned = text
		.replace(/<br\s*\/?>/gi, '\n')
		.replace(/<\/?[a-z][^>]{0,200}>/gi, '') // HTML tags; Discord's <@id>, <#id> and <t:…> stay
		.replace(/!\[[^\]]*\]\([^)]*\)/g, '')
		.replace(/^#{1,6}\s+(.+)$/gm, '**$1**')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
	const closingRoom = 12; // room for the markers closeOpenMarkers may append
	const cut = cutAtBreak(neutralizeMentions(cleaned), Math.max(1, max - closingRoom));
	return closeOpenMarkers(cut);
}
