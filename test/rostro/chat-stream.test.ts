import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	RostroClient,
	RostroConnectionError,
	RostroRateLimitError,
	RostroServerError,
	RostroTimeoutError,
	RostroUnexpectedResponseError,
} from '../../src/rostro/index.js';
import {
	chunk,
	type ScriptedServer,
	sseBody,
	sseHeaders,
	startScriptedServer,
	writeSlices,
} from './scripted-server.js';

const request = { model: 'asha', messages: [{ role: 'user' as const, content: 'Hello?' }] };

// A reasoning model's reply: a role-only chunk, reasoning in <think> split over chunks,
// reasoning_content on the side, multi-byte text, then the finish chunk and [DONE].
const reply = sseBody([
	chunk({ role: 'assistant' }),
	chunk({ content: '<think>Plan: be kind.</th' }),
	chunk({ reasoning_content: 'secret reasoning' }),
	chunk({ content: 'ink>\n\nHéllo 🌍' }),
	chunk({ content: ' wörld' }),
	chunk({}, 'stop'),
]);
const replyBytes = Buffer.from(reply);
const visible = 'Héllo 🌍 wörld';

/**
 * The cut points worth trying: in and around the pieces of the think tags, escaped line
 * breaks, every multi-byte character and every event boundary.
 */
function delicateCuts(bytes: Buffer): number[] {
	const text = bytes.toString('latin1');
	const cuts = new Set<number>();
	for (const piece of ['<think>', '</th', 'ink>', '\\n', '\n\n']) {
		for (let at = text.indexOf(piece); at >= 0; at = text.indexOf(piece, at + 1)) {
			for (let cut = at; cut <= at + piece.length; cut++) cuts.add(cut);
		}
	}
	bytes.forEach((byte, at) => {
		if (byte >= 0x80) cuts.add(at).add(at + 1);
	});
	return [...cuts].sort((left, right) => left - right);
}

let server: ScriptedServer;
let client: RostroClient;
/** A client with a short idle limit, for the tests where the server falls silent on purpose. */
let impatient: RostroClient;

beforeAll(async () => {
	server = await startScriptedServer();
	const urls = { apiUrl: server.url, inferenceUrl: `${server.url}/v1` };
	client = new RostroClient({ ...urls, retry: { baseDelayMs: 1 } });
	impatient = new RostroClient({ ...urls, timeouts: { streamIdleMs: 300 } });
});

afterAll(() => server.close());

/** Answers with the reply cut into these byte slices. */
function answerInSlices(slices: Uint8Array[]) {
	server.answer(async (_req, res) => {
		res.writeHead(200, sseHeaders);
		await writeSlices(res, slices);
		res.end();
	});
}

async function readAll(options = {}, reader = client) {
	const stream = await reader.chat.stream(request, { token: 'tok', ...options });
	const deltas: string[] = [];
	for await (const delta of stream) deltas.push(delta);
	return { deltas, text: deltas.join(''), finishReason: stream.finishReason, stream };
}

