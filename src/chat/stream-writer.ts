import { setTimeout as delay } from 'node:timers/promises';
import { neutralizeMentions, pendingMentionLength } from '../discord/mentions.js';
import { MESSAGE_LIMIT, type MessagePiece, MIN_SPLIT_LIMIT, pieceContent, splitPieces } from '../discord/split.js';

/** Rate-limit headers of one webhook response, when the caller can see them. */
export interface RateInfo {
	/** Requests left in the bucket's current window (`X-RateLimit-Remaining`). */
	remaining: number;
	/** Time until the window resets, in ms (`X-RateLimit-Reset-After` × 1,000). */
	resetAfterMs: number;
}

/**
 * Reads a webhook response's rate-limit headers (`X-RateLimit-Remaining`, and
 * `X-RateLimit-Reset-After` in seconds), or undefined when either is missing.
 */
export function rateInfoFromHeaders(headers: { get(name: string): string | null }): RateInfo | undefined {
	const remaining = Number(headers.get('x-ratelimit-remaining') ?? Number.NaN);
	const resetAfterSeconds = Number(headers.get('x-ratelimit-reset-after') ?? Number.NaN);
	if (!Number.isFinite(remaining) || !Number.isFinite(resetAfterSeconds)) return undefined;

	return { remaining, resetAfterMs: resetAfterSeconds * 1_000 };
}

/** What a request resolves to: the response's rate info, or nothing when it is not visible. */
// biome-ignore lint/suspicious/noConfusingVoidType: a callback written `async () => { … }` must fit
export type RateReport = RateInfo | undefined | void;

/** Where a streamed reply goes: the caller posts and edits the messages, however it likes. */
export interface StreamTarget {
	/** Posts a new message with `content`; `rate` when the response's headers are visible. */
	send(content: string): Promise<{ id: string; rate?: RateInfo }>;
	/** Replaces the content of message `id`; resolves to the response's rate info when visible. */
	edit(id: string, content: string): Promise<RateReport>;
}

/** Time as the writer and the pacer see it; tests pass a manual clock. */
interface Clock {
	now: () => number;
	sleep: (ms: number) => Promise<void>;
}

/** What a request does to a reply: the first text of a new message, or an edit of one. */
export type RequestKind = 'new-message' | 'edit';

/** How a webhook's bucket is paced before any rate-limit header says otherwise. */
export interface WebhookPacerOptions {
	/** Requests the bucket allows per window: Discord gives a webhook about 5. */
	requests?: number;
	/** The bucket's window, in ms: about 2 s for a webhook. */
	windowMs?: number;
	now?: () => number;
	sleep?: (ms: number) => Promise<void>;
}

interface Waiter {
	kind: RequestKind;
	admit: () => void;
}

// Edits never take a window's last request: it stays free for the first text of a new message.
const RESERVED_FOR_NEW_MESSAGES = 1;

/**
 * Paces the requests of every writer that speaks through one webhook. Discord gives a webhook
 * about 5 requests per 2 s, and every thread under its channel shares them, so the writers of
 * one channel share one pacer. Edits are spread evenly over what is left of the window and
 * leave one request spare; a new message's first text goes ahead of queued edits and may use
 * it. Rate-limit headers, when the caller passes them on, correct the pacer's own count.
 */
export class WebhookPacer {
	readonly #requests: number;
	readonly #windowMs: number;
	readonly #clock: Clock;
	#remaining: number;
	#resetAt = Number.NEGATIVE_INFINITY;
	#lastGrantAt = Number.NEGATIVE_INFINITY;
	#inFlight = 0;
	readonly #queue: Waiter[] = [];
	#dispatching = false;
	#nudge: (() => void) | undefined;

	constructor(options: WebhookPacerOptions = {}) {
		this.#requests = options.requests ?? 5;
		this.#windowMs = options.windowMs ?? 2_000;
		if (this.#requests <= RESERVED_FOR_NEW_MESSAGES) throw new RangeError('a webhook bucket needs room for edits');

		this.#clock = { now: options.now ?? Date.now, sleep: options.sleep ?? ((ms) => delay(ms)) };
		this.#remaining = this.#requests;
	}

	/** Runs `request` once the bucket has room for it, and learns from the rate info it returns. */
	async run(request: () => Promise<RateReport>, kind: RequestKind = 'edit'): Promise<void> {
		await this.#admit(kind);
		try {
			const rate = await request();
			if (rate) this.#learn(rate);
		} finally {
			this.#inFlight -= 1;
		}
	}

	#admit(kind: RequestKind): Promise<void> {
		return new Promise((admit) => {
			const firstEdit = this.#queue.findIndex((waiter) => waiter.kind === 'edit');
			const at = kind === 'new-message' && firstEdit !== -1 ? firstEdit : this.#queue.length;
			this.#queue.splice(at, 0, { kind, admit });
			this.#nudge?.();
			void this.#dispatch();
		});
	}

