const OPEN = '<think>';
const CLOSE = '</think>';

/**
 * Removes `<think>…</think>` reasoning from a reply as it arrives, however the text is cut
 * into chunks: a possible tag cut at a chunk's end is held back until the next chunk.
 * Reasoning is never shown to users; an unclosed `<think>` hides the rest of the reply.
 *
 * Limitation: some reasoning models omit the opening tag and only close it; the reasoning
 * before a stray `</think>` has already gone out by then, so only the tag itself is removed.
 * Remove this note when Rostro's replies separate reasoning (`reasoning_content`) always.
 */
export class ThinkFilter {
	#thinking = false;
	#heldBack = '';
	#trimLeading = false;

	/** Takes the next piece of the reply and returns the part users may see now. */
	push(chunk: string): string {
		let rest = this.#heldBack + chunk;
		let visible = '';
		this.#heldBack = '';

		while (rest !== '') {
			const tag = this.#nextTag(rest);
			if (!tag) {
				const keep = partialTagLength(rest);
				if (!this.#thinking) visible += this.#trim(rest.slice(0, rest.length - keep));
				this.#heldBack = rest.slice(rest.length - keep);
				break;
			}

			if (!this.#thinking) visible += this.#trim(rest.slice(0, tag.at));
			this.#thinking = tag.name === OPEN;
			// The blank line a model writes after its reasoning is not part of the reply.
			if (tag.name === CLOSE) this.#trimLeading = true;
			rest = rest.slice(tag.at + tag.name.length);
		}

		return visible;
	}

	/** Returns what was held back once the reply is complete. */
	flush(): string {
		const rest = this.#thinking ? '' : this.#trim(this.#heldBack);
		this.#heldBack = '';
		return rest;
	}

	#nextTag(text: string): { name: string; at: number } | undefined {
		const close = text.indexOf(CLOSE);
		if (this.#thinking) return close >= 0 ? { name: CLOSE, at: close } : undefined;

		const open = text.indexOf(OPEN);
		if (open >= 0 && (close < 0 || open < close)) return { name: OPEN, at: open };
		return close >= 0 ? { name: CLOSE, at: close } : undefined;
	}

	#trim(text: string): string {
		if (!this.#trimLeading) return text;

		const trimmed = text.trimStart();
		if (trimmed !== '') this.#trimLeading = false;
		return trimmed;
	}
}

/** The length of the longest end of `text` that could be the start of a tag. */
function partialTagLength(text: string): number {
	const longest = Math.min(text.length, CLOSE.length - 1);
	for (let length = longest; length > 0; length--) {
		const end = text.slice(text.length - length);
		if (OPEN.startsWith(end) || CLOSE.startsWith(end)) return length;
	}
	return 0;
}

/** Removes reasoning from a complete reply. */
export function stripThinking(text: string): string {
	const filter = new ThinkFilter();
	return filter.push(text) + filter.flush();
}
