import { type FetchResponse, ofetch } from 'ofetch';
import { type Dispatcher, request } from 'undici';
import type { z } from 'zod';
import type { Logger } from '../log.js';
import {
	RostroConnectionError,
	RostroError,
	RostroRateLimitError,
	type RostroRequestLabel,
	RostroTimeoutError,
	RostroUnexpectedResponseError,
	rostroErrorFromResponse,
} from './errors.js';
import { isRetryable, type RetryRule, type RetrySettings, retryDelayMs } from './retry.js';
import { describeIssue } from './schemas.js';
import { type EventSourceMessage, readEvents } from './sse.js';
import { IdleTimer, sleep } from './timers.js';

/** What every client method accepts last. */
export interface RequestOptions {
	/** The Rostro token to act as; overrides a token bound with `withToken`. */
	token?: string | undefined;
	/** Cancels the call; the signal's reason is thrown. */
	signal?: AbortSignal | undefined;
}

/** How long each kind of call may take. */
export interface RostroTimeouts {
	/** Reads and small writes. */
	readMs: number;
	/** Non-streamed generation and uploads. */
	generationMs: number;
	/** The longest silence allowed while a streamed reply is open, headers included. */
	streamIdleMs: number;
}

export const defaultTimeouts: RostroTimeouts = {
	readMs: 15_000, // ms
	generationMs: 120_000, // ms
	streamIdleMs: 30_000, // ms
};

/** Everything the transport shares between clients bound to different tokens. */
export interface TransportSettings {
	apiUrl: string;
	inferenceUrl: string;
	logger: Logger;
	timeouts: RostroTimeouts;
	retry: RetrySettings;
}

export type QueryValue = string | number | boolean | undefined;

/** One call to Rostro, described by the resource module that makes it. */
export interface RostroCall<T> {
	/** `inference` for the OpenAI mimic under `inferenceUrl`; the main API otherwise. */
	base?: 'api' | 'inference';
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	/** Built with `path` so that every segment is encoded. */
	path: string;
	query?: Record<string, QueryValue>;
	body?: Record<string, unknown> | FormData;
	/** Validates the 2xx body and maps it to the domain type. */
	schema: z.ZodType<T>;
	retry: RetryRule;
	timeout?: 'read' | 'generation';
}

/** A streamed call; its events are validated by the caller. */
export type RostroStreamCall = Omit<RostroCall<unknown>, 'schema' | 'timeout'>;

/** What a retry decision needs to know of a call. */
type RetriedCall = RostroRequestLabel & { retry: RetryRule };

const rostroFetch = ofetch.create({ retry: false, ignoreResponseError: true });

/** A reply read whole: what error mapping and validation need. */
interface TextReply {
	status: number;
	ok: boolean;
	text: string;
	/** Read only for an error: building Headers costs on every call otherwise. */
	headers: () => Headers;
}

/** As many redirects as a call follows, like fetch but fewer (Rostro documents none). */
const MAX_REDIRECTS = 5;

/** Sends calls to Rostro: auth, timeouts, retries, error mapping, validation and logging. */
export class RostroTransport {
	readonly #settings: TransportSettings;
	readonly #token: string | undefined;

	constructor(settings: TransportSettings, token?: string) {
		this.#settings = settings;
		this.#token = token;
	}

	/** A transport acting as `token` that shares everything else with this one. */
	withToken(token: string): RostroTransport {
		return new RostroTransport(this.#settings, token);
	}

	/** Makes the call, retrying as its rule allows, and returns the validated reply. */
	request<T>(call: RostroCall<T>, options: RequestOptions = {}): Promise<T> {
		return this.#withRetries(call, options, (attempt) => this.#attempt(call, options, attempt));
	}

	/**
	 * Opens a server-sent event stream. HTTP errors are thrown here; later failures (a broken
	 * connection, silence longer than `streamIdleMs`, abort) are thrown by the iteration.
	 */
	openEvents(call: RostroStreamCall, options: RequestOptions = {}): Promise<AsyncIterable<EventSourceMessage>> {
		return this.#withRetries(call, options, (attempt) => this.#openEvents(call, options, attempt));
	}

	/** Validates one event of a stream the way a reply is validated, with the same logging. */
	validateEvent<T>(call: RostroStreamCall, schema: z.ZodType<T>, data: string): T {
		const body = parseJson(data);
		if (!body.ok) throw this.#unexpected(call, 200, '(event)', 'an event is not JSON');

		return this.#validate({ ...call, schema }, 200, body.value);
	}

	async #withRetries<T>(call: RetriedCall, options: RequestOptions, send: (attempt: number) => Promise<T>): Promise<T> {
		for (let attempt = 0; ; attempt++) {
			try {
				return await send(attempt);
			} catch (error) {
				const delayMs = this.#retryDelay(call, error, attempt);
				if (delayMs === undefined) throw error;

				await sleep(delayMs, options.signal);
			}
		}
	}

