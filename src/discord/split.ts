/**
 * Splits long text into Discord messages without breaking what Discord renders: code blocks,
 * inline code, surrogate pairs and grapheme clusters (field lessons #4, #35, #36).
 *
 * Every limit here counts UTF-16 code units, as Discord does.
 */

/** Discord's limit on a message's content. */
export const MESSAGE_LIMIT = 2_000;

/** The smallest limit accepted: below it a reopened code block would crowd out the text. */
export const MIN_SPLIT_LIMIT = 64;

/** One message's worth of a longer text. */
export interface MessagePiece {
	/** Offset in the original text where `body` starts. */
	start: number;
	/** Offset in the original text where `body` ends. */
	end: number;
	/** The exact slice of the original text this piece carries. */
	body: string;
	/** Markdown put before `body` to reopen a code block or span the previous piece cut off. */
	reopen: string;
	/** Markdown put after `body` to close a code block or span this piece cuts off. */
	close: string;
}

/** How the pieces of one text are cut. */
export interface SplitOptions {
	/** The most code units a piece may hold, added markdown included. Defaults to 2,000. */
	limit?: number;
	/** Start at this offset, the end of a piece already sent, instead of the beginning. */
	from?: number;
}

/** A stretch of markdown a cut must respect: a code block or an inline code span. */
interface CodeRegion {
	kind: 'block' | 'inline';
	/** Offset of the opening backticks. */
	start: number;
	/** First offset after the opening backticks (and the language line of a block). */
	bodyStart: number;
	/** Offset of the closing backticks; the text's length while a block is still open. */
	bodyEnd: number;
	/** First offset after the closing backticks. */
	end: number;
	/** Offsets of the first and the last character of the body that are not whitespace. */
	firstVisible: number;
	lastVisible: number;
	/** The backticks that open and close an inline span. */
	ticks: string;
	language?: string;
}

/** What a split works from: the text, its code regions, and where its visible content ends. */
interface Layout {
	text: string;
	regions: CodeRegion[];
	contentEnd: number;
	limit: number;
	/** A code block the text opens and never closes (a reply still streaming), once it has content. */
	openAtEnd: CodeRegion | undefined;
}

/** Boundary kinds, worst to best; a cut prefers the best kind that leaves a reasonably full piece. */
const Rank = { grapheme: 0, word: 1, sentence: 2, line: 3, paragraph: 4 } as const;
type Rank = (typeof Rank)[keyof typeof Rank];

