import type { EventSourceMessage } from 'eventsource-parser/stream';
import { z } from 'zod';
import { RostroConnectionError, type RostroRequestLabel, rostroErrorFromResponse } from '../errors.js';
import type { RequestOptions, RostroStreamCall, RostroTransport } from '../http.js';
import { optionalNumber, optionalText } from '../schemas.js';
import { stripThinking, ThinkFilter } from '../think.js';

/** One turn of a conversation in OpenAI's chat format. */
export interface ChatMessage {
	role: 'system' | 'user' | 'assistant';
	content: string;
	/** The speaker's name, for multi-user scenes. */
	name?: string;
}

/** A chat completion request; Rostro's default model answers when `model` is left out. */
export interface ChatRequest {
	model?: string;
	messages: ChatMessage[];
	temperature?: number;
	maxTokens?: number;
	topP?: number;
	/** Sequences that end the reply, such as the users' names, so the model does not speak for them. */
	stop?: string[];
	presencePenalty?: number;
	frequencyPenalty?: number;
	repetitionPenalty?: number;
}

function toWireBody(request: ChatRequest, stream: boolean): Record<string, unknown> {
	return {
		model: request.model,
		messages: request.messages,
		temperature: request.temperature,
		max_tokens: request.maxTokens,
		top_p: request.topP,
		stop: request.stop,
		presence_penalty: request.presencePenalty,
		frequency_penalty: request.frequencyPenalty,
		repetition_penalty: request.repetitionPenalty,
		stream,
	};
}

const modelsSchema = z
	.looseObject({
		data: z.array(z.looseObject({ id: z.string(), owned_by: optionalText })),
	})
	.transform((body) => body.data.map((model) => ({ id: model.id, ownedBy: model.owned_by })));

/** A model the chat completions accept. */
export type ChatModel = z.output<typeof modelsSchema>[number];

const usageSchema = z
	.looseObject({ prompt_tokens: optionalNumber, completion_tokens: optionalNumber, total_tokens: optionalNumber })
	.nullish()
	.transform((usage) =>
		usage
			? {
					promptTokens: usage.prompt_tokens,
					completionTokens: usage.completion_tokens,
					totalTokens: usage.total_tokens,
				}
			: undefined,
	);

// The message's `reasoning_content` (vLLM) is not read: reasoning never leaves the client.
const completionSchema = z
	.looseObject({
		id: optionalText,
		model: optionalText,
		choices: z
			.array(
				z.looseObject({
					message: z.looseObject({ content: z.string().nullish() }),
					finish_reason: optionalText,
				}),
			)
			.min(1),
		usage: usageSchema,
	})
	.transform((body) => {
		const [choice] = body.choices as [(typeof body.choices)[number]];
		return {
			id: body.id,
			model: body.model,
			/** The reply without its `<think>` reasoning. */
			text: stripThinking(choice.message.content ?? ''),
			/** `stop`, `length`, … */
			finishReason: choice.finish_reason,
			usage: body.usage,
		};
	});

/** A complete, non-streamed reply. */
export type ChatCompletion = z.output<typeof completionSchema>;

const chunkSchema = z
	.looseObject({
		object: optionalText,
		choices: z
			.array(
				z.looseObject({
					delta: z.looseObject({ content: z.string().nullish() }).nullish(),
					finish_reason: optionalText,
				}),
			)
			.nullish(),
		error: z.unknown().optional(),
	})
	.transform((chunk) => {
		const choice = chunk.choices?.[0];
		return {
			text: choice?.delta?.content ?? '',
			finishReason: choice?.finish_reason,
			// vLLM reports a failure mid-stream as an event of its own.
			failed: chunk.error != null || chunk.object === 'error',
			body: chunk,
		};
	});

type ChatChunk = z.output<typeof chunkSchema>;

const COMPLETIONS = '/chat/completions';

/** Chat completions through Rostro's OpenAI mimic. */
export class ChatResource {
	constructor(private readonly transport: RostroTransport) {}

