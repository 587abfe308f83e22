import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
	RostroClient,
	RostroConnectionError,
	RostroRateLimitError,
	RostroServerError,
	RostroTimeoutError,
	RostroUnexpectedResponseError,
} from '../../src/rostro/index.js';
import { memoryLogger, type RostroRig, requestsTo, startRig } from './support.js';

let rig: RostroRig;
const log = memoryLogger();

beforeAll(async () => {
	rig = await startRig({ logger: log.logger });
});

afterAll(() => rig.close());

beforeEach(() => {
	rig.sim.clearFaults();
	rig.sim.requests.length = 0;
	log.lines.length = 0;
});

const search = () => rig.client.search.search({ search: 'ari' });

describe('retries of reads', () => {
	it('retries a read after 5xx until it succeeds', async () => {
		rig.sim.fault({ path: '/search' }, { status: 503 }, 2);
		await expect(search()).resolves.toMatchObject({ items: expect.any(Array) });
		expect(requestsTo(rig.sim, '/search')).toHaveLength(3);
	});

	it('retries a read at most twice', async () => {
		rig.sim.fault({ path: '/search' }, { status: 502 });
		await expect(search()).rejects.toBeInstanceOf(RostroServerError);
		expect(requestsTo(rig.sim, '/search')).toHaveLength(3);
	});

	it('retries as often as configured', async () => {
		const client = new RostroClient({
			apiUrl: rig.sim.url,
			inferenceUrl: rig.sim.inferenceUrl,
			retry: { maxRetries: 0 },
		});
		rig.sim.fault({ path: '/search' }, { status: 500 });
		await expect(client.search.search({})).rejects.toBeInstanceOf(RostroServerError);
		expect(requestsTo(rig.sim, '/search')).toHaveLength(1);
	});

	it('retries 408 and 429 too', async () => {
		rig.sim.fault({ path: '/search' }, { status: 408 }, 1);
		rig.sim.fault({ path: '/search' }, { status: 429, retryAfter: 0 }, 1);
		await search();
		expect(requestsTo(rig.sim, '/search')).toHaveLength(3);
	});

	it('retries a read-only POST', async () => {
		rig.sim.fault({ path: '/minisearch' }, { status: 500 }, 1);
		await expect(rig.client.search.minisearch('Ari')).resolves.toEqual(expect.any(Array));
		expect(requestsTo(rig.sim, '/minisearch')).toHaveLength(2);
	});

	it('retries after a connection reset', async () => {
		rig.sim.fault({ path: '/search' }, { reset: true }, 1);
		await search();
		expect(requestsTo(rig.sim, '/search')).toHaveLength(2);
	});

	it('does not retry a client error', async () => {
		rig.sim.fault({ path: '/search' }, { status: 404 });
		await expect(search()).rejects.toMatchObject({ status: 404 });
		expect(requestsTo(rig.sim, '/search')).toHaveLength(1);
	});

	it('logs each retry decision', async () => {
		rig.sim.fault({ path: '/search' }, { status: 503 }, 1);
		await search();
		const retry = log.entries().find((entry) => entry.msg === 'retrying Rostro call');
		expect(retry).toMatchObject({ method: 'GET', path: '/search', status: 503, attempt: 0 });
		expect(retry?.delayMs).toEqual(expect.any(Number));
	});
});

describe('Retry-After', () => {
	it('waits the seconds Rostro asks for', async () => {
		rig.sim.fault({ path: '/search' }, { status: 429, retryAfter: 1 }, 1);
		await search();
		const [first, second] = requestsTo(rig.sim, '/search');
		expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(900);
		expect(log.entries().find((entry) => entry.msg === 'retrying Rostro call')?.delayMs).toBe(1_000);
	});

	it('reads Retry-After given as an HTTP date', async () => {
		const past = new Date(Date.now() - 5_000).toUTCString();
		rig.sim.fault({ path: '/search' }, { status: 503, headers: { 'retry-after': past } }, 1);
		rig.sim.fault({ path: '/search' }, { status: 429, headers: { 'retry-after': past } }, 1);
		await search();
		const delays = log.entries().filter((entry) => entry.msg === 'retrying Rostro call');
		expect(delays.at(-1)?.delayMs).toBe(0);
	});

	it('does not wait longer than a minute: the 429 goes to the caller', async () => {
		rig.sim.fault({ path: '/search' }, { status: 429, retryAfter: 120 });
		await expect(search()).rejects.toMatchObject({ constructor: RostroRateLimitError, retryAfterMs: 120_000 });
		expect(requestsTo(rig.sim, '/search')).toHaveLength(1);
	});
});

