import { withoutBlankFillers, withoutInvisible } from './visible-text.js';

const COMBINING_MARKS = /\p{M}/gu;
const APOSTROPHES = /['\u2019\u02BC]/g;
const SEPARATORS = /[^\p{L}\p{N}]+/gu;

// A right-to-left override (U+202E) shows the letters after it in reverse order, up to a pop
// (U+202C), the end of an isolate (U+2069) or the end of the paragraph: "\u202Essa" reads "ass".
const RIGHT_TO_LEFT_OVERRIDE = /\u202E([^\u202C\u2069\n\r\u0085\u2029]*)/g;

/** The most entries a server may block; the list is checked on every prompt. */
export const MAX_BLOCKED_WORDS = 200;
/** The longest entry, in characters. */
export const MAX_BLOCKED_WORD_LENGTH = 100;

/**
 * Text reduced to what a reader sees: compatibility forms folded (ｆｕｌｌwidth, ligatures),
 * accents, invisible characters (format characters, default-ignorable code points) and blank
 * fillers (Hangul fillers, the Braille blank) removed, lower case, words joined by single
 * spaces. An apostrophe joins its word ("don't" reads as "dont") rather than splitting it.
 */
export function normalizeForMatching(text: string): string {
	return withoutBlankFillers(withoutInvisible(text.normalize('NFKD')))
		.replace(COMBINING_MARKS, '')
		.replace(APOSTROPHES, '')
		.toLowerCase()
		.replace(SEPARATORS, ' ')
		.trim();
}

/** The text in the order it is shown, where a right-to-left override reverses its letters. */
function displayOrder(text: string): string {
	return text.replace(RIGHT_TO_LEFT_OVERRIDE, (_override, run: string) => [...run].reverse().join(''));
}

/**
 * Every way a reader may read the text, normalized and padded with spaces: as written and as
 * displayed (after right-to-left overrides), with blank fillers dropped or read as spaces (a
 * Braille blank between two words shows as a space, inside a word it hides the word).
 */
function readingsOf(text: string): string[] {
	const orders = text.includes('\u202E') ? [text, displayOrder(text)] : [text];
	const readings = orders.flatMap((order) => [order, withoutBlankFillers(order, ' ')]);
	return [...new Set(readings.map((reading) => ` ${normalizeForMatching(reading)} `))];
}

/**
 * A server's blocked words and phrases. An entry matches whole words only: blocking "ass" leaves
 * "class" and "assessment" alone, and a phrase matches its words in order with any spacing or
 * punctuation between them.
 *
 * Limitation: look-alike letters from other scripts (Cyrillic "а" for Latin "a") are not folded.
 * No small, maintained confusables library is among the dependencies, and Unicode's full
 * skeleton mapping also folds Latin letters into each other ("m" into "rn"), which would refuse
 * innocent words; fold a curated set of cross-script look-alikes here once one is chosen.
 */
export class BlockedWords {
	readonly #entries: { entry: string; normalized: string }[];

	constructor(entries: readonly string[]) {
		this.#entries = entries
			.map((entry) => ({ entry, normalized: normalizeForMatching(entry) }))
			.filter(({ normalized }) => normalized.length > 0);
	}

	/** The first blocked entry the text contains, as the server wrote it, or undefined. */
	find(text: string): string | undefined {
		if (this.#entries.length === 0) return undefined;

		const readings = readingsOf(text);
		const found = this.#entries.find(({ normalized }) =>
			readings.some((reading) => reading.includes(` ${normalized} `)),
		);
		return found?.entry;
	}
}

/** Splits a comma-separated list typed by an admin into trimmed, non-empty entries. */
export function parseWordList(typed: string): string[] {
	return typed
		.split(',')
		.map((entry) => entry.trim().replace(/\s+/g, ' '))
		.filter((entry) => entry.length > 0);
}
