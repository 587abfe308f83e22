/**
 * Mention safety for text the bot did not write (model output, member text it repeats).
 *
 * The first layer is `allowedMentions: { parse: [] }` on every message. This is the second: the
 * text itself no longer parses as a ping, so even a send that forgot the first layer pings nobody,
 * and readers do not see a blue `@everyone` that looks like one (field lessons #27).
 */

const ZERO_WIDTH_SPACE = '\u200b';

/**
 * The `@` of every ping Discord parses: `@everyone`, `@here`, and the `@` inside `<@id>`,
 * `<@!id>` and `<@&id>`. A bare `@` before digits is caught whether or not a `<` precedes it,
 * so the check never needs to look backwards.
 */
const PING = /@(?=everyone|here|[!&]?\d)/gi;

/** The longest stretch a ping needs after its `@` before it can be told apart from plain text. */
const PING_WORDS = ['@everyone', '@here'];
const LOOKAHEAD = Math.max(...PING_WORDS.map((word) => word.length));

/**
 * Makes every ping in `text` inert by putting a zero-width space after its `@`. The text reads
 * the same, Discord no longer parses a mention, and running it twice changes nothing.
 */
export function neutralizeMentions(text: string): string {
	return text.replace(PING, `@${ZERO_WIDTH_SPACE}`);
}

/** Whether `tail` (starting with `@`) could still grow into a ping as more text arrives. */
function couldBecomePing(tail: string): boolean {
	if (tail === '@' || tail === '@!' || tail === '@&') return true;

	return PING_WORDS.some((word) => word.length > tail.length && word.startsWith(tail));
}

/**
 * How many code units at the end of `text` might still become a ping once more text arrives
 * (`…@every`, `…<@!`). A streaming writer holds them back, so what it has shown never needs a
 * zero-width space inserted after the fact.
 */
export function pendingMentionLength(text: string): number {
	const tail = text.slice(-LOOKAHEAD).toLowerCase();
	for (let start = 0; start < tail.length; start++) {
		if (tail[start] === '@' && couldBecomePing(tail.slice(start))) return tail.length - start;
	}
	return 0;
}