	/** Admits queued requests in order, each when the bucket allows it; one loop at a time. */
	async #dispatch(): Promise<void> {
		if (this.#dispatching) return;

		this.#dispatching = true;
		try {
			for (let head = this.#queue[0]; head; head = this.#queue[0]) {
				const wait = this.#waitFor(head.kind);
				if (wait > 0) {
					await this.#pause(wait);
					continue;
				}
				this.#queue.shift();
				this.#grant();
				head.admit();
			}
		} finally {
			this.#dispatching = false;
		}
	}

	/**
	 * How long a request of `kind` must still wait; zero or less means it may go now. Once the
	 * window has reset the bucket is full, and the next window starts with the next request,
	 * as Discord counts it.
	 */
	#waitFor(kind: RequestKind): number {
		const now = this.#clock.now();
		const reset = now >= this.#resetAt;
		const remaining = reset ? this.#requests : this.#remaining;
		const resetAt = reset ? now + this.#windowMs : this.#resetAt;

		const spare = remaining - (kind === 'edit' ? RESERVED_FOR_NEW_MESSAGES : 0);
		if (spare <= 0) return resetAt - now;
		if (kind === 'new-message') return 0;

		return this.#lastGrantAt + (resetAt - now) / spare - now;
	}

	#grant(): void {
		const now = this.#clock.now();
		if (now >= this.#resetAt) {
			this.#remaining = this.#requests;
			this.#resetAt = now + this.#windowMs;
		}
		this.#remaining -= 1;
		this.#lastGrantAt = now;
		this.#inFlight += 1;
	}

	/**
	 * Takes a response's headers. Requests still in flight are not in them yet, so they are
	 * subtracted. A header from the same window only ever lowers the count (responses can
	 * arrive out of order); one from a newer window, whose reset is a window later, replaces it.
	 */
	#learn(rate: RateInfo): void {
		const now = this.#clock.now();
		const resetAt = now + rate.resetAfterMs;
		const reported = Math.max(0, rate.remaining - (this.#inFlight - 1));
		const newerWindow = now >= this.#resetAt || resetAt > this.#resetAt + this.#windowMs / 2;
		this.#remaining = newerWindow ? reported : Math.min(this.#remaining, reported);
		this.#resetAt = newerWindow ? resetAt : Math.max(this.#resetAt, resetAt);
		this.#nudge?.();
	}

	/** Sleeps `ms`, or less when a new request or fresh headers may change the answer. */
	async #pause(ms: number): Promise<void> {
		const nudged = new Promise<void>((wake) => {
			this.#nudge = wake;
		});
		await Promise.race([this.#clock.sleep(ms), nudged]);
		this.#nudge = undefined;
	}
}

const THINK_OPEN = /<think>/i;
const THINK_CLOSE = /<\/think>/i;
const STRAY_THINK_CLOSE = /<\/think>/gi;

/** How many characters at the end of `text` could be the start of one of `tags`. */
function partialTagLength(text: string, tags: string[]): number {
	let longest = 0;
	for (const tag of tags) {
		const tail = text.slice(-tag.length).toLowerCase();
		for (let length = Math.min(tag.length - 1, tail.length); length > longest; length--) {
			if (tail.endsWith(tag.slice(0, length))) longest = length;
		}
	}
	return longest;
}

/**
 * The part of a streamed reply Discord may show: `<think>` blocks removed (the Rostro client
 * strips them already, but a stray one must still never reach a channel) and pings made inert.
 * It only ever grows: a tail that might still become a tag or a ping waits for more text.
 */
class VisibleReply {
	#text = '';
	#raw = ''; // streamed, not yet past the think filter
	#unchecked = ''; // past the think filter, pings not yet decided
	#thinking = false;

	get text(): string {
		return this.#text;
	}

	push(delta: string): void {
		this.#raw += delta;
		this.#advance(false);
	}

	/** No more text comes: what was held back is decided now, and an unclosed think block dropped. */
	end(): void {
		this.#advance(true);
	}

	#advance(final: boolean): void {
		this.#unchecked += this.#takeOutsideThoughts(final);
		const held = final ? 0 : pendingMentionLength(this.#unchecked);
		const ready = this.#unchecked.slice(0, this.#unchecked.length - held);
		this.#unchecked = this.#unchecked.slice(ready.length);
		this.#text += neutralizeMentions(ready);
	}

	#nextTag(): RegExpExecArray | null {
		return (this.#thinking ? THINK_CLOSE : THINK_OPEN).exec(this.#raw);
	}

	/** Takes the raw text known to lie outside think blocks, dropping the blocks themselves. */
	#takeOutsideThoughts(final: boolean): string {
		let outside = '';
		for (let tag = this.#nextTag(); tag; tag = this.#nextTag()) {
			if (!this.#thinking) outside += this.#raw.slice(0, tag.index);
			this.#raw = this.#raw.slice(tag.index + tag[0].length);
			this.#thinking = !this.#thinking;
		}

		const tags = this.#thinking ? ['</think>'] : ['<think>', '</think>'];
		const held = final ? 0 : partialTagLength(this.#raw, tags);
		const settled = this.#raw.slice(0, this.#raw.length - held);
		this.#raw = this.#raw.slice(settled.length);
		if (!this.#thinking) outside += settled;
		return outside.replace(STRAY_THINK_CLOSE, '');
	}
}

/** How a `StreamWriter` paces and splits a reply. */
export interface StreamWriterOptions {
	/** Least time between two requests on the growing message, in ms. Defaults to 1,200. */
	minEditIntervalMs?: number;
	/** The most code units one message may hold. Defaults to Discord's 2,000. */
	limit?: number;
	/** Paces requests against the webhook's bucket: share one among writers of one webhook. */
	pacer?: WebhookPacer;
	/** Failed requests in a row after which the writer gives up. Defaults to 3. */
	maxAttempts?: number;
	/** Whether an error can never succeed on a retry (the message was deleted, the thread locked). */
	isPermanent?: (error: unknown) => boolean;
	now?: () => number;
	sleep?: (ms: number) => Promise<void>;
}

/** What a reply left in Discord. */
export interface StreamResult {
	/** The messages the reply occupies, in order. */
	messageIds: string[];
	/** What those messages show, joined, without the code fences added where they were cut. */
	text: string;
}

/** A reply that could not be written to Discord; `messageIds` lists what was posted before that. */
export class StreamWriteError extends Error {
	override readonly name = 'StreamWriteError';

	constructor(
		readonly messageIds: string[],
		cause: unknown,
	) {
		super('the reply could not be written to Discord', { cause });
	}
}

/** How the stream ended: finished, or failed upstream for `reason`. */
type Ending = { failed: false } | { failed: true; reason: unknown };

interface PostedMessage {
	id: string;
	content: string;
	/** The part of the visible reply the message shows, without added fences. */
	body: string;
}

/**
 * Drives one streamed reply into Discord messages. The first text is posted as soon as it
 * arrives; after that the growing message is edited at most once per `minEditIntervalMs`, with
 * all text that arrived meanwhile, one request at a time and paced by the webhook's bucket.
 * Before a message would pass the limit the reply continues in a new one, code blocks carried
 * over. Field lessons #3 and #28 are why: anything faster meets Discord's rate limits.
 */
export class StreamWriter {
	readonly #target: StreamTarget;
	readonly #minEditIntervalMs: number;
	readonly #limit: number;
	readonly #maxAttempts: number;
	readonly #isPermanent: (error: unknown) => boolean;
	readonly #clock: Clock;
	readonly #pacer: WebhookPacer;
	readonly #reply = new VisibleReply();
	readonly #posted: PostedMessage[] = [];
	/** The message still growing: none before the first text and right after a rollover. */
	#growing: PostedMessage | undefined;
	/** Where the growing message's text starts in the visible reply. */
	#from = 0;
	#lastRequestAt = Number.NEGATIVE_INFINITY;
	#failures = 0;
	#lastError: unknown;
	#gaveUp = false;
	#ended: Ending | undefined;
	#pumping = false;
	#pumped: Promise<void> = Promise.resolve();

	constructor(target: StreamTarget, options: StreamWriterOptions = {}) {
		this.#limit = options.limit ?? MESSAGE_LIMIT;
		if (!Number.isInteger(this.#limit) || this.#limit < MIN_SPLIT_LIMIT) {
			throw new RangeError(`a message limit must be a whole number of at least ${MIN_SPLIT_LIMIT}`);
		}

		this.#target = target;
		this.#minEditIntervalMs = options.minEditIntervalMs ?? 1_200;
		this.#maxAttempts = options.maxAttempts ?? 3;
		this.#isPermanent = options.isPermanent ?? (() => false);
		this.#clock = { now: options.now ?? Date.now, sleep: options.sleep ?? ((ms) => delay(ms)) };
		this.#pacer = options.pacer ?? new WebhookPacer(this.#clock);
	}

	/** Takes the next text of the reply. Ignored once the stream has ended or the writer gave up. */
	push(delta: string): void {
		if (this.#ended || this.#gaveUp) return;

		this.#reply.push(delta);
		this.#wake();
	}

	/**
	 * Ends the stream and resolves once Discord shows all of it exactly. Rejects with a
	 * `StreamWriteError` when requests kept failing, or with the reason given to `fail()`.
	 */
	async finish(): Promise<StreamResult> {
		if (this.#ended?.failed) throw this.#ended.reason;

		this.#end({ failed: false });
		await this.#settle();
		if (this.#gaveUp) throw new StreamWriteError(this.#messageIds(), this.#lastError);

		return this.#result();
	}

	/**
	 * Ends the stream early because the reply failed upstream. What arrived is still shown
	 * exactly (best effort: it never rejects), and a later `finish()` rejects with `reason`.
	 */
	async fail(reason: unknown): Promise<StreamResult> {
		this.#end({ failed: true, reason });
		await this.#settle();
		return this.#result();
	}

	#end(ending: Ending): void {
		this.#ended ??= ending;
		this.#reply.end();
		this.#wake();
	}

	#wake(): void {
		if (this.#pumping) return;

		this.#pumping = true;
		this.#pumped = this.#pump().catch((error: unknown) => {
			this.#gaveUp = true; // a fault in the writer itself; finish() reports it
			this.#lastError = error;
		});
	}

	async #pump(): Promise<void> {
		try {
			while (this.#hasWork()) await this.#step();
		} finally {
			this.#pumping = false;
		}
	}

	async #settle(): Promise<void> {
		while (this.#pumping) await this.#pumped;
	}

	#plan(): MessagePiece[] {
		return splitPieces(this.#reply.text, { limit: this.#limit, from: this.#from });
	}

	#hasWork(): boolean {
		if (this.#gaveUp) return false;

		const [piece, next] = this.#plan();
		if (!piece) return false;
		return !this.#growing || next !== undefined || this.#growing.content !== pieceContent(piece);
	}

	/** One request: post or edit the growing message, then roll over when it is complete. */
	async #step(): Promise<void> {
		const wait = this.#waitBeforeRequest();
		if (wait > 0) await this.#clock.sleep(wait); // text arriving meanwhile goes out in one edit
		if (this.#rollOverIfShown()) return;

		const kind = this.#growing ? 'edit' : 'new-message';
		await this.#request(kind, () => this.#showLatest());
	}

	/** Edits wait out the interval; a new message goes at once, unless the last request failed. */
	#waitBeforeRequest(): number {
		const [piece] = this.#plan();
		const editing = this.#growing !== undefined && piece && this.#growing.content !== pieceContent(piece);
		if (!editing && this.#failures === 0) return 0;

		return this.#lastRequestAt + this.#minEditIntervalMs - this.#clock.now();
	}

	/** Rolls over without a request when the growing message already shows its final piece. */
	#rollOverIfShown(): boolean {
		const [piece, next] = this.#plan();
		if (!piece || !next || this.#growing?.content !== pieceContent(piece)) return false;

		this.#rollOver(piece);
		return true;
	}

	/**
	 * Posts or edits the growing message with the reply as it stands now: the pacer may have
	 * held the request back, and whatever arrived meanwhile belongs in it.
	 */
	async #showLatest(): Promise<RateReport> {
		const [piece, next] = this.#plan();
		if (!piece) return undefined;

		const content = pieceContent(piece);
		const growing = this.#growing;
		this.#lastRequestAt = this.#clock.now();
		let rate: RateReport;
		if (growing) {
			rate = await this.#target.edit(growing.id, content);
			Object.assign(growing, { content, body: piece.body });
		} else {
			const sent = await this.#target.send(content);
			this.#posted.push({ id: sent.id, content, body: piece.body });
			this.#growing = this.#posted.at(-1);
			rate = sent.rate;
		}
		if (next) this.#rollOver(piece);
		return rate;
	}

	/** Runs one request through the pacer; a failure is counted and retried on the next step. */
	async #request(kind: RequestKind, request: () => Promise<RateReport>): Promise<void> {
		try {
			await this.#pacer.run(request, kind);
			this.#failures = 0;
		} catch (error) {
			this.#failures += 1;
			this.#lastError = error;
			if (this.#failures >= this.#maxAttempts || this.#isPermanent(error)) this.#gaveUp = true;
		}
	}

	/**
	 * The growing message shows its final piece: the next text starts a new message.
	 * Limitation: the cut keeps the code state it was made with. Discord pairs backticks
	 * forwards, so one arriving later can pair with a backtick left unpaired before the cut and
	 * make one inline span of the text between (a code fence included); the finished messages
	 * then show plain backticks there. Avoiding it would mean holding back every rollover while
	 * a backtick is unpaired, which a stray backtick would stall for the rest of the reply.
	 */
	#rollOver(piece: MessagePiece): void {
		this.#from = piece.end;
		this.#growing = undefined;
	}

	#messageIds(): string[] {
		return this.#posted.map((message) => message.id);
	}

	#result(): StreamResult {
		return { messageIds: this.#messageIds(), text: this.#posted.map((message) => message.body).join('') };
	}
}
