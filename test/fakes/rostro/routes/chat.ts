import type { ServerResponse } from 'node:http';
import {
	type ChatMessage,
	type CompletionOutcome,
	type CompletionRequest,
	completionOutcome,
	DEFAULT_MODEL,
	modelIds,
	promptTokenCount,
} from '../completion.js';
import { type AccountContext, sleep } from '../context.js';
import { inferenceError, json, type ValidationIssue, validationError } from '../replies.js';
import type { Router } from '../router.js';
import { bodyObject, fields, parseFields } from '../validation.js';

const MODELS_CREATED = 1_717_200_000; // s; a fixed date keeps /v1/models byte-stable

interface ParsedCompletion extends CompletionRequest {
	model: string;
	stream: boolean;
	includeUsage: boolean;
}

function messageIssues(messages: unknown): ValidationIssue[] {
	if (!Array.isArray(messages) || messages.length === 0) {
		const msg = 'Input should be a non-empty list of messages';
		return [
			{ type: messages === undefined ? 'missing' : 'list_type', loc: ['body', 'messages'], msg, input: messages },
		];
	}
	return messages.flatMap((message, index): ValidationIssue[] => {
		const { role, content } = (message ?? {}) as Partial<ChatMessage>;
		const contentOk = typeof content === 'string' || Array.isArray(content) || content === null;
		if (typeof role === 'string' && contentOk) return [];
		return [
			{ type: 'model_type', loc: ['body', 'messages', index], msg: 'Input should be a chat message', input: message },
		];
	});
}

function stopIssues(stop: unknown): ValidationIssue[] {
	const valid =
		stop == null || typeof stop === 'string' || (Array.isArray(stop) && stop.every((item) => typeof item === 'string'));
	return valid
		? []
		: [{ type: 'string_type', loc: ['body', 'stop'], msg: 'Input should be a valid string or list', input: stop }];
}

function parseCompletion(body: unknown, pathModel: string | undefined): ParsedCompletion {
	const fieldsOf = bodyObject(body);
	const issues = [...messageIssues(fieldsOf.messages), ...stopIssues(fieldsOf.stop)];
	if (issues.length > 0) throw validationError(issues);

	const parsed = parseFields('body', fieldsOf, {
		model: fields.optionalText(200),
		max_tokens: fields.optionalInteger({ min: 1 }),
		temperature: fields.optionalNumber({ min: 0, max: 2 }),
		stream: fields.boolean(false),
	});
	const model = pathModel ?? parsed.model ?? DEFAULT_MODEL;
	if (!(modelIds as readonly string[]).includes(model)) {
		throw inferenceError(404, `The model \`${model}\` does not exist.`, 'NotFoundError', { param: 'model' });
	}

	const streamOptions = fieldsOf.stream_options as { include_usage?: unknown } | undefined;
	return {
		model,
		messages: fieldsOf.messages as ChatMessage[],
		max_tokens: parsed.max_tokens,
		stop: fieldsOf.stop as CompletionRequest['stop'],
		stream: parsed.stream,
		includeUsage: streamOptions?.include_usage === true,
	};
}

/** Holds one of the token's completion slots for the duration of `work`; a 429 when none is free. */
async function withCompletionSlot<T>(context: AccountContext, work: () => Promise<T>): Promise<T> {
	const { runningCompletions, options } = context.core;
	const running = runningCompletions.get(context.token) ?? 0;
	if (running >= options.completionsPerToken) {
		throw inferenceError(
			429,
			'Too many concurrent requests for this account. Wait for the running one to finish.',
			'RateLimitError',
			{
				headers: { 'retry-after': String(options.retryAfterSeconds) },
			},
		);
	}

	runningCompletions.set(context.token, running + 1);
	try {
		return await work();
	} finally {
		const left = (runningCompletions.get(context.token) ?? 1) - 1;
		if (left > 0) runningCompletions.set(context.token, left);
		else runningCompletions.delete(context.token);
	}
}

function usage(request: ParsedCompletion, outcome: CompletionOutcome) {
	const prompt = promptTokenCount(request.messages);
	return {
		prompt_tokens: prompt,
		completion_tokens: outcome.tokens.length,
		total_tokens: prompt + outcome.tokens.length,
	};
}

function completionId(context: AccountContext): string {
	return `chatcmpl-sim${context.core.nextSerial().toString().padStart(8, '0')}`;
}

async function answerWhole(context: AccountContext, request: ParsedCompletion) {
	const outcome = completionOutcome(request, request.model);
	await sleep(outcome.tokens.length * context.core.options.streamChunkDelayMs, context.signal);
	return json({
		id: completionId(context),
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: request.model,
		choices: [
			{
				index: 0,
				message: { role: 'assistant', content: outcome.text, reasoning_content: null, tool_calls: [] },
				logprobs: null,
				finish_reason: outcome.finishReason,
				stop_reason: outcome.stopReason,
			},
		],
		usage: usage(request, outcome),
		prompt_logprobs: null,
		kv_transfer_params: null,
	});
}

/** Writes one server-sent event and resolves once it has been handed to the socket. */
function sendEvent(res: ServerResponse, payload: unknown): Promise<void> {
	const line = `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`;
	return new Promise((resolve) => res.write(line, () => resolve()));
}

async function answerStream(context: AccountContext, request: ParsedCompletion): Promise<undefined> {
	const { res, core, dropAfterChunks } = context;
	const outcome = completionOutcome(request, request.model);
	const base = {
		id: completionId(context),
		object: 'chat.completion.chunk',
		created: Math.floor(Date.now() / 1000),
		model: request.model,
	};
	const event = (delta: Record<string, unknown>, finish: string | null = null, stopReason: string | null = null) => ({
		...base,
		choices: [
			{ index: 0, delta, logprobs: null, finish_reason: finish, ...(finish ? { stop_reason: stopReason } : {}) },
		],
	});

	res.writeHead(200, {
		'content-type': 'text/event-stream; charset=utf-8',
		'cache-control': 'no-cache',
		connection: 'keep-alive',
	});
	await sendEvent(res, event({ role: 'assistant' }));

	for (const [index, token] of outcome.tokens.entries()) {
		if (dropAfterChunks !== undefined && index >= dropAfterChunks) {
			res.destroy(); // the fault: the connection dies with no finish_reason and no [DONE]
			return undefined;
		}
		await sleep(core.options.streamChunkDelayMs, context.signal);
		await sendEvent(res, event({ content: token }));
	}

	await sendEvent(res, event({}, outcome.finishReason, outcome.stopReason));
	if (request.includeUsage) await sendEvent(res, { ...base, choices: [], usage: usage(request, outcome) });
	await sendEvent(res, '[DONE]');
	res.end();
	return undefined;
}

function completions(context: AccountContext) {
	const request = parseCompletion(context.body, context.params.model);
	return withCompletionSlot(context, () =>
		request.stream ? answerStream(context, request) : answerWhole(context, request),
	);
}

function models() {
	return json({
		object: 'list',
		data: modelIds.map((id) => ({ id, object: 'model', created: MODELS_CREATED, owned_by: 'rostro' })),
	});
}

/** The OpenAI mimic: models and chat completions, with the model in the body or in the path. */
export function chatRoutes(router: Router): void {
	for (const prefix of ['', '/chub/:model', '/:model']) {
		router.get(`${prefix}/v1/models`, 'public', models);
		router.post(`${prefix}/v1/chat/completions`, 'token', completions);
	}
}
