import type { IncomingHttpHeaders } from 'node:http';

/** Knobs of the simulator; every one is read again on each request, so tests may change them live. */
export interface SimulatorOptions {
	/** Pause between streamed content chunks, in ms (default 5). */
	streamChunkDelayMs?: number;
	/** Time until an imagine, tts, upscale or img2img job is done, in ms (default 50). */
	jobDurationMs?: number;
	/** Concurrent chat completions allowed per token before a 429 (default 1). */
	completionsPerToken?: number;
	/** The Retry-After, in seconds, on that 429 (default 1). */
	retryAfterSeconds?: number;
}

/** Where the simulator listens; only the port can be chosen, the host is always 127.0.0.1. */
export interface ListenOptions {
	/** 0 (the default) lets the system pick a free port. */
	port?: number;
}

/** The three header schemes Rostro accepts for the same token. */
export type TokenScheme = 'bearer' | 'ch-api-key' | 'samwise';

/** A token as a request carried it. */
export interface PresentedToken {
	scheme: TokenScheme;
	value: string;
}

/** One request as the simulator received it, before faults or routing. */
export interface RecordedRequest {
	method: string;
	/** The path without the query string, still percent-encoded as sent. */
	path: string;
	query: Record<string, string>;
	/** Lower-cased header names, as node:http gives them. */
	headers: IncomingHttpHeaders;
	/** Parsed JSON when the body was JSON, else the raw bytes; undefined when there was none. */
	body: unknown;
	rawBody: Buffer;
	/** The token and the scheme it came in, when the request carried one (valid or not). */
	token: PresentedToken | undefined;
	/** Date.now() when the request arrived. */
	receivedAt: number;
}

/** Which requests a fault applies to: a method (any when absent) and an exact path or a pattern. */
export interface FaultMatch {
	method?: string;
	path: string | RegExp;
}

/** Something to go wrong on a matching request. */
export type Fault =
	| { latencyMs: number }
	| { status: number; body?: unknown; headers?: Record<string, string>; retryAfter?: number }
	| { malformedJson: true }
	| { reset: true }
	| { streamStopAfterChunks: number };