describe('calls that cost or change', () => {
	it('never retries a generation after a 5xx', async () => {
		rig.sim.fault({ path: '/imagine' }, { status: 503 }, 1);
		const creating = rig.creatorA.imagine.create({ prompt: 'a lighthouse', generationType: 'text_to_image' });
		await expect(creating).rejects.toBeInstanceOf(RostroServerError);
		expect(requestsTo(rig.sim, '/imagine')).toHaveLength(1);
	});

	it('never retries a follow after a reset', async () => {
		rig.sim.fault({ path: '/api/follow/lanternfish' }, { reset: true }, 1);
		await expect(rig.creatorA.follow.followUser('lanternfish')).rejects.toBeInstanceOf(RostroConnectionError);
		expect(requestsTo(rig.sim, '/api/follow/lanternfish')).toHaveLength(1);
	});

	it('never retries a gallery upload after a 429', async () => {
		rig.sim.fault({ path: '/api/gallery/upload' }, { status: 429, retryAfter: 0 });
		const uploading = rig.creatorA.gallery.upload({ image: 'data:image/png;base64,AAAA', projectId: 1 });
		await expect(uploading).rejects.toBeInstanceOf(RostroRateLimitError);
		expect(requestsTo(rig.sim, '/api/gallery/upload')).toHaveLength(1);
	});
});

describe('timeouts and abort', () => {
	it('ends a slow read with a timeout', async () => {
		const client = new RostroClient({
			apiUrl: rig.sim.url,
			inferenceUrl: rig.sim.inferenceUrl,
			timeouts: { readMs: 100 },
			retry: { maxRetries: 0 },
		});
		rig.sim.fault({ path: '/search' }, { latencyMs: 5_000 });
		await expect(client.search.search({})).rejects.toMatchObject({
			constructor: RostroTimeoutError,
			method: 'GET',
			path: '/search',
		});
	});

	it('retries a read that timed out', async () => {
		const client = new RostroClient({
			apiUrl: rig.sim.url,
			inferenceUrl: rig.sim.inferenceUrl,
			timeouts: { readMs: 2_000 },
			retry: { baseDelayMs: 1 },
		});
		rig.sim.fault({ path: '/search' }, { latencyMs: 30_000 }, 1);
		await expect(client.search.search({})).resolves.toBeDefined();
		expect(requestsTo(rig.sim, '/search')).toHaveLength(2);
	});

	it('gives generation its own, longer limit', async () => {
		const client = new RostroClient({
			apiUrl: rig.sim.url,
			inferenceUrl: rig.sim.inferenceUrl,
			timeouts: { readMs: 50, generationMs: 15_000 },
		});
		rig.sim.fault({ path: '/imagine' }, { latencyMs: 300 }, 1);
		const creating = client.imagine.create(
			{ prompt: 'a slow painting', generationType: 'text_to_image' },
			{ token: rig.sim.tokens.creatorA, returnImmediate: true },
		);
		await expect(creating).resolves.toMatchObject({ status: 'pending' });
	});

	it('never retries a generation that timed out', async () => {
		const client = new RostroClient({
			apiUrl: rig.sim.url,
			inferenceUrl: rig.sim.inferenceUrl,
			timeouts: { generationMs: 100 },
		});
		rig.sim.fault({ path: '/imagine' }, { latencyMs: 5_000 });
		const creating = client.imagine.create(
			{ prompt: 'a slow painting', generationType: 'text_to_image' },
			{ token: rig.sim.tokens.creatorA },
		);
		await expect(creating).rejects.toBeInstanceOf(RostroTimeoutError);
		expect(requestsTo(rig.sim, '/imagine')).toHaveLength(1);
	});

	it('cancels a call when the caller aborts, with the abort reason', async () => {
		rig.sim.fault({ path: '/search' }, { latencyMs: 5_000 });
		const controller = new AbortController();
		const searching = rig.client.search.search({}, { signal: controller.signal });
		controller.abort(new Error('user left'));
		await expect(searching).rejects.toThrow('user left');
	});

	it('does not start a call whose signal is already aborted', async () => {
		const controller = new AbortController();
		controller.abort();
		await expect(rig.client.search.search({}, { signal: controller.signal })).rejects.toMatchObject({
			name: 'AbortError',
		});
	});

	it('stops waiting to retry when the caller aborts', async () => {
		rig.sim.fault({ path: '/search' }, { status: 429, retryAfter: 30 });
		const controller = new AbortController();
		const searching = rig.client.search.search({}, { signal: controller.signal });
		while (requestsTo(rig.sim, '/search').length === 0) await new Promise((resolve) => setImmediate(resolve));
		controller.abort();
		await expect(searching).rejects.toMatchObject({ name: 'AbortError' });
		expect(requestsTo(rig.sim, '/search')).toHaveLength(1);
	});

	it('reports an unreachable Rostro as a connection error', async () => {
		const closed = await startRig();
		await closed.close();
		const client = new RostroClient({
			apiUrl: closed.sim.url,
			inferenceUrl: closed.sim.inferenceUrl,
			retry: { maxRetries: 0 },
		});
		await expect(client.search.search({})).rejects.toBeInstanceOf(RostroConnectionError);
	});
});