const BLOCK_FENCE = '```';
// Discord's language tag: the first line after the fence, when it is only these characters.
const LANGUAGE_LINE = /^([a-z0-9_+\-.#]{1,32})\n/i;
const SENTENCE_STOPS = new Set(['.', '!', '?', '…', '。', '！', '？']);
const CJK_STOPS = new Set(['。', '！', '？']);
const CLOSERS = new Set(['"', "'", ')', ']', '”', '’', '»', '」', '』', '）']);

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const SEGMENT_CHUNK = 256;
const NOT_PLAIN_ASCII = /[^\t\n\r -~]/;
const isSpace = (char: string | undefined) => char !== undefined && /\s/.test(char);

/** The text of a piece as Discord should receive it. */
export function pieceContent(piece: MessagePiece): string {
	return piece.reopen + piece.body + piece.close;
}

/**
 * Splits `text` into messages of at most `limit` code units. Cuts prefer paragraph, then line,
 * then sentence, then word boundaries, and fall back to grapheme boundaries for a run with none.
 * A piece that ends inside a code block closes it and the next reopens it with the same language
 * (an inline code span likewise, when it is longer than a message); a block the text leaves open
 * is closed at the end, so a reply still streaming renders as code. No piece is only whitespace.
 *
 * Joining the bodies gives the text back, except whitespace no message has room for (a run of it
 * longer than a message, or trailing whitespace past the last piece's limit): Discord would not
 * show it anyway, and it cannot be a message of its own.
 */
export function splitPieces(text: string, options: SplitOptions = {}): MessagePiece[] {
	const limit = options.limit ?? MESSAGE_LIMIT;
	if (!Number.isInteger(limit) || limit < MIN_SPLIT_LIMIT) {
		throw new RangeError(`a message limit must be a whole number of at least ${MIN_SPLIT_LIMIT}`);
	}

	const regions = findCodeRegions(text);
	const contentEnd = text.trimEnd().length;
	const layout: Layout = { text, regions, contentEnd, limit, openAtEnd: openBlockAtEnd(text, regions, contentEnd) };
	const pieces: MessagePiece[] = [];
	for (let start = options.from ?? 0; start < layout.contentEnd; ) {
		const piece = nextPiece(layout, start);
		if (/\S/.test(piece.body)) pieces.push(piece);
		start = piece.end;
	}
	finishLastPiece(layout, pieces);
	return pieces;
}

/** Splits `text` into the contents of Discord messages; see `splitPieces` for the rules. */
export function splitMessage(text: string, options: { limit?: number } = {}): string[] {
	return splitPieces(text, options).map(pieceContent);
}

/** The piece that starts at `start`: the rest of the text when it fits, else up to the best cut. */
function nextPiece(layout: Layout, start: number): MessagePiece {
	const { text, regions, contentEnd, limit } = layout;
	const opened = regionAt(regions, start);
	const reopen = opened ? reopenMarkdown(opened, limit) : '';
	const budget = limit - reopen.length;
	const tailClose = layout.openAtEnd ? BLOCK_FENCE.length + 1 : 0;
	const end = contentEnd - start + tailClose <= budget ? contentEnd : chooseCut(layout, start, budget);
	const closed = end < contentEnd ? regionAt(regions, end) : undefined;
	const close = closed ? closeMarkdown(closed, text, end) : '';
	return { start, end, body: text.slice(start, end), reopen, close };
}

/**
 * Finishes the last piece: whitespace after the last visible character goes to it as far as it
 * has room, and a code block the text leaves open is closed, so a block still streaming in
 * renders as code instead of as backticks.
 */
function finishLastPiece({ text, contentEnd, limit, openAtEnd }: Layout, pieces: MessagePiece[]): void {
	const last = pieces.at(-1);
	if (!last || last.end !== contentEnd) return;

	const closing = openAtEnd ? BLOCK_FENCE.length + 1 : 0;
	let room = Math.max(0, Math.min(limit - pieceContent(last).length - closing, text.length - contentEnd));
	if (text[contentEnd + room - 1] === '\r' && text[contentEnd + room] === '\n') room -= 1; // one cluster
	last.body += text.slice(contentEnd, contentEnd + room);
	last.end += room;
	if (openAtEnd) last.close = closeMarkdown(openAtEnd, text, last.end);
}

/** The code block left open at the end of the text, once its first line and some code are in. */
function openBlockAtEnd(text: string, regions: CodeRegion[], contentEnd: number): CodeRegion | undefined {
	const last = regions.at(-1);
	if (last?.kind !== 'block' || last.bodyEnd !== text.length) return undefined;

	const started = text.indexOf('\n', last.start) !== -1 && last.firstVisible < contentEnd;
	return started ? last : undefined;
}

/**
 * The best offset in `(start, start + budget]` to end a piece at. A sentence, line or paragraph
 * boundary wins only when it leaves the piece at least half full; otherwise the latest natural
 * boundary wins, then the latest grapheme boundary, then (for a cluster longer than a whole
 * message) a code point boundary.
 */
function chooseCut(layout: Layout, start: number, budget: number): number {
	const best: (number | undefined)[] = [];
	const firstVisible = firstVisibleAt(layout.text, start);
	for (const at of graphemeEnds(layout.text, start, Math.min(start + budget, layout.contentEnd - 1))) {
		if (at <= firstVisible) continue; // a piece of only whitespace could not be sent

		const rank = rankCut(layout, start, budget, at);
		if (rank !== undefined) best[rank] = at;
	}

	for (const rank of [Rank.paragraph, Rank.line, Rank.sentence]) {
		const at = best[rank];
		if (at !== undefined && at - start >= budget / 2) return at;
	}
	const natural = best.slice(Rank.word).filter((at): at is number => at !== undefined);
	if (natural.length > 0) return Math.max(...natural);
	return best[Rank.grapheme] ?? codePointCut(layout, start, budget);
}

/** The offset of the first character at or after `start` that is not whitespace. */
function firstVisibleAt(text: string, start: number): number {
	const visible = /\S/g;
	visible.lastIndex = start;
	return visible.exec(text)?.index ?? text.length;
}

/** How good a cut at `at` is, or undefined when it is not allowed or would not fit. */
function rankCut(layout: Layout, start: number, budget: number, at: number): Rank | undefined {
	const { text, regions } = layout;
	const region = regionAt(regions, at);
	if (!canCutAt(text, region, start, at)) return undefined;

	const close = region ? closeMarkdown(region, text, at) : '';
	if (at - start + close.length > budget) return undefined;
	if (region?.kind === 'inline') return Rank.grapheme; // only when nothing outside the span fits

	return boundaryRank(text, at);
}

/**
 * The last code point boundary that fits, for a grapheme cluster longer than a whole message
 * (a pathological stack of combining marks). Never inside a surrogate pair; it gives up the
 * code markdown rules only when no cut respecting them fits at all.
 */
function codePointCut({ text, regions, contentEnd }: Layout, start: number, budget: number): number {
	const firstVisible = firstVisibleAt(text, start);
	for (const strict of [true, false]) {
		for (let at = Math.min(start + budget, contentEnd - 1); at > start; at--) {
			if (splitsSurrogatePair(text, at)) continue;

			const region = regionAt(regions, at);
			if (strict && (at <= firstVisible || !canCutAt(text, region, start, at))) continue;
			const close = region ? closeMarkdown(region, text, at) : '';
			if (at - start + close.length <= budget) return at;
		}
	}
	return start + (splitsSurrogatePair(text, start + 1) ? 2 : 1);
}

function splitsSurrogatePair(text: string, at: number): boolean {
	const high = text.charCodeAt(at - 1);
	const low = text.charCodeAt(at);
	return high >= 0xd8_00 && high <= 0xdb_ff && low >= 0xdc_00 && low <= 0xdf_ff;
}

/**
 * Whether both pieces stay well-formed when the one from `start` ends at `at`: never inside the
 * backticks or language line of a code region, never leaving a block or span with nothing
 * visible on either side of the cut, never between an escaping backslash and what it escapes,
 * and never beside a backtick inside an inline span.
 */
function canCutAt(text: string, region: CodeRegion | undefined, start: number, at: number): boolean {
	if (text[at - 1] === '\\') return false;
	if (!region) return true;
	if (start <= region.bodyStart && at <= region.firstVisible) return false;
	if (at > region.lastVisible || at >= region.bodyEnd) return false;

	return region.kind === 'block' || (text[at - 1] !== '`' && text[at] !== '`');
}

/** The kind of boundary at `at`, judged from the whitespace (or full stop) just before it. */
function boundaryRank(text: string, at: number): Rank {
	if (!isSpace(text[at - 1])) {
		const cjkSentence = endsSentence(text, at - 1, CJK_STOPS) && !CLOSERS.has(text[at] ?? '');
		return cjkSentence ? Rank.sentence : Rank.grapheme;
	}
	if (isSpace(text[at])) return Rank.word; // inside a run of whitespace

	let before = at - 1;
	let newlines = 0;
	for (; before >= 0 && isSpace(text[before]); before--) {
		if (text[before] === '\n') newlines += 1;
	}
	if (newlines >= 2) return Rank.paragraph;
	if (newlines === 1) return Rank.line;
	return endsSentence(text, before, SENTENCE_STOPS) ? Rank.sentence : Rank.word;
}

/** Whether the character at `index`, past any closing quotes or brackets, ends a sentence. */
function endsSentence(text: string, index: number, stops: Set<string>): boolean {
	let at = index;
	while (at >= 0 && CLOSERS.has(text[at] ?? '')) at -= 1;
	return at >= 0 && stops.has(text[at] ?? '');
}

/**
 * The offsets in `(start, end]` where a grapheme cluster ends. Segmenting from `start` (itself a
 * boundary) is exact. It goes in short chunks because V8's segmenter slows down on long strings,
 * and trusts a boundary only when the chunk holds the code point after it, which decides it.
 */
function* graphemeEnds(text: string, start: number, end: number): Generator<number> {
	for (let from = start, size = SEGMENT_CHUNK; ; ) {
		const chunkEnd = Math.min(text.length, from + size);
		const sure = chunkEnd === text.length ? chunkEnd : chunkEnd - 2;
		let last = from;
		for (const after of chunkBoundaries(text, from, chunkEnd)) {
			if (after > end) return;
			if (after > sure) break;

			yield after;
			last = after;
		}
		size = last === from ? size * 2 : SEGMENT_CHUNK; // a cluster longer than the chunk
		from = last;
	}
}

/**
 * The grapheme boundaries in `(from, to]`, reading the text as if it ended at `to`. Plain ASCII
 * needs no segmenter: every position between two such characters is a boundary except the one
 * inside CR LF, and skipping the segmenter there makes English text ten times faster to split.
 */
function* chunkBoundaries(text: string, from: number, to: number): Generator<number> {
	const chunk = text.slice(from, to);
	if (NOT_PLAIN_ASCII.test(chunk)) {
		for (const { index, segment } of graphemes.segment(chunk)) yield from + index + segment.length;
		return;
	}
	for (let at = from + 1; at <= to; at++) {
		if (text[at - 1] !== '\r' || text[at] !== '\n') yield at;
	}
}

/** The region that strictly contains offset `at`, if any (regions are sorted and disjoint). */
function regionAt(regions: CodeRegion[], at: number): CodeRegion | undefined {
	let low = 0;
	let high = regions.length;
	while (low < high) {
		const middle = (low + high) >> 1;
		if ((regions[middle]?.start ?? 0) < at) low = middle + 1;
		else high = middle;
	}
	const region = regions[low - 1];
	return region && at < region.end ? region : undefined;
}

/** What reopens `region` at the start of the next piece; a long language tag is dropped to fit. */
function reopenMarkdown(region: CodeRegion, limit: number): string {
	if (region.kind === 'inline') return region.ticks;

	const tagged = `${BLOCK_FENCE}${region.language ?? ''}\n`;
	return tagged.length + BLOCK_FENCE.length + 1 <= limit / 4 ? tagged : `${BLOCK_FENCE}\n`;
}

/** What closes `region` at the end of a piece cut at `at`: a block's fence goes on a line of its own. */
function closeMarkdown(region: CodeRegion, text: string, at: number): string {
	if (region.kind === 'inline') return region.ticks;

	return text[at - 1] === '\n' ? BLOCK_FENCE : `\n${BLOCK_FENCE}`;
}

/**
 * The code blocks and inline code spans of `text`, read the way Discord reads them: a block runs
 * from ``` to the next ```, whatever it holds; a span runs from a run of one or two backticks to
 * the next run of exactly as many. A block not yet closed (a reply still streaming) runs to the
 * end of the text. Backslash-escaped backticks open nothing.
 */
function findCodeRegions(text: string): CodeRegion[] {
	const regions: CodeRegion[] = [];
	let at = text.indexOf('`');
	while (at !== -1) {
		const region = isEscaped(text, at) ? undefined : codeRegionAt(text, at);
		if (region) regions.push(region);
		at = text.indexOf('`', region ? region.end : runEnd(text, at));
	}
	return regions;
}

function codeRegionAt(text: string, start: number): CodeRegion | undefined {
	return text.startsWith(BLOCK_FENCE, start) ? codeBlockAt(text, start) : inlineCodeAt(text, start);
}

function codeBlockAt(text: string, start: number): CodeRegion {
	const afterFence = start + BLOCK_FENCE.length;
	const language = LANGUAGE_LINE.exec(text.slice(afterFence, afterFence + 34))?.[1];
	const bodyStart = afterFence + (language ? language.length + 1 : 0);
	const closing = text.indexOf(BLOCK_FENCE, bodyStart);
	const bodyEnd = closing === -1 ? text.length : closing;
	const end = closing === -1 ? text.length : closing + BLOCK_FENCE.length;
	return {
		kind: 'block',
		start,
		bodyStart,
		bodyEnd,
		end,
		ticks: BLOCK_FENCE,
		language,
		...visibleSpan(text, bodyStart, bodyEnd),
	};
}

function inlineCodeAt(text: string, start: number): CodeRegion | undefined {
	const ticks = text.slice(start, runEnd(text, start));
	for (let at = text.indexOf(ticks, start + ticks.length); at !== -1; ) {
		const after = runEnd(text, at);
		if (after - at === ticks.length && at > start + ticks.length) {
			const bodyStart = start + ticks.length;
			const visible = visibleSpan(text, bodyStart, at);
			return { kind: 'inline', start, bodyStart, bodyEnd: at, end: after, ticks, ...visible };
		}
		at = text.indexOf(ticks, after);
	}
	return undefined;
}

/** Where the visible characters of `text` between `from` and `to` begin and end. */
function visibleSpan(text: string, from: number, to: number): { firstVisible: number; lastVisible: number } {
	let lastVisible = to - 1;
	while (lastVisible >= from && isSpace(text[lastVisible])) lastVisible -= 1;
	return { firstVisible: Math.min(firstVisibleAt(text, from), to), lastVisible };
}

/** The offset just past the run of backticks that starts at `at`. */
function runEnd(text: string, at: number): number {
	let end = at;
	while (text[end] === '`') end += 1;
	return end;
}

function isEscaped(text: string, at: number): boolean {
	let backslashes = 0;
	while (text[at - 1 - backslashes] === '\\') backslashes += 1;
	return backslashes % 2 === 1;
}
