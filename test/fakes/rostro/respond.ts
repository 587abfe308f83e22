import { type ServerResponse, STATUS_CODES } from 'node:http';
import type { Reply } from './replies.js';
import type { Fault } from './types.js';

type Headers = Record<string, string>;

/** Writes a JSON answer, unless the response is already under way or gone. */
export function writeJson(res: ServerResponse, status: number, body: unknown, headers: Headers = {}): void {
	if (res.headersSent || res.destroyed) return;

	const text = JSON.stringify(body);
	const length = Buffer.byteLength(text);
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': length, ...headers });
	res.end(text);
}

function payloadOf(reply: Reply): { payload: Buffer; contentType: string } {
	if (reply.kind === 'bytes') return { payload: reply.body, contentType: reply.contentType };
	return { payload: Buffer.from(JSON.stringify(reply.body)), contentType: 'application/json' };
}

/** Sends half of a body under its full Content-Length, then drops the connection. */
function writeTruncated(res: ServerResponse, reply: Reply): void {
	const { payload, contentType } = payloadOf(reply);
	res.writeHead(reply.status, { 'content-type': contentType, 'content-length': payload.length });
	res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.destroy());
}

/** Writes a route's reply; `dropAfterChunks` (a fault) cuts it off half-way. */
export function writeReply(res: ServerResponse, reply: Reply, dropAfterChunks: number | undefined): void {
	if (res.headersSent || res.destroyed) return;
	if (dropAfterChunks !== undefined) {
		writeTruncated(res, reply);
		return;
	}

	const { payload, contentType } = payloadOf(reply);
	const headers = reply.kind === 'json' ? reply.headers : undefined;
	res.writeHead(reply.status, { 'content-type': contentType, 'content-length': payload.length, ...headers });
	res.end(payload);
}

/** Answers with the status, headers and body a test chose. */
export function writeStatusFault(res: ServerResponse, fault: Extract<Fault, { status: number }>): void {
	const headers: Headers = { ...fault.headers };
	if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);

	if (typeof fault.body !== 'string') {
		const body = fault.body ?? { detail: STATUS_CODES[fault.status] ?? 'Error' };
		writeJson(res, fault.status, body, headers);
		return;
	}
	// A text body stands for what a proxy in front of Rostro would send (a Cloudflare page, say).
	res.writeHead(fault.status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
	res.end(fault.body);
}

/** A 200 whose JSON breaks off in the middle of a string. */
export function writeMalformedJson(res: ServerResponse): void {
	res.writeHead(200, { 'content-type': 'application/json' });
	res.end('{"data": {"count": 3, "nodes": [{"id": 180001, "name": "Ari the Cart');
}
