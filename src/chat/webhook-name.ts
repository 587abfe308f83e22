// Discord refuses webhook usernames that contain "discord" or "clyde", or that are exactly
// "everyone" or "here", and wants 1 to 80 characters (discord-api-docs #4293, #5999).
const FORBIDDEN_PARTS = /(discord|clyde)/gi;
const FORBIDDEN_NAMES = new Set(['everyone', 'here']);
const MAX_LENGTH = 80;
const ZERO_WIDTH_SPACE = '\u200b';
// A visible-width filler that Discord accepts where a name is too short to stand alone.
const FILLER = '\u17b5';

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

function truncate(name: string, max: number): string {
	let result = '';
	for (const { segment } of graphemes.segment(name)) {
		if (result.length + segment.length > max) break;
		result += segment;
	}
	return result;
}

/**
 * A character's name made acceptable as a webhook username: forbidden words broken with a
 * zero-width space, reserved names altered, whitespace collapsed, 1 to 80 characters.
 */
export function webhookUsername(name: string): string {
	let cleaned = name.replace(/\s+/g, ' ').trim();
	cleaned = cleaned.replace(FORBIDDEN_PARTS, (word) => `${word.slice(0, 1)}${ZERO_WIDTH_SPACE}${word.slice(1)}`);
	if (FORBIDDEN_NAMES.has(cleaned.toLowerCase())) cleaned = `${cleaned}${ZERO_WIDTH_SPACE}`;
	if (cleaned.length === 0) cleaned = 'Character';
	if (cleaned.length === 1) cleaned = `${cleaned}${FILLER}`;
	return truncate(cleaned, MAX_LENGTH);
}
