// One encoding module only: the package's main entry would load every encoding it ships.
import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { LRUCache } from 'lru-cache';

/**
 * The number of tokens in `text` as cl100k counts them. Rostro's models use Llama-family
 * tokenizers, so this is an estimate; the budget keeps a margin for the difference.
 */
export function countTokens(text: string): number {
	if (text === '') return 0;

	return countCl100k(text);
}

// The card, its lore and its examples come back unchanged on every message of a chat;
// counting them again would cost more than the whole rest of the assembly.
const knownCounts = new LRUCache<string, number>({
	max: 2_000,
	maxSize: 4_000_000, // characters of text held as keys
	sizeCalculation: (_count, text) => Math.max(1, text.length),
});

/** `countTokens`, remembered for text that recurs from message to message (card sections, lore). */
export function countRecurring(text: string): number {
	const known = knownCounts.get(text);
	if (known !== undefined) return known;

	const count = countTokens(text);
	knownCounts.set(text, count);
	return count;
}

/**
 * The longest beginning of `text` that counts at most `maxTokens`, cut between code points.
 * Found by bisecting on length: decoding a slice of tokens can end inside a character.
 */
export function truncateToTokens(text: string, maxTokens: number): string {
	if (countTokens(text) <= maxTokens) return text;

	let fits = 0;
	let tooLong = text.length;
	while (tooLong - fits > 1) {
		const middle = codePointBoundary(text, Math.floor((fits + tooLong) / 2));
		if (middle <= fits || middle >= tooLong) break;
		if (countTokens(text.slice(0, middle)) <= maxTokens) fits = middle;
		else tooLong = middle;
	}
	return text.slice(0, fits);
}

/** `index`, moved back one place when it would fall between the halves of a surrogate pair. */
function codePointBoundary(text: string, index: number): number {
	const before = text.charCodeAt(index - 1);
	const isHighSurrogate = before >= 0xd8_00 && before <= 0xdb_ff;
	return isHighSurrogate ? index - 1 : index;
}
