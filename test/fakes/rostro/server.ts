import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { presentedToken } from './auth.js';
import { type RequestContext, type SimulatorCore, sleep } from './context.js';
import type { FaultBook } from './faults.js';
import { detailError, HttpError, type Reply, validationError } from './replies.js';
import { writeJson, writeMalformedJson, writeReply, writeStatusFault } from './respond.js';
import type { Router } from './router.js';
import type { Fault, PresentedToken, RecordedRequest } from './types.js';
import { queryObject } from './validation.js';

const MAX_BODY_BYTES = 32 * 1024 * 1024; // gallery uploads arrive as base64 JSON

/** What the request pipeline works with besides the core. */
export interface Pipeline {
	core: SimulatorCore;
	router: Router;
	faults: FaultBook;
	requests: RecordedRequest[];
}

/** A request once read: everything a route needs except what routing and auth add. */
type Incoming = Omit<RequestContext, 'params' | 'body' | 'user' | 'token'> & {
	presented: PresentedToken | undefined;
};

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const parts: Buffer[] = [];
	let size = 0;
	for await (const part of req) {
		size += (part as Buffer).length;
		if (size > MAX_BODY_BYTES) throw detailError(413, 'Request body too large');
		parts.push(part as Buffer);
	}
	return Buffer.concat(parts);
}

type ParsedBody = { ok: true; value: unknown } | { ok: false; error: string };

/** JSON when the request says so, or says nothing and sends something, as FastAPI reads it. */
function parseBody(contentType: string | undefined, rawBody: Buffer): ParsedBody {
	const isJson = contentType ? /\bjson\b/i.test(contentType) : rawBody.length > 0;
	if (rawBody.length === 0 || !isJson) return { ok: true, value: undefined };

	try {
		return { ok: true, value: JSON.parse(rawBody.toString('utf8')) };
	} catch (error) {
		return { ok: false, error: (error as Error).message };
	}
}

function record(incoming: Incoming): RecordedRequest {
	const { rawBody, headers, presented } = incoming;
	const parsed = parseBody(headers['content-type'], rawBody);
	const json = parsed.ok ? parsed.value : undefined;
	return {
		method: incoming.method,
		path: incoming.path,
		query: queryObject(incoming.query),
		headers,
		body: json ?? (rawBody.length > 0 ? rawBody : undefined),
		rawBody,
		token: presented,
		receivedAt: Date.now(),
	};
}

/** Applies a fault; true when it answered the request (or killed it) so nothing else may. */
async function applyFault(fault: Fault, req: IncomingMessage, res: ServerResponse, signal: AbortSignal) {
	if ('reset' in fault) {
		req.socket.destroy();
		return true;
	}
	if ('latencyMs' in fault) {
		await sleep(fault.latencyMs, signal);
		return false;
	}
	if ('status' in fault) {
		writeStatusFault(res, fault);
		return true;
	}
	if ('malformedJson' in fault) {
		writeMalformedJson(res);
		return true;
	}
	return false;
}

function jsonBodyError(message: string): HttpError {
	const issue = { type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {} };
	return validationError([{ ...issue, ctx: { error: message } }]);
}

/** Routing first (404/405), then the token (401), then the body (422), as FastAPI orders them. */
async function route(pipeline: Pipeline, incoming: Incoming): Promise<Reply | undefined> {
	const found = pipeline.router.match(incoming.method, incoming.path);
	if (found.kind === 'none') throw detailError(404, 'Not Found');
	if (found.kind === 'wrong-method') throw detailError(405, 'Method Not Allowed');

	const { presented, ...request } = incoming;
	const { tokens, users } = pipeline.core.data;
	const userName = presented && tokens.get(presented.value);
	const user = userName ? users.get(userName) : undefined;
	if (presented && !user) throw detailError(401, 'Invalid or expired token');
	if (found.route.access === 'token' && !user) throw detailError(401, 'Not authenticated');

	const body = parseBody(incoming.headers['content-type'], incoming.rawBody);
	if (!body.ok) throw jsonBodyError(body.error);

	const token = user ? presented?.value : undefined;
	return found.route.handler({ ...request, params: found.params, body: body.value, user, token });
}

function requestSignal(res: ServerResponse, shutdown: AbortSignal): AbortSignal {
	const gone = new AbortController();
	res.on('close', () => gone.abort());
	return AbortSignal.any([gone.signal, shutdown]);
}

function writeError(pipeline: Pipeline, res: ServerResponse, error: unknown, signal: AbortSignal) {
	if (error instanceof HttpError) {
		writeJson(res, error.status, error.body, error.headers);
		return;
	}
	if (signal.aborted) return; // the client left or the simulator is closing: nobody reads it

	pipeline.core.errors.push(error instanceof Error ? error : new Error(String(error)));
	writeJson(res, 500, { detail: 'Internal Server Error' });
}

async function readIncoming(
	core: SimulatorCore,
	req: IncomingMessage,
	res: ServerResponse,
	signal: AbortSignal,
): Promise<Incoming> {
	const url = new URL(req.url ?? '/', core.baseUrl);
	return {
		core,
		method: req.method ?? 'GET',
		path: url.pathname,
		query: url.searchParams,
		headers: req.headers,
		rawBody: await readBody(req),
		presented: presentedToken(req.headers),
		signal,
		res,
		dropAfterChunks: undefined,
	};
}

async function handle(pipeline: Pipeline, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const { core } = pipeline;
	const signal = requestSignal(res, core.shutdown);
	res.setHeader('x-request-id', `sim-${core.nextSerial()}`);

	try {
		const incoming = await readIncoming(core, req, res, signal);
		pipeline.requests.push(record(incoming));

		const fault = pipeline.faults.take(incoming.method, incoming.path);
		if (fault && (await applyFault(fault, req, res, signal))) return;
		if (fault && 'streamStopAfterChunks' in fault) incoming.dropAfterChunks = fault.streamStopAfterChunks;

		const reply = await route(pipeline, incoming);
		if (reply) writeReply(res, reply, incoming.dropAfterChunks);
	} catch (error) {
		writeError(pipeline, res, error, signal);
	}
}

/** The node:http listener: record, apply faults, route, check the token, answer. */
export function requestListener(pipeline: Pipeline): RequestListener {
	return (req, res) => {
		void handle(pipeline, req, res);
	};
}
