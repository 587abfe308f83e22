import { STATUS_CODES } from 'node:http';

/** A JSON answer a route gives back; the server writes it. */
export interface JsonReply {
	kind: 'json';
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

/** Raw bytes a route gives back (media files). */
export interface BytesReply {
	kind: 'bytes';
	status: number;
	body: Buffer;
	contentType: string;
}

export type Reply = JsonReply | BytesReply;

/** A 200 (or other status) JSON answer. */
export function json(body: unknown, status = 200, headers?: Record<string, string>): JsonReply {
	return headers ? { kind: 'json', status, body, headers } : { kind: 'json', status, body };
}

/** A 200 answer of raw bytes. */
export function bytes(body: Buffer, contentType: string): BytesReply {
	return { kind: 'bytes', status: 200, body, contentType };
}

/** An error answer, thrown from anywhere below a route and written by the server. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
		readonly headers: Record<string, string> = {},
	) {
		super(`HTTP ${status}`);
		this.name = 'HttpError';
	}
}

/** FastAPI's plain error, `{"detail": "text"}`, as the hub routes send it. */
export function detailError(status: number, detail = STATUS_CODES[status] ?? 'Error'): HttpError {
	return new HttpError(status, { detail });
}

/** One entry of FastAPI's 422 list. */
export interface ValidationIssue {
	type: string;
	loc: (string | number)[];
	msg: string;
	input?: unknown;
	ctx?: Record<string, unknown>;
}

/** FastAPI's 422, `{"detail": [{loc, msg, type}]}`. */
export function validationError(issues: ValidationIssue[]): HttpError {
	return new HttpError(422, { detail: issues });
}

/** The inference routes' error body, `{error, message, type, code, errorCode, param}`. */
export function inferenceError(
	status: number,
	message: string,
	type: string,
	options: { param?: string; headers?: Record<string, string> } = {},
): HttpError {
	const body = { error: message, message, type, code: status, errorCode: status, param: options.param ?? null };
	return new HttpError(status, body, options.headers);
}
