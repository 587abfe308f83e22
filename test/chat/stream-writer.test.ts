import { describe, expect, it } from 'vitest';
import {
	type RateInfo,
	rateInfoFromHeaders,
	type StreamResult,
	type StreamTarget,
	StreamWriteError,
	StreamWriter,
	type StreamWriterOptions,
	WebhookPacer,
} from '../../src/chat/stream-writer.js';

/** Lets every promise chain that can move on do so. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A clock that moves only when the test says so; sleepers wake in order as it passes them. */
class ManualClock {
	time = 0;
	readonly #sleepers: { at: number; wake: () => void }[] = [];

	readonly now = () => this.time;

	readonly sleep = (ms: number) =>
		new Promise<void>((wake) => {
			this.#sleepers.push({ at: this.time + ms, wake });
		});

	async advance(ms: number): Promise<void> {
		const target = this.time + ms;
		await settle();
		for (let next = this.#takeDue(target); next; next = this.#takeDue(target)) {
			this.time = Math.max(this.time, next.at);
			next.wake();
			await settle();
		}
		this.time = target;
		await settle();
	}

	#takeDue(target: number) {
		const due = this.#sleepers.filter((sleeper) => sleeper.at <= target).sort((a, b) => a.at - b.at)[0];
		if (due) this.#sleepers.splice(this.#sleepers.indexOf(due), 1);
		return due;
	}
}

/** Discord's fixed-window webhook bucket: 5 requests per 2 s, a 429 beyond. */
class Bucket {
	rejected = 0;
	#windowStart = Number.NEGATIVE_INFINITY;
	#used = 0;

	constructor(
		private readonly clock: ManualClock,
		private readonly requests = 5,
		private readonly windowMs = 2_000,
	) {}

	take(): RateInfo {
		const now = this.clock.now();
		if (now >= this.#windowStart + this.windowMs) {
			this.#windowStart = now;
			this.#used = 0;
		}
		if (this.#used >= this.requests) {
			this.rejected += 1;
			throw new Error('429: You are being rate limited.');
		}

		this.#used += 1;
		return { remaining: this.requests - this.#used, resetAfterMs: this.#windowStart + this.windowMs - now };
	}
}

interface Call {
	kind: 'send' | 'edit';
	id: string;
	content: string;
	at: number;
}

/** A webhook as the writer sees it: records calls, keeps message contents, fails or stalls on cue. */
class FakeWebhook implements StreamTarget {
	readonly calls: Call[] = [];
	readonly contents = new Map<string, string>();
	failures: Error[] = [];
	rate: ((call: Call) => RateInfo | undefined) | undefined;
	readonly bucket: Bucket | undefined;
	readonly reportRate: boolean;
	stall: Promise<void> | undefined;
	inFlight = 0;
	maxInFlight = 0;
	#nextId = 1;

	constructor(
		private readonly clock: ManualClock,
		private readonly prefix = 'm',
		options: { bucket?: Bucket; reportRate?: boolean } = {},
	) {
		this.bucket = options.bucket;
		this.reportRate = options.reportRate ?? true;
	}

	async send(content: string) {
		const id = `${this.prefix}${this.#nextId}`;
		const rate = await this.#request({ kind: 'send', id, content, at: this.clock.now() });
		this.#nextId += 1;
		return { id, rate };
	}

	async edit(id: string, content: string) {
		return this.#request({ kind: 'edit', id, content, at: this.clock.now() });
	}

	/** The messages in order, as Discord shows them now. */
	shown(): string[] {
		return [...this.contents.values()];
	}

	async #request(call: Call): Promise<RateInfo | undefined> {
		this.calls.push(call);
		this.inFlight += 1;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		try {
			if (this.stall) await this.stall;
			const failure = this.failures.shift();
			if (failure) throw failure;
			const headers = this.bucket?.take();
			this.contents.set(call.id, call.content);
			if (this.rate) return this.rate(call);
			return this.reportRate ? headers : undefined;
		} finally {
			this.inFlight -= 1;
		}
	}
}

function writerFor(webhook: FakeWebhook, clock: ManualClock, options: StreamWriterOptions = {}) {
	return new StreamWriter(webhook, { now: clock.now, sleep: clock.sleep, ...options });
}

type Outcome = { result: StreamResult; error?: undefined } | { result?: undefined; error: unknown };

/** Finishes the stream while moving the clock, so throttled edits can happen. */
async function finishOnClock(writer: StreamWriter, clock: ManualClock): Promise<Outcome> {
	let outcome: Outcome | undefined;
	void writer.finish().then(
		(result) => {
			outcome = { result };
		},
		(error: unknown) => {
			outcome = { error };
		},
	);
	for (let step = 0; step < 2_000 && !outcome; step++) await clock.advance(100);
	if (!outcome) throw new Error('the stream never finished');
	return outcome;
}

