import type { ServerResponse } from 'node:http';
import { type ChatRequest, parseChatRequest } from '../chat-request.js';
import { type CompletionOutcome, completionOutcome, modelIds, promptTokenCount } from '../completion.js';
import { type AccountContext, sleep } from '../context.js';
import { inferenceError, json } from '../replies.js';
import type { Router } from '../router.js';

const MODELS_CREATED = 1_717_200_000; // s; a fixed date keeps /v1/models byte-stable
const BUSY = 'Too many concurrent requests for this account. Wait for the running one to finish.';

/** Holds one of the token's completion slots while `work` runs; a 429 when none is free. */
async function withCompletionSlot<T>(context: AccountContext, work: () => Promise<T>): Promise<T> {
	const { runningCompletions: running, options } = context.core;
	const inUse = running.get(context.token) ?? 0;
	if (inUse >= options.completionsPerToken) {
		const headers = { 'retry-after': String(options.retryAfterSeconds) };
		throw inferenceError(429, BUSY, 'RateLimitError', { headers });
	}

	running.set(context.token, inUse + 1);
	try {
		return await work();
	} finally {
		const left = (running.get(context.token) ?? 1) - 1;
		if (left > 0) running.set(context.token, left);
		else running.delete(context.token);
	}
}

function usage(request: ChatRequest, outcome: CompletionOutcome) {
	const prompt = promptTokenCount(request.messages);
	const completion = outcome.tokens.length;
	return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** The fields every completion and chunk starts with. */
function envelope(context: AccountContext, request: ChatRequest, object: string) {
	const id = `chatcmpl-sim${context.core.nextSerial().toString().padStart(8, '0')}`;
	return { id, object, created: Math.floor(Date.now() / 1000), model: request.model };
}

async function answerWhole(context: AccountContext, request: ChatRequest) {
	const outcome = completionOutcome(request, request.model);
	// Generation takes as long as streaming would, so concurrent requests overlap as they do live.
	await sleep(outcome.tokens.length * context.core.options.streamChunkDelayMs, context.signal);

	const message = { role: 'assistant', content: outcome.text, reasoning_content: null, tool_calls: [] };
	const choice = {
		index: 0,
		message,
		logprobs: null,
		finish_reason: outcome.finishReason,
		stop_reason: outcome.stopReason,
	};
	return json({
		...envelope(context, request, 'chat.completion'),
		choices: [choice],
		usage: usage(request, outcome),
		prompt_logprobs: null,
		kv_transfer_params: null,
	});
}

/** Writes one server-sent event and resolves once it has been handed to the socket. */
function sendEvent(res: ServerResponse, payload: unknown): Promise<void> {
	const data = typeof payload === 'string' ? payload : JSON.stringify(payload);
	return new Promise((resolve) => res.write(`data: ${data}\n\n`, () => resolve()));
}

function streamHead(res: ServerResponse): void {
	res.writeHead(200, {
		'content-type': 'text/event-stream; charset=utf-8',
		'cache-control': 'no-cache',
		connection: 'keep-alive',
	});
}

/** vLLM-style streaming: a role chunk, one chunk per token, a finish chunk, then [DONE]. */
async function answerStream(context: AccountContext, request: ChatRequest): Promise<undefined> {
	const { res, core, dropAfterChunks } = context;
	const outcome = completionOutcome(request, request.model);
	const base = envelope(context, request, 'chat.completion.chunk');
	const chunk = (delta: Record<string, unknown>, end: Record<string, unknown> = { finish_reason: null }) => ({
		...base,
		choices: [{ index: 0, delta, logprobs: null, ...end }],
	});

	streamHead(res);
	await sendEvent(res, chunk({ role: 'assistant' }));
	for (const token of outcome.tokens.slice(0, dropAfterChunks)) {
		await sleep(core.options.streamChunkDelayMs, context.signal);
		await sendEvent(res, chunk({ content: token }));
	}
	if (dropAfterChunks !== undefined) {
		res.destroy(); // the fault: the connection dies with no finish_reason and no [DONE]
		return undefined;
	}

	const end = { finish_reason: outcome.finishReason, stop_reason: outcome.stopReason };
	await sendEvent(res, chunk({}, end));
	if (request.includeUsage) await sendEvent(res, { ...base, choices: [], usage: usage(request, outcome) });
	await sendEvent(res, '[DONE]');
	res.end();
	return undefined;
}

function completions(context: AccountContext) {
	const request = parseChatRequest(context.body, context.params.model);
	const answer = request.stream ? answerStream : answerWhole;
	return withCompletionSlot(context, () => answer(context, request));
}

function models() {
	const data = modelIds.map((id) => ({ id, object: 'model', created: MODELS_CREATED, owned_by: 'rostro' }));
	return json({ object: 'list', data });
}

/** The OpenAI mimic: models and chat completions, with the model in the body or in the path. */
export function chatRoutes(router: Router): void {
	for (const prefix of ['', '/chub/:model', '/:model']) {
		router.get(`${prefix}/v1/models`, 'public', models);
		router.post(`${prefix}/v1/chat/completions`, 'token', completions);
	}
}
