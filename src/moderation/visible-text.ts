// Characters that render as nothing: every format character (Unicode category Cf: zero-width
// spaces and joiners, bidirectional marks and overrides, invisible math operators, tag
// characters, the soft hyphen) and the other default-ignorable code points (variation
// selectors, the combining grapheme joiner, Hangul fillers).
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

// Characters that render as an empty space yet count as letters or symbols, so they neither
// split words nor look like whitespace to a program: the Hangul fillers and the Braille blank.
const BLANK_FILLERS = /[\u115F\u1160\u3164\uFFA0\u2800]/gu;

const BLANK = /[\p{White_Space}\p{Cc}]/gu;

/** The text without the characters that render as nothing. */
export function withoutInvisible(text: string): string {
	return text.replace(INVISIBLE, '');
}

/** The text without blank fillers, or with each one replaced by `replacement`. */
export function withoutBlankFillers(text: string, replacement = ''): string {
	return text.replace(BLANK_FILLERS, replacement);
}

/** Whether a text contains an invisible character or a blank filler. */
export function hasInvisible(text: string): boolean {
	return withoutBlankFillers(withoutInvisible(text)) !== text;
}

/**
 * Whether a reader would see anything in the text: false for an empty text and for one made only
 * of whitespace, control characters, invisible characters and blank fillers.
 */
export function hasVisibleText(text: string): boolean {
	return withoutBlankFillers(withoutInvisible(text)).replace(BLANK, '').length > 0;
}