/** Streams `text` in deltas of `size`, one every `everyMs`. */
async function stream(writer: StreamWriter, clock: ManualClock, text: string, size: number, everyMs: number) {
	for (let at = 0; at < text.length; at += size) {
		writer.push(text.slice(at, at + size));
		await clock.advance(everyMs);
	}
}

const DISCORD_PING = /@(everyone|here)|<@[!&]?\d+>/i;
/**
 * Whether the message contents are consecutive pieces of `text`, each with at most a reopened
 * fence before it and a closing fence after it: the text minus the fence lines the writer added.
 */
function rejoins(contents: string[], text: string): boolean {
	const [content, ...rest] = contents;
	if (content === undefined) return text === '';

	const opening = /^```[\w+#.-]*\n/.exec(content)?.[0];
	for (const head of opening ? ['', opening] : ['']) {
		for (const tail of ['', '```', '\n```']) {
			if (!content.endsWith(tail) || head.length + tail.length >= content.length) continue;
			const body = content.slice(head.length, content.length - tail.length);
			if (text.startsWith(body) && rejoins(rest, text.slice(body.length))) return true;
		}
	}
	return false;
}

describe('StreamWriter', () => {
	it('posts the first text at once, without waiting for the throttle', async () => {
		const clock = new ManualClock();
		const webhook = new FakeWebhook(clock);
		const writer = writerFor(webhook, clock);

		writer.push('Hello');
		await settle();
		expect(webhook.calls).toEqual([{ kind: 'send', id: 'm1', content: 'Hello', at: 0 }]);
	});

	it('edits at most once per interval, with all the text that arrived meanwhile', async () => {
		const clock = new ManualClock();
		const webhook = new FakeWebhook(clock);
		const writer = writerFor(webhook, clock);

		writer.push('Hello');
		await clock.advance(300);
		writer.push(' there');
		await clock.advance(300);
		writer.push(', friend');
		await clock.advance(599);
		expect(webhook.calls).toHaveLength(1);

		await clock.advance(1);
		expect(webhook.calls.slice(1)).toEqual([{ kind: 'edit', id: 'm1', content: 'Hello there, friend', at: 1_200 }]);

		writer.push('.');
		await clock.advance(1_199);
		expect(webhook.calls).toHaveLength(2);
		await clock.advance(1);
		expect(webhook.calls[2]).toMatchObject({ kind: 'edit', content: 'Hello there, friend.', at: 2_400 });
	});

	it('keeps one request in flight and sends the latest text when it returns', async () => {
		const clock = new ManualClock();
		const webhook = new FakeWebhook(clock);
		const writer = writerFor(webhook, clock);
		writer.push('one');
		await settle();

		let release = () => {};
		webhook.stall = new Promise((resolve) => {
			release = resolve;
		});
		writer.push(' two');
		await clock.advance(1_200);
		writer.push(' three');
		await clock.advance(5_000);
		writer.push(' four');
		await clock.advance(5_000);
		expect(webhook.calls.map((call) => call.content)).toEqual(['one', 'one two']);

		webhook.stall = undefined;
		release();
		await settle();
		expect(webhook.calls.map((call) => call.content)).toEqual(['one', 'one two', 'one two three four']);
		expect(webhook.maxInFlight).toBe(1);
	});

	it('continues in a new message before the limit, closing and reopening code blocks', async () => {
		const clock = new ManualClock();
		const webhook = new FakeWebhook(clock);
		const writer = writerFor(webhook, clock);
		const code = Array.from({ length: 260 }, (_, index) => `  const line${index} = 'value';`).join('\n');
		const text = `Here is the module:\n\n\`\`\`ts\n${code}\n\`\`\`\n\nThat should do it. 🎉`;

		await stream(writer, clock, text, 37, 100);
		const { result } = await finishOnClock(writer, clock);

		expect(result?.text).toBe(text);
		expect(result?.messageIds.length).toBeGreaterThanOrEqual(4);
		for (const call of webhook.calls) expect(call.content.length).toBeLessThanOrEqual(2_000);
		const shown = webhook.shown();
		for (const content of shown) expect(content.match(/```/g)?.length ?? 0).toSatisfy((n: number) => n % 2 === 0);
		for (const content of shown.slice(1, -1)) expect(content.startsWith('```ts\n')).toBe(true);
		expect(rejoins(shown, text)).toBe(true);
	});

	it('shows a code block still streaming as a closed block', async () => {
		const clock = new ManualClock();
		const webhook = new FakeWebhook(clock);
		const writer = writerFor(webhook, clock);

		writer.push('Code:\n```js\nlet a = 1;');
		await clock.advance(1_200);
		writer.push('\nlet b = 2;\n```\nDone.');
		await clock.advance(1_200);

		expect(webhook.calls.map((call) => call.content)).toEqual([
			'Code:\n```js\nlet a = 1;\n```',
			'Code:\n```js\nlet a = 1;\nlet b = 2;\n```\nDone.',
		]);
	});

	it('posts a message that arrives at once across several messages', async () => {
		const clock = new ManualClock();
		const webhook = new FakeWebhook(clock);
		const writer = writerFor(webhook, clock);
		const text = 'word '.repeat(1_000).trim();

		writer.push(text);
		const { result } = await finishOnClock(writer, clock);

		expect(result?.text).toBe(text);
		expect(webhook.calls.map((call) => call.kind)).toEqual(['send', 'send', 'send']);
		expect(webhook.shown().join('')).toBe(text);
	});

	it('ends with exactly the streamed text, whatever the deltas', async () => {
		const text =
			'Intro with emoji 👨‍👩‍👧‍👦🇯🇵👋🏽 and CJK 今日は良い天気です。\n\n' +
			`\`\`\`python\n${'print("ok")  # 注释\n'.repeat(150)}\`\`\`\n` +
			`${'Combining e\u0301 marks and `inline code` in a sentence. '.repeat(40)}The end.`;
		for (const size of [1, 7, 64, 997]) {
			const clock = new ManualClock();
			const webhook = new FakeWebhook(clock);
			const writer = writerFor(webhook, clock);

			await stream(writer, clock, text, size, size === 1 ? 1 : 150);
			const { result } = await finishOnClock(writer, clock);

			expect(result?.text).toBe(text);
			expect(rejoins(webhook.shown(), text)).toBe(true);
			for (const call of webhook.calls) expect(call.content.length).toBeLessThanOrEqual(2_000);
		}
	});

	it('ends exact over random replies, deltas, timing and transient failures', async () => {
		const fragments = [
			'word ',
			'Rostro ',
			'\n',
			'\n\n',
			'. ',
			'漢字',
			'👨‍👩‍👧‍👦',
			'🇯🇵',
			'e\u0301',
			'`x` ',
			'@here ',
			'<@12> ',
		];
		const block = `\`\`\`ts\nconst a = \`b\`;\n${'let c = 1;\n'.repeat(60)}\`\`\`\n`;
		let seed = 11;
		const next = () => {
			seed = (seed * 16_807) % 2_147_483_647;
			return seed / 2_147_483_647;
		};
		for (let round = 0; round < 12; round++) {
			const parts = Array.from({ length: 400 }, () =>
				next() < 0.02 ? block : fragments[Math.floor(next() * fragments.length)],
			);
			const text = `${parts.join('')}end.`;
			const clock = new ManualClock();
			const webhook = new FakeWebhook(clock, 'm', { bucket: new Bucket(clock) });
			const writer = writerFor(webhook, clock, { maxAttempts: 20 });

			for (let at = 0; at < text.length; ) {
				const size = 1 + Math.floor(next() * 120);
				if (next() < 0.05) webhook.failures.push(new Error('500: Internal Server Error'));
				writer.push(text.slice(at, at + size));
				at += size;
				await clock.advance(Math.floor(next() * 400));
			}
			const { result } = await finishOnClock(writer, clock);

			const visible = text.replaceAll('@here', '@\u200bhere').replaceAll('<@12>', '<@\u200b12>');
			expect(result?.text, `round ${round}`).toBe(visible);
			expect(rejoins(webhook.shown(), visible), `round ${round}`).toBe(true);
			expect(webhook.bucket?.rejected).toBe(0);
			for (const call of webhook.calls) expect(call.content.length).toBeLessThanOrEqual(2_000);
		}
	});

	it('removes think blocks and stops pings, even when a tag or a ping is split across deltas', async () => {
		const clock = new ManualClock();
		const webhook = new FakeWebhook(clock);
		const writer = writerFor(webhook, clock);

		for (const delta of [
			'<thi',
			'nk>plan: ping @everyone</th',
			'ink>Hello @every',
			'one, <@',
			'123> and </think>',
			'bye',
		]) {
			writer.push(delta);
			await clock.advance(700);
		}
		const { result } = await finishOnClock(writer, clock);

		expect(result?.text).toBe('Hello @\u200beveryone, <@\u200b123> and bye');
		for (const call of webhook.calls) {
			expect(call.content).not.toContain('plan');
			expect(call.content).not.toMatch(DISCORD_PING);
		}
	});

	it('drops a think block left open when the stream ends', async () => {
		const clock = new ManualClock();
		const webhook = new FakeWebhook(clock);
		const writer = writerFor(webhook, clock);

		writer.push('Answer.<think>never closed');
		const { result } = await finishOnClock(writer, clock);
		expect(result?.text).toBe('Answer.');
		expect(webhook.shown()).toEqual(['Answer.']);
	});

	it('posts nothing for a reply with nothing to show', async () => {
		const clock = new ManualClock();
		const webhook = new FakeWebhook(clock);
		const writer = writerFor(webhook, clock);

		writer.push('<think>only thoughts</think>  \n');
		const { result } = await finishOnClock(writer, clock);
		expect(result).toEqual({ messageIds: [], text: '' });
		expect(webhook.calls).toEqual([]);
	});

	it('waits for the bucket to reset when the rate-limit headers say it is nearly empty', async () => {
		const clock = new ManualClock();
		const webhook = new FakeWebhook(clock);
		webhook.rate = (call) => (call.kind === 'edit' ? { remaining: 1, resetAfterMs: 4_000 } : undefined);
		const writer = writerFor(webhook, clock);

		for (let step = 0; step < 80; step++) {
			writer.push(`${step} `);
			await clock.advance(100);
		}
		const edits = webhook.calls.filter((call) => call.kind === 'edit').map((call) => call.at);
		expect(edits).toEqual([1_200, 5_200]);
	});

	it('retries a failed edit on the next turn and still ends exact', async () => {
		const clock = new ManualClock();
		const webhook = new FakeWebhook(clock);
		const writer = writerFor(webhook, clock);

		writer.push('Hello');
		await settle();
		webhook.failures.push(new Error('500: Internal Server Error'));
		writer.push(' world');
		await clock.advance(1_200);
		writer.push('!');
		const { result } = await finishOnClock(writer, clock);

		expect(result?.text).toBe('Hello world!');
		expect(webhook.calls.map((call) => [call.kind, call.content, call.at])).toEqual([
			['send', 'Hello', 0],
			['edit', 'Hello world', 1_200],
			['edit', 'Hello world!', 2_400],
		]);
	});

	it('retries a failed first message after the interval', async () => {
		const clock = new ManualClock();
		const webhook = new FakeWebhook(clock);
		webhook.failures.push(new Error('503: Service Unavailable'));
		const writer = writerFor(webhook, clock);

		writer.push('Hi');
		const { result } = await finishOnClock(writer, clock);

		expect(result).toEqual({ messageIds: ['m1'], text: 'Hi' });
		expect(webhook.calls.map((call) => call.at)).toEqual([0, 1_200]);
	});

	it('gives up after repeated failures and says so from finish()', async () => {
		const clock = new ManualClock();
		const webhook = new FakeWebhook(clock);
		const writer = writerFor(webhook, clock, { maxAttempts: 3 });
		writer.push('Hello');
		await settle();

		const failure = new Error('500: Internal Server Error');
		webhook.failures.push(failure, failure, failure, failure);
		writer.push(' world');
		const { error } = await finishOnClock(writer, clock);

		expect(error).toBeInstanceOf(StreamWriteError);
		expect(error).toMatchObject({ messageIds: ['m1'], cause: failure });
		expect(webhook.calls.filter((call) => call.kind === 'edit')).toHaveLength(3);
	});

	it('gives up at once on a failure that can never succeed', async () => {
		const clock = new ManualClock();
		const webhook = new FakeWebhook(clock);
		const gone = new Error('10008: Unknown Message');
		const writer = writerFor(webhook, clock, { isPermanent: (error) => error === gone });
		writer.push('Hello');
		await settle();

		webhook.failures.push(gone);
		writer.push(' world');
		const { error } = await finishOnClock(writer, clock);

		expect(error).toMatchObject({ name: 'StreamWriteError', cause: gone });
		expect(webhook.calls).toHaveLength(2);
	});

	it('shows what arrived when the reply fails upstream, then refuses more', async () => {
		const clock = new ManualClock();
		const webhook = new FakeWebhook(clock);
		const writer = writerFor(webhook, clock);
		writer.push('Half a rep');
		await settle();
		writer.push('ly');

		const upstream = new Error('the stream was cut');
		let failed: StreamResult | undefined;
		void writer.fail(upstream).then((result) => {
			failed = result;
		});
		await clock.advance(1_200);
		writer.push(' that never shows');
		await clock.advance(5_000);

		expect(failed).toEqual({ messageIds: ['m1'], text: 'Half a reply' });
		expect(webhook.shown()).toEqual(['Half a reply']);
		await expect(writer.finish()).rejects.toBe(upstream);
	});

	it('shares one pacer among writers of one webhook and meets no 429', async () => {
		for (const reportRate of [true, false]) {
			const clock = new ManualClock();
			const bucket = new Bucket(clock);
			const pacer = new WebhookPacer({ now: clock.now, sleep: clock.sleep });
			const webhooks = ['a', 'b', 'c', 'd'].map((name) => new FakeWebhook(clock, name, { bucket, reportRate }));
			const writers = webhooks.map((webhook) => writerFor(webhook, clock, { pacer }));
			const text = `${'A sentence that keeps coming. '.repeat(150)}Done.`;

			for (let at = 0; at < text.length; at += 50) {
				for (const writer of writers) writer.push(text.slice(at, at + 50));
				await clock.advance(100);
			}
			const outcomes = await Promise.all(writers.map((writer) => finishOnClock(writer, clock)));

			expect(bucket.rejected).toBe(0);
			for (const outcome of outcomes) expect(outcome.result?.text).toBe(text);
		}
	});

	it('meets 429s when writers of one webhook pace themselves apart, which is why they share', async () => {
		const clock = new ManualClock();
		const bucket = new Bucket(clock);
		const webhooks = ['a', 'b', 'c', 'd'].map((name) => new FakeWebhook(clock, name, { bucket, reportRate: false }));
		const writers = webhooks.map((webhook) => writerFor(webhook, clock));

		for (let step = 0; step < 60; step++) {
			for (const writer of writers) writer.push(`${step} `);
			await clock.advance(100);
		}
		expect(bucket.rejected).toBeGreaterThan(0);
	});
});

