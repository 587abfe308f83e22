import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
	type ChatRequest,
	RostroConnectionError,
	RostroNotFoundError,
	RostroRateLimitError,
	RostroServerError,
	RostroUnauthorizedError,
} from '../../src/rostro/index.js';
import { expectedVisibleCompletion, modelIds } from '../fakes/rostro/index.js';
import { type RostroRig, requestsTo, startRig } from './support.js';

let rig: RostroRig;

beforeAll(async () => {
	rig = await startRig();
});

afterAll(() => rig.close());

beforeEach(() => {
	rig.sim.clearFaults();
	rig.sim.requests.length = 0;
});

const COMPLETIONS = '/v1/chat/completions';

function ask(content: string, extra: Partial<ChatRequest> = {}): ChatRequest {
	return { model: 'asha', messages: [{ role: 'user', content }], ...extra };
}

/** The simulator's own reading of a request body, for its expected reply. */
function wire(request: ChatRequest) {
	return { model: request.model, messages: request.messages, max_tokens: request.maxTokens, stop: request.stop };
}

async function readStream(request: ChatRequest) {
	const stream = await rig.creatorA.chat.stream(request);
	let text = '';
	for await (const delta of stream) text += delta;
	return { text, finishReason: stream.finishReason };
}

describe('chat.models', () => {
	it('lists the models', async () => {
		const models = await rig.client.chat.models();
		expect(models.map((model) => model.id)).toEqual([...modelIds]);
		expect(models[0]?.ownedBy).toBe('rostro');
	});
});

describe('chat.complete', () => {
	it('returns the reply, its finish reason and usage', async () => {
		const request = ask('Tell me about the road north.');
		const reply = await rig.creatorA.chat.complete(request);
		expect(reply.text).toBe(expectedVisibleCompletion(wire(request)));
		expect(reply.finishReason).toBe('stop');
		expect(reply.usage?.completionTokens).toBeGreaterThan(0);
	});

	it('sends Rostro the OpenAI body under OpenAI’s names', async () => {
		await rig.creatorA.chat.complete(ask('Hi', { maxTokens: 5, temperature: 0.7, stop: ['\nUser:'] }));
		expect(requestsTo(rig.sim, COMPLETIONS)[0]?.body).toEqual({
			model: 'asha',
			messages: [{ role: 'user', content: 'Hi' }],
			max_tokens: 5,
			temperature: 0.7,
			stop: ['\nUser:'],
			stream: false,
		});
	});

	it('never lets <think> reasoning out', async () => {
		const request = ask('[think] Are you there?');
		const reply = await rig.creatorA.chat.complete(request);
		expect(reply.text).toBe(expectedVisibleCompletion(wire(request)));
		expect(reply.text).not.toMatch(/<\/?think>|stay in character/);
	});

	it('drops reasoning_content', async () => {
		const body = {
			choices: [
				{
					message: { role: 'assistant', content: '<think>hmm</think>Hello.', reasoning_content: 'private reasoning' },
					finish_reason: 'stop',
				},
			],
		};
		rig.sim.fault({ path: COMPLETIONS }, { status: 200, body }, 1);
		const reply = await rig.creatorA.chat.complete(ask('Hi'));
		expect(reply.text).toBe('Hello.');
		expect(JSON.stringify(reply)).not.toContain('private reasoning');
	});

	it('reports a length limit as the finish reason', async () => {
		const reply = await rig.creatorA.chat.complete(ask('Hello', { maxTokens: 3 }));
		expect(reply.finishReason).toBe('length');
	});

	it('reads the inference routes’ error body for an unknown model', async () => {
		await expect(rig.creatorA.chat.complete(ask('Hi', { model: 'gpt-9' }))).rejects.toMatchObject({
			constructor: RostroNotFoundError,
			rostroMessage: 'The model `gpt-9` does not exist.',
		});
	});

	it('needs a token', async () => {
		await expect(rig.client.chat.complete(ask('Hi'))).rejects.toBeInstanceOf(RostroUnauthorizedError);
	});

	it('waits out a 429 and tries again', async () => {
		rig.sim.fault({ path: COMPLETIONS }, { status: 429, retryAfter: 0 }, 1);
		await expect(rig.creatorA.chat.complete(ask('Hi'))).resolves.toMatchObject({ finishReason: 'stop' });
		expect(requestsTo(rig.sim, COMPLETIONS)).toHaveLength(2);
	});

	it('tries again after a 429 only a bounded number of times', async () => {
		rig.sim.fault({ path: COMPLETIONS }, { status: 429, retryAfter: 0 });
		await expect(rig.creatorA.chat.complete(ask('Hi'))).rejects.toBeInstanceOf(RostroRateLimitError);
		expect(requestsTo(rig.sim, COMPLETIONS)).toHaveLength(3);
	});

	it('waits for the account’s running completion when Rostro refuses a second one', async () => {
		// A token of its own, so that the stream it holds open blocks no other test.
		const reader = rig.client.withToken(rig.sim.addToken('reader'));
		rig.sim.options.retryAfterSeconds = 2;
		const running = await reader.chat.stream(ask('A long story, please.'));

		const second = reader.chat.complete(ask('And a short one.'));
		while (requestsTo(rig.sim, COMPLETIONS).length < 2) await new Promise((resolve) => setImmediate(resolve));
		for await (const _delta of running) {
			// drains the first reply while the second waits out Retry-After
		}

		await expect(second).resolves.toMatchObject({ finishReason: 'stop' });
		expect(requestsTo(rig.sim, COMPLETIONS)).toHaveLength(3);
		rig.sim.options.retryAfterSeconds = 1;
	});

	it('never repeats a completion after a server error or a reset', async () => {
		rig.sim.fault({ path: COMPLETIONS }, { status: 502 }, 1);
		await expect(rig.creatorA.chat.complete(ask('Hi'))).rejects.toBeInstanceOf(RostroServerError);
		rig.sim.fault({ path: COMPLETIONS }, { reset: true }, 1);
		await expect(rig.creatorA.chat.complete(ask('Hi'))).rejects.toBeInstanceOf(RostroConnectionError);
		expect(requestsTo(rig.sim, COMPLETIONS)).toHaveLength(2);
	});
});

describe('chat.stream', () => {
	it('streams the same visible reply a complete call gives', async () => {
		const request = ask('[think] What is past the marsh?');
		const { text, finishReason } = await readStream(request);
		expect(text).toBe(expectedVisibleCompletion(wire(request)));
		expect(finishReason).toBe('stop');
		expect(requestsTo(rig.sim, COMPLETIONS)[0]?.body).toMatchObject({ stream: true });
	});

	it('ends with a connection error when the stream drops', async () => {
		rig.sim.fault({ path: COMPLETIONS }, { streamStopAfterChunks: 3 }, 1);
		await expect(readStream(ask('Tell me everything.'))).rejects.toBeInstanceOf(RostroConnectionError);
	});
});