describe('chat.stream', () => {
	it('yields only the visible text, and the finish reason', async () => {
		answerInSlices([replyBytes]);
		const { text, finishReason, deltas } = await readAll();
		expect(text).toBe(visible);
		expect(finishReason).toBe('stop');
		expect(deltas.every((delta) => delta !== '')).toBe(true);
	});

	it('gives the same reply wherever a cut splits a tag, a character or an event', async () => {
		const cuts = delicateCuts(replyBytes);
		expect(cuts.length).toBeGreaterThan(20);
		for (const at of cuts) {
			answerInSlices([replyBytes.subarray(0, at), replyBytes.subarray(at)]);
			const { text, finishReason } = await readAll();
			expect({ at, text, finishReason }).toEqual({ at, text: visible, finishReason: 'stop' });
		}
	});

	it('gives the same reply when every byte arrives alone', async () => {
		answerInSlices([...replyBytes].map((byte) => Uint8Array.of(byte)));
		const { text, stream } = await readAll();
		expect(text).toBe(visible);
		expect(stream.text).toBe(visible);
	});

	it('sends the request as a streamed OpenAI chat body with the token', async () => {
		const bodies: string[] = [];
		server.answer(async (req, res) => {
			const parts: Buffer[] = [];
			for await (const part of req) parts.push(part as Buffer);
			bodies.push(Buffer.concat(parts).toString());
			res.writeHead(200, sseHeaders).end(reply);
		});
		await readAll();

		const last = server.requests.at(-1);
		expect(last?.url).toBe('/v1/chat/completions');
		expect(last?.headers.authorization).toBe('Bearer tok');
		expect(last?.headers.accept).toBe('text/event-stream');
		expect(JSON.parse(bodies[0] ?? '')).toEqual({ ...request, stream: true });
	});

	it('ends with a connection error when the stream is cut mid-reply', async () => {
		server.answer(async (_req, res) => {
			res.writeHead(200, sseHeaders);
			await writeSlices(res, [Buffer.from(sseBody([chunk({ role: 'assistant' }), chunk({ content: 'Hel' })], false))]);
			res.destroy();
		});
		const stream = await client.chat.stream(request);
		const seen: string[] = [];
		await expect(
			(async () => {
				for await (const delta of stream) seen.push(delta);
			})(),
		).rejects.toBeInstanceOf(RostroConnectionError);
		expect(seen.join('')).toBe('Hel');
	});

	it('ends with a connection error when the stream closes without finishing', async () => {
		server.answer((_req, res) => {
			res.writeHead(200, sseHeaders).end(sseBody([chunk({ content: 'Hel' })], false));
		});
		await expect(readAll()).rejects.toThrow(/ended before the reply was complete/);
	});

	it('accepts a finished reply that lacks [DONE]', async () => {
		server.answer((_req, res) => {
			res.writeHead(200, sseHeaders).end(sseBody([chunk({ content: 'Hi' }), chunk({}, 'length')], false));
		});
		const { text, finishReason } = await readAll();
		expect({ text, finishReason }).toEqual({ text: 'Hi', finishReason: 'length' });
	});

	it('ends with a timeout when the stream falls silent longer than the idle limit', async () => {
		server.answer((_req, res) => {
			res.writeHead(200, sseHeaders);
			res.write(sseBody([chunk({ role: 'assistant' })], false));
		});
		await expect(readAll({}, impatient)).rejects.toBeInstanceOf(RostroTimeoutError);
	});

	it('times out when the headers never come', async () => {
		server.answer(() => undefined);
		await expect(impatient.chat.stream(request)).rejects.toBeInstanceOf(RostroTimeoutError);
	});

	it('stops with the abort reason when the caller aborts mid-stream', async () => {
		server.answer((_req, res) => {
			res.writeHead(200, sseHeaders);
			res.write(sseBody([chunk({ content: 'Hello' })], false));
		});
		const controller = new AbortController();
		const stream = await client.chat.stream(request, { signal: controller.signal });
		const reading = (async () => {
			for await (const _delta of stream) controller.abort();
		})();
		await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
	});

	it('closes the connection when the consumer stops early', async () => {
		let closed: Promise<void> = Promise.resolve();
		server.answer((_req, res) => {
			closed = new Promise((resolve) => res.on('close', () => resolve()));
			res.writeHead(200, sseHeaders);
			res.write(sseBody([chunk({ content: 'Hello' })], false));
		});
		const stream = await client.chat.stream(request);
		for await (const _delta of stream) break;
		await closed;
	});

	it('throws the error an error event carries', async () => {
		server.answer((_req, res) => {
			const failure = { object: 'error', message: 'model overloaded', type: 'ServiceUnavailable', code: 503 };
			res.writeHead(200, sseHeaders).end(sseBody([chunk({ content: 'Hi' }), failure]));
		});
		const failure = readAll();
		await expect(failure).rejects.toBeInstanceOf(RostroServerError);
		await expect(failure).rejects.toMatchObject({ rostroMessage: 'model overloaded', status: 503 });
	});

	it('reports an event that is not JSON as an unexpected reply', async () => {
		server.answer((_req, res) => {
			res.writeHead(200, sseHeaders).end(sseBody(['{"choices": [']));
		});
		await expect(readAll()).rejects.toMatchObject({
			constructor: RostroUnexpectedResponseError,
			fieldPath: '(event)',
		});
	});

	it('throws HTTP errors before any iteration, without retrying a 500', async () => {
		const before = server.requests.length;
		server.answer((_req, res) => {
			res.writeHead(500, { 'content-type': 'application/json' }).end('{"detail":"boom"}');
		});
		await expect(client.chat.stream(request)).rejects.toBeInstanceOf(RostroServerError);
		expect(server.requests.length - before).toBe(1);
	});

	it('waits out a 429 and tries again', async () => {
		let calls = 0;
		server.answer((_req, res) => {
			calls++;
			if (calls === 1) {
				res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' });
				res.end('{"error":"concurrent request","errorCode":429,"code":0}');
				return;
			}
			res.writeHead(200, sseHeaders).end(reply);
		});
		const { text } = await readAll();
		expect(text).toBe(visible);
		expect(calls).toBe(2);
	});

	it('gives up on a 429 that asks for a longer wait than allowed', async () => {
		let calls = 0;
		server.answer((_req, res) => {
			calls++;
			res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '600' }).end('{"detail":"busy"}');
		});
		await expect(client.chat.stream(request)).rejects.toMatchObject({
			constructor: RostroRateLimitError,
			retryAfterMs: 600_000,
		});
		expect(calls).toBe(1);
	});
});