	#retryDelay(call: RetriedCall, error: unknown, attempt: number): number | undefined {
		if (!(error instanceof RostroError) || !isRetryable(error, call.retry)) return undefined;

		const log = { method: call.method, path: call.path, status: error.status, error: error.name, attempt };
		if (attempt >= this.#settings.retry.maxRetries) {
			this.#logger.info(log, 'Rostro call failed; retries used up');
			return undefined;
		}

		const retryAfterMs = error instanceof RostroRateLimitError ? error.retryAfterMs : undefined;
		const delayMs = retryDelayMs(retryAfterMs, attempt, this.#settings.retry);
		if (delayMs === undefined) {
			this.#logger.info({ ...log, retryAfterMs }, 'Rostro asked for a longer pause than allowed');
			return undefined;
		}

		this.#logger.info({ ...log, delayMs }, 'retrying Rostro call');
		return delayMs;
	}

	async #attempt<T>(call: RostroCall<T>, options: RequestOptions, attempt: number): Promise<T> {
		const timer = new IdleTimer(this.#timeoutFor(call));
		const started = performance.now();
		try {
			const reply =
				call.body instanceof FormData
					? await this.#upload(call, options, timer)
					: await this.#sendJson(call, options, timer);
			const { status } = reply;
			const body = parseJson(reply.text);
			this.#logCompleted(call, status, started, attempt);

			if (!reply.ok) throw this.#httpError(call, status, reply.headers(), body.ok ? body.value : body.text);
			if (!body.ok) throw this.#unexpected(call, status, '(body)', 'the body is not JSON');
			return this.#validate(call, status, body.value);
		} finally {
			timer.stop();
		}
	}