describe('WebhookPacer', () => {
	function pacerOnClock() {
		const clock = new ManualClock();
		const pacer = new WebhookPacer({ now: clock.now, sleep: clock.sleep });
		const granted: { kind: string; at: number }[] = [];
		const run = (kind: 'edit' | 'new-message', rate?: RateInfo) =>
			pacer.run(async () => {
				granted.push({ kind, at: clock.now() });
				return rate;
			}, kind);
		return { clock, pacer, granted, run };
	}

	it('spreads edits over the window and never spends its last request on one', async () => {
		const { clock, granted, run } = pacerOnClock();
		for (let count = 0; count < 8; count++) void run('edit');
		await clock.advance(6_000);

		const times = granted.map((grant) => grant.at);
		expect(times).toHaveLength(8);
		for (const start of times) {
			expect(times.filter((at) => at >= start && at < start + 2_000).length).toBeLessThanOrEqual(4);
		}
		expect(times[1]).toBeGreaterThan(0); // spread, not a burst
	});

	it('lets a new message jump the queue of edits and use the spare request', async () => {
		const { clock, granted, run } = pacerOnClock();
		await run('edit', { remaining: 1, resetAfterMs: 2_000 });
		void run('edit');
		void run('edit');
		void run('new-message');
		await settle();

		expect(granted.map((grant) => [grant.kind, grant.at])).toEqual([
			['edit', 0],
			['new-message', 0],
		]);
		await clock.advance(2_000);
		expect(granted.slice(2).map((grant) => [grant.kind, grant.at])).toEqual([['edit', 2_000]]);
		await clock.advance(1_000);
		expect(granted[3]?.at).toBeGreaterThan(2_000); // the next edit is spread over the new window
	});

	it('waits for the reset when the headers say the bucket is empty', async () => {
		const { clock, granted, run } = pacerOnClock();
		await run('edit', { remaining: 0, resetAfterMs: 3_000 });
		void run('new-message');
		await clock.advance(2_999);
		expect(granted).toHaveLength(1);

		await clock.advance(1);
		expect(granted.map((grant) => grant.at)).toEqual([0, 3_000]);
	});
});

describe('rateInfoFromHeaders', () => {
	it('reads the remaining requests and the reset in ms', () => {
		const headers = new Headers({ 'X-RateLimit-Remaining': '3', 'X-RateLimit-Reset-After': '1.25' });
		expect(rateInfoFromHeaders(headers)).toEqual({ remaining: 3, resetAfterMs: 1_250 });
	});

	it('gives nothing when a header is missing or not a number', () => {
		expect(rateInfoFromHeaders(new Headers({ 'X-RateLimit-Remaining': '3' }))).toBeUndefined();
		expect(
			rateInfoFromHeaders(new Headers({ 'X-RateLimit-Remaining': 'x', 'X-RateLimit-Reset-After': '1' })),
		).toBeUndefined();
	});
});
