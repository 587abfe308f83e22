import { type IncomingMessage, type RequestListener, type ServerResponse, STATUS_CODES } from 'node:http';
import { presentedToken } from './auth.js';
import { type RequestContext, type SimulatorCore, sleep } from './context.js';
import type { FaultBook } from './faults.js';
import { detailError, HttpError, type Reply, validationError } from './replies.js';
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

function looksLikeJson(req: IncomingMessage, rawBody: Buffer): boolean {
	const type = req.headers['content-type'];
	if (type) return /\bjson\b/i.test(type);
	return rawBody.length > 0;
}

type ParsedBody = { ok: true; value: unknown } | { ok: false; error: string };

function parseBody(req: IncomingMessage, rawBody: Buffer): ParsedBody {
	if (rawBody.length === 0 || !looksLikeJson(req, rawBody)) return { ok: true, value: undefined };
	try {
		return { ok: true, value: JSON.parse(rawBody.toString('utf8')) };
	} catch (error) {
		return { ok: false, error: (error as Error).message };
	}
}

function record(req: IncomingMessage, url: URL, rawBody: Buffer, token: PresentedToken | undefined): RecordedRequest {
	const parsed = parseBody(req, rawBody);
	let body: unknown;
	if (parsed.ok && parsed.value !== undefined) body = parsed.value;
	else if (rawBody.length > 0) body = rawBody;

	return {
		method: req.method ?? 'GET',
		path: url.pathname,
		query: queryObject(url.searchParams),
		headers: req.headers,
		body,
		rawBody,
		token,
		receivedAt: Date.now(),
	};
}

function writeJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	if (res.headersSent || res.destroyed) return;
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
	res.end(text);
}

/** Sends half of a JSON body under a full Content-Length, then drops the connection. */
function writeTruncated(res: ServerResponse, reply: Reply): void {
	const payload = reply.kind === 'json' ? Buffer.from(JSON.stringify(reply.body)) : reply.body;
	const contentType = reply.kind === 'json' ? 'application/json' : reply.contentType;
	res.writeHead(reply.status, { 'content-type': contentType, 'content-length': payload.length });
	res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.destroy());
}

function writeReply(res: ServerResponse, reply: Reply, dropAfterChunks: number | undefined): void {
	if (res.headersSent || res.destroyed) return;
	if (dropAfterChunks !== undefined) {
		writeTruncated(res, reply);
		return;
	}
	if (reply.kind === 'json') {
		writeJson(res, reply.status, reply.body, reply.headers);
		return;
	}

	res.writeHead(reply.status, { 'content-type': reply.contentType, 'content-length': reply.body.length });
	res.end(reply.body);
}

function writeStatusFault(res: ServerResponse, fault: Extract<Fault, { status: number }>): void {
	const headers: Record<string, string> = { ...fault.headers };
	if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);

	if (typeof fault.body !== 'string') {
		writeJson(res, fault.status, fault.body ?? { detail: STATUS_CODES[fault.status] ?? 'Error' }, headers);
		return;
	}
	// A text body stands for what a proxy in front of Rostro would send (a Cloudflare page, say).
	res.writeHead(fault.status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
	res.end(fault.body);
}

function writeMalformedJson(res: ServerResponse): void {
	res.writeHead(200, { 'content-type': 'application/json' });
	res.end('{"data": {"count": 3, "nodes": [{"id": 180001, "name": "Ari the Cart');
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
	return validationError([
		{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: message } },
	]);
}

async function route(
	pipeline: Pipeline,
	context: Omit<RequestContext, 'params' | 'body' | 'user' | 'token'>,
	presented: PresentedToken | undefined,
	req: IncomingMessage,
): Promise<Reply | undefined> {
	const found = pipeline.router.match(context.method, context.path);
	if (found.kind === 'none') throw detailError(404, 'Not Found');
	if (found.kind === 'wrong-method') throw detailError(405, 'Method Not Allowed');

	const userName = presented ? pipeline.core.data.tokens.get(presented.value) : undefined;
	const user = userName ? pipeline.core.data.users.get(userName) : undefined;
	if (presented && !user) throw detailError(401, 'Invalid or expired token');
	if (found.route.access === 'token' && !user) throw detailError(401, 'Not authenticated');

	const parsed = parseBody(req, context.rawBody);
	if (!parsed.ok) throw jsonBodyError(parsed.error);

	return found.route.handler({
		...context,
		params: found.params,
		body: parsed.value,
		user,
		token: user ? presented?.value : undefined,
	});
}

function requestSignal(res: ServerResponse, shutdown: AbortSignal): AbortSignal {
	const gone = new AbortController();
	res.on('close', () => gone.abort());
	return AbortSignal.any([gone.signal, shutdown]);
}

function writeError(pipeline: Pipeline, res: ServerResponse, error: unknown, signal: AbortSignal): void {
	if (error instanceof HttpError) {
		writeJson(res, error.status, error.body, error.headers);
		return;
	}
	if (signal.aborted) return; // the client left or the simulator is closing; nobody reads an answer

	pipeline.core.errors.push(error instanceof Error ? error : new Error(String(error)));
	writeJson(res, 500, { detail: 'Internal Server Error' });
}

async function handle(pipeline: Pipeline, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const { core } = pipeline;
	const signal = requestSignal(res, core.shutdown);
	res.setHeader('x-request-id', `sim-${core.nextSerial()}`);

	try {
		const url = new URL(req.url ?? '/', core.baseUrl);
		const rawBody = await readBody(req);
		const presented = presentedToken(req.headers);
		pipeline.requests.push(record(req, url, rawBody, presented));

		const method = req.method ?? 'GET';
		const fault = pipeline.faults.take(method, url.pathname);
		if (fault && (await applyFault(fault, req, res, signal))) return;

		const dropAfterChunks = fault && 'streamStopAfterChunks' in fault ? fault.streamStopAfterChunks : undefined;
		const base = { core, method, path: url.pathname, query: url.searchParams, headers: req.headers };
		const context = { ...base, rawBody, signal, res, dropAfterChunks };
		const reply = await route(pipeline, context, presented, req);
		if (reply) writeReply(res, reply, dropAfterChunks);
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