	/** The models chat completions accept. */
	models(options?: RequestOptions): Promise<ChatModel[]> {
		return this.transport.request(
			{ base: 'inference', method: 'GET', path: '/models', schema: modelsSchema, retry: 'idempotent' },
			options,
		);
	}

	/**
	 * One complete reply. Costs a credit, so it is repeated only when Rostro refused it with
	 * 429 (another request of the account was running), after Retry-After.
	 */
	complete(request: ChatRequest, options?: RequestOptions): Promise<ChatCompletion> {
		return this.transport.request(
			{
				base: 'inference',
				method: 'POST',
				path: COMPLETIONS,
				body: toWireBody(request, false),
				schema: completionSchema,
				retry: 'rate-limit',
				timeout: 'generation',
			},
			options,
		);
	}

	/**
	 * Opens a streamed reply; HTTP errors are thrown here, failures mid-stream by the iteration.
	 * Iterate the result for text deltas; its `finishReason` is known once iteration ends.
	 */
	async stream(request: ChatRequest, options?: RequestOptions): Promise<ChatStream> {
		const call: RostroStreamCall = {
			base: 'inference',
			method: 'POST',
			path: COMPLETIONS,
			body: toWireBody(request, true),
			retry: 'rate-limit',
		};
		const events = await this.transport.openEvents(call, options);
		return new ChatStream(events, (data) => this.transport.validateEvent(call, chunkSchema, data), call);
	}
}

/** A streamed reply: an async iterable of visible text deltas, read once. */
export class ChatStream implements AsyncIterable<string> {
	readonly #events: AsyncIterable<EventSourceMessage>;
	readonly #parse: (data: string) => ChatChunk;
	readonly #label: RostroRequestLabel;
	#finishReason: string | undefined;
	#text = '';
	#read = false;

	constructor(
		events: AsyncIterable<EventSourceMessage>,
		parse: (data: string) => ChatChunk,
		label: RostroRequestLabel,
	) {
		this.#events = events;
		this.#parse = parse;
		this.#label = { method: label.method, path: label.path };
	}

	/** Why the model stopped (`stop`, `length`, …); known once iteration has ended. */
	get finishReason(): string | undefined {
		return this.#finishReason;
	}

	/** The visible reply so far. */
	get text(): string {
		return this.#text;
	}

	async *[Symbol.asyncIterator](): AsyncGenerator<string> {
		if (this.#read) throw new Error('A chat stream can be read only once');
		this.#read = true;

		const filter = new ThinkFilter();
		let done = false;
		for await (const event of this.#events) {
			if (event.data === '[DONE]') {
				done = true;
				break;
			}

			const visible = filter.push(this.#readChunk(event.data));
			if (visible) yield this.#emit(visible);
		}

		// Without [DONE] or a finish reason the connection was cut mid-reply.
		if (!done && this.#finishReason === undefined) {
			throw new RostroConnectionError('the reply stream ended before the reply was complete', this.#label);
		}

		const rest = filter.flush();
		if (rest) yield this.#emit(rest);
	}

	#readChunk(data: string): string {
		const chunk = this.#parse(data);
		if (chunk.failed) throw this.#streamedError(chunk.body);

		if (chunk.finishReason) this.#finishReason = chunk.finishReason;
		return chunk.text;
	}

	#emit(text: string): string {
		this.#text += text;
		return text;
	}

	#streamedError(body: Record<string, unknown>): Error {
		return rostroErrorFromResponse({ ...this.#label, status: errorStatus(body), headers: new Headers(), body });
	}
}

/** The HTTP status an error event stands for: its `code`, `errorCode` or nested `error.code`; 500 otherwise. */
function errorStatus(body: Record<string, unknown>): number {
	const nested =
		typeof body.error === 'object' && body.error !== null ? (body.error as { code?: unknown }).code : undefined;
	const status = [body.code, body.errorCode, nested].find(
		(code): code is number => typeof code === 'number' && code >= 400 && code < 600,
	);
	return status ?? 500;
}
