import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { SimulatorData, User } from './state.js';
import type { SimulatorOptions } from './types.js';

/** What every route can reach: the data, the live options, and the simulator's own address. */
export interface SimulatorCore {
	data: SimulatorData;
	options: Required<SimulatorOptions>;
	/** `http://127.0.0.1:PORT`, the prefix of every media URL the simulator hands out. */
	baseUrl: string;
	/** Chat completions running now, per token value. */
	runningCompletions: Map<string, number>;
	/** Aborted by close(), so waits inside routes end with the server. */
	shutdown: AbortSignal;
	/** Unexpected errors thrown by routes (answered with a 500); tests can assert it stays empty. */
	errors: Error[];
	/** A counter for ids that must differ within one run (jobs, completions, tokens). */
	nextSerial(): number;
}

/** One request on its way through a route. */
export interface RequestContext {
	core: SimulatorCore;
	method: string;
	path: string;
	params: Record<string, string>;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	/** The parsed JSON body; undefined when there was none or it was not JSON. */
	body: unknown;
	rawBody: Buffer;
	user: User | undefined;
	token: string | undefined;
	/** Aborted when the client goes away or the simulator closes. */
	signal: AbortSignal;
	res: ServerResponse;
	/** Set by a `streamStopAfterChunks` fault: how many chunks to send before dropping. */
	dropAfterChunks: number | undefined;
}

/** A request on a route that needs a token: the account is known. */
export interface AccountContext extends RequestContext {
	user: User;
	token: string;
}

/** Waits, but gives up (throwing an AbortError) when the signal fires. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
	return delay(Math.max(0, ms), undefined, { signal });
}
