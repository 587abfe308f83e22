// Characters that render as nothing, used to slip a word past a filter: zero-width space,
// non-joiner and joiner, word joiner, byte order mark, soft hyphen, Mongolian vowel separator.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD\u180E]/g;
const COMBINING_MARKS = /\p{M}/gu;
const APOSTROPHES = /['\u2019\u02BC]/g;
const SEPARATORS = /[^\p{L}\p{N}]+/gu;

/** The most entries a server may block; the list is checked on every prompt. */
export const MAX_BLOCKED_WORDS = 200;
/** The longest entry, in characters. */
export const MAX_BLOCKED_WORD_LENGTH = 100;

/**
 * Text reduced to what a reader sees: compatibility forms folded (ｆｕｌｌwidth, ligatures),
 * accents and invisible characters removed, lower case, words joined by single spaces. An
 * apostrophe joins its word ("don't" reads as "dont") rather than splitting it.
 */
export function normalizeForMatching(text: string): string {
	return text
		.normalize('NFKD')
		.replace(COMBINING_MARKS, '')
		.replace(INVISIBLE, '')
		.replace(APOSTROPHES, '')
		.toLowerCase()
		.replace(SEPARATORS, ' ')
		.trim();
}

/**
 * A server's blocked words and phrases. An entry matches whole words only: blocking "ass" leaves
 * "class" and "assessment" alone, and a phrase matches its words in order with any spacing or
 * punctuation between them.
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
		const padded = ` ${normalizeForMatching(text)} `;
		return this.#entries.find(({ normalized }) => padded.includes(` ${normalized} `))?.entry;
	}
}

/** Splits a comma-separated list typed by an admin into trimmed, non-empty entries. */
export function parseWordList(typed: string): string[] {
	return typed
		.split(',')
		.map((entry) => entry.trim().replace(/\s+/g, ' '))
		.filter((entry) => entry.length > 0);
}