describe('bad replies', () => {
	it('reports a body that is not JSON, without retrying', async () => {
		rig.sim.fault({ path: '/search' }, { malformedJson: true }, 1);
		await expect(search()).rejects.toMatchObject({
			constructor: RostroUnexpectedResponseError,
			fieldPath: '(body)',
			status: 200,
		});
		expect(requestsTo(rig.sim, '/search')).toHaveLength(1);
	});

	it('names the path of the bad field and logs it without the body', async () => {
		const body = { data: { nodes: [{ id: 1, name: 'fine' }, { id: 'secret-looking-value' }] } };
		rig.sim.fault({ path: '/search' }, { status: 200, body }, 1);
		await expect(search()).rejects.toMatchObject({ fieldPath: 'data.nodes.1.id' });

		const warning = log.entries().find((entry) => entry.msg === 'Rostro reply has an unexpected shape');
		expect(warning).toMatchObject({ path: '/search', fieldPath: 'data.nodes.1.id' });
		expect(log.lines.join('\n')).not.toContain('secret-looking-value');
	});

	it('names the furthest field when a reply may take either of two shapes', async () => {
		rig.sim.fault({ path: '/minisearch' }, { status: 200, body: { data: { nodes: [{ id: 'x', name: 'A' }] } } }, 1);
		await expect(rig.client.search.minisearch('A')).rejects.toMatchObject({ fieldPath: 'data.nodes.0.id' });
	});

	it('carries the request id and no message from an HTML error page', async () => {
		rig.sim.fault({ path: '/search' }, { status: 403, body: '<html><title>Attention Required!</title></html>' });
		await expect(search()).rejects.toMatchObject({
			status: 403,
			rostroMessage: undefined,
			requestId: expect.stringMatching(/^sim-/),
		});
	});
});

describe('logging', () => {
	it('logs method, path, status and duration of each call', async () => {
		await search();
		expect(log.entries().find((entry) => entry.msg === 'Rostro call')).toMatchObject({
			method: 'GET',
			path: '/search',
			status: 200,
			durationMs: expect.any(Number),
		});
	});

	it('never logs a token or a prompt', async () => {
		const prompt = 'whisper-this-prompt-nowhere';
		rig.sim.fault({ path: '/v1/chat/completions' }, { status: 500 }, 1);
		const chatting = rig.creatorA.chat.complete({ messages: [{ role: 'user', content: prompt }] });
		await expect(chatting).rejects.toBeInstanceOf(RostroServerError);
		await rig.creatorA.imagine.create({ prompt, generationType: 'text_to_image' }, { returnImmediate: true });

		const written = log.lines.join('\n');
		expect(written).not.toContain(rig.sim.tokens.creatorA);
		expect(written).not.toContain(prompt);
		expect(written.toLowerCase()).not.toContain('authorization');
	});
});