	async #openEvents(
		call: RostroStreamCall,
		options: RequestOptions,
		attempt: number,
	): Promise<AsyncIterable<EventSourceMessage>> {
		const timer = new IdleTimer(this.#settings.timeouts.streamIdleMs);
		const started = performance.now();
		const response = await this.#send(call, options, timer, 'stream').catch((error: unknown) => {
			timer.stop();
			throw error;
		});
		this.#logCompleted(call, response.status, started, attempt);

		if (!response.ok) {
			const text = await response.text().catch((error: unknown) => {
				throw this.#transportFailure(call, error, options.signal, timer, 'the error reply broke off');
			});
			timer.stop();
			const body = parseJson(text);
			throw this.#httpError(call, response.status, response.headers, body.ok ? body.value : body.text);
		}
		if (!response.body) {
			timer.stop();
			throw this.#unexpected(call, response.status, '(body)', 'the stream has no body');
		}

		return this.#events(call, response.body, timer, options.signal, started);
	}

	async *#events(
		call: RostroStreamCall,
		body: ReadableStream<Uint8Array>,
		timer: IdleTimer,
		callerSignal: AbortSignal | undefined,
		started: number,
	): AsyncGenerator<EventSourceMessage> {
		const reader = readEvents(body, () => timer.touch());
		const brokenOff = (error: unknown) => {
			throw this.#transportFailure(call, error, callerSignal, timer, 'the reply stream broke off');
		};
		let events = 0;
		try {
			for (;;) {
				const next = await reader.read().catch(brokenOff);
				if (next.done) return;

				events++;
				yield next.value;
			}
		} finally {
			timer.stop();
			const durationMs = Math.round(performance.now() - started);
			this.#logger.debug({ method: call.method, path: call.path, durationMs, events }, 'Rostro stream closed');
			// Cancelling releases the connection when the consumer stops early; on a stream
			// that already failed it rejects again with the error thrown above.
			reader.cancel().catch(() => undefined);
		}
	}

	/**
	 * A call with a JSON body or none, read whole, through undici's `request`: the client
	 * discord.js's REST uses too. fetch's web streams cost about 0.9 ms of CPU per call more,
	 * which shows at hundreds of interactions a second (see the README's Benchmark).
	 */
	async #sendJson(call: RostroStreamCall, options: RequestOptions, timer: IdleTimer): Promise<TextReply> {
		const signal = this.#signal(options, timer);
		const headers = this.#headers(options, false);
		const json = call.body === undefined ? undefined : JSON.stringify(call.body);
		if (json !== undefined) headers['content-type'] = 'application/json';
		try {
			const response = await request(this.#url(call), {
				method: call.method,
				headers,
				body: json,
				signal,
				maxRedirections: MAX_REDIRECTS,
			});
			const text = await response.body.text();
			const { statusCode: status } = response;
			return { status, ok: status >= 200 && status < 300, text, headers: () => headersOf(response.headers) };
		} catch (error) {
			throw this.#transportFailure(call, error, options.signal, timer, 'could not reach Rostro');
		}
	}

	/** A multipart upload, read whole. */
	async #upload(call: RostroStreamCall, options: RequestOptions, timer: IdleTimer): Promise<TextReply> {
		const response = await this.#send(call, options, timer, 'text');
		const text = (response._data as string | undefined) ?? '';
		return { status: response.status, ok: response.ok, text, headers: () => response.headers };
	}

	#url(call: RostroStreamCall): string {
		const { apiUrl, inferenceUrl } = this.#settings;
		const base = (call.base === 'inference' ? inferenceUrl : apiUrl).replace(/\/+$/, '');
		const query = new URLSearchParams(queryOf(call.query)).toString();
		return `${base}/${call.path.replace(/^\/+/, '')}${query ? `?${query}` : ''}`;
	}

	#signal(options: RequestOptions, timer: IdleTimer): AbortSignal {
		return options.signal ? AbortSignal.any([options.signal, timer.signal]) : timer.signal;
	}

	async #send(
		call: RostroStreamCall,
		options: RequestOptions,
		timer: IdleTimer,
		responseType: 'text' | 'stream',
	): Promise<FetchResponse<unknown>> {
		const { signal: callerSignal } = options;
		const signal = this.#signal(options, timer);
		const { apiUrl, inferenceUrl } = this.#settings;
		try {
			return await rostroFetch.raw(call.path, {
				baseURL: call.base === 'inference' ? inferenceUrl : apiUrl,
				method: call.method,
				query: queryOf(call.query),
				body: call.body,
				headers: this.#headers(options, responseType === 'stream'),
				signal,
				responseType,
			});
		} catch (error) {
			throw this.#transportFailure(call, error, callerSignal, timer, 'could not reach Rostro');
		}
	}

	#headers(options: RequestOptions, stream: boolean): Record<string, string> {
		const accept = stream ? 'text/event-stream' : 'application/json';
		const token = options.token ?? this.#token;
		return token ? { accept, authorization: `Bearer ${token}` } : { accept };
	}

	/** The caller's abort reason when the caller aborted; a timeout or connection error otherwise. */
	#transportFailure(
		call: RostroRequestLabel,
		error: unknown,
		callerSignal: AbortSignal | undefined,
		timer: IdleTimer,
		summary: string,
	): unknown {
		if (callerSignal?.aborted) return callerSignal.reason;

		const details = { method: call.method, path: call.path, cause: error };
		const failure = timer.fired
			? new RostroTimeoutError(`no answer from Rostro within ${timer.ms} ms`, details)
			: new RostroConnectionError(summary, details);
		const log = { method: call.method, path: call.path, error: failure.name, cause: String(error) };
		this.#logger.debug(log, 'Rostro call failed');
		return failure;
	}

	#httpError(call: RostroRequestLabel, status: number, headers: Headers, body: unknown): RostroError {
		return rostroErrorFromResponse({ method: call.method, path: call.path, status, headers, body });
	}

	#validate<T>(call: RostroCall<T>, status: number, body: unknown): T {
		const parsed = call.schema.safeParse(body);
		if (parsed.success) return parsed.data;

		const [first] = parsed.error.issues;
		const issue = first ? describeIssue(first) : { path: [], message: 'invalid' };
		const fieldPath = issue.path.map(String).join('.') || '(root)';
		throw this.#unexpected(call, status, fieldPath, issue.message);
	}

	#unexpected(call: RostroRequestLabel, status: number, fieldPath: string, issue: string): RostroError {
		const { method, path } = call;
		// The path of the bad field only: bodies may hold prompts and private chat text.
		this.#logger.warn({ method, path, status, fieldPath, issue }, 'Rostro reply has an unexpected shape');
		const summary = `Rostro's reply has an unexpected shape at ${fieldPath}: ${issue}`;
		return new RostroUnexpectedResponseError(summary, { method, path, status }, fieldPath);
	}

	#logCompleted(call: RostroRequestLabel, status: number, started: number, attempt: number): void {
		const durationMs = Math.round(performance.now() - started);
		const log = { method: call.method, path: call.path, status, durationMs, attempt };
		this.#logger.debug(log, 'Rostro call');
	}

	#timeoutFor(call: RostroCall<unknown>): number {
		const { timeouts } = this.#settings;
		return call.timeout === 'generation' ? timeouts.generationMs : timeouts.readMs;
	}

	get #logger(): Logger {
		return this.#settings.logger;
	}
}

type JsonReading = { ok: true; value: unknown } | { ok: false; text: string };

/** An empty body reads as undefined: Rostro answers some writes with no body at all. */
function parseJson(text: string | undefined): JsonReading {
	if (text === undefined || text.trim() === '') return { ok: true, value: undefined };

	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return { ok: false, text };
	}
}

/** undici's plain header object as the Headers that error mapping reads. */
function headersOf(raw: Dispatcher.ResponseData['headers']): Headers {
	const headers = new Headers();
	for (const [name, value] of Object.entries(raw)) {
		for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) headers.append(name, one);
	}
	return headers;
}

/** Drops absent parameters and writes the rest as Rostro reads them (`true`, `40`). */
function queryOf(query: Record<string, QueryValue> | undefined): Record<string, string> | undefined {
	if (!query) return undefined;

	const given = Object.entries(query).filter(([, value]) => value !== undefined);
	return Object.fromEntries(given.map(([key, value]) => [key, String(value)]));
}
