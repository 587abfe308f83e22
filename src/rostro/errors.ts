/** Which request failed, so that every error names itself in logs. */
export interface RostroRequestLabel {
	method: string;
	path: string;
}

/** What every Rostro error carries besides its message. */
export interface RostroErrorDetails extends RostroRequestLabel {
	status?: number | undefined;
	rostroMessage?: string | undefined;
	requestId?: string | undefined;
	cause?: unknown;
}

/** Any failure of a call to Rostro: an HTTP error status, a broken connection, a timeout or a bad reply. */
export class RostroError extends Error {
	override name = 'RostroError';
	/** The HTTP status, when Rostro answered at all. */
	readonly status: number | undefined;
	readonly method: string;
	/** The path without its query string, which may hold search text. */
	readonly path: string;
	/** Rostro's own explanation, read from whichever error body it sent. */
	readonly rostroMessage: string | undefined;
	readonly requestId: string | undefined;

	constructor(summary: string, details: RostroErrorDetails) {
		super(`${details.method} ${details.path}: ${summary}`, { cause: details.cause });
		this.status = details.status;
		this.method = details.method;
		this.path = details.path;
		this.rostroMessage = details.rostroMessage;
		this.requestId = details.requestId;
	}
}

/** 400: Rostro refused the request as malformed, for example an unknown sort order. */
export class RostroBadRequestError extends RostroError {
	override name = 'RostroBadRequestError';
}

/** 401: the token is missing, wrong or revoked. */
export class RostroUnauthorizedError extends RostroError {
	override name = 'RostroUnauthorizedError';
}

/** 403: the token is valid but may not do this. */
export class RostroForbiddenError extends RostroError {
	override name = 'RostroForbiddenError';
}

/** 404: no such character, user, image or job. */
export class RostroNotFoundError extends RostroError {
	override name = 'RostroNotFoundError';
}

/**
 * A name that can stand for nothing on Rostro (empty, `.` or `..`) was to be put in a path.
 * Nothing is sent; it counts as not found, which is what Rostro would say about such a name.
 */
export class RostroPathSegmentError extends RostroNotFoundError {
	override name = 'RostroPathSegmentError';

	constructor(
		/** The refused value, as given. */
		readonly segment: string,
		/** The route's template, `{}` for each segment, e.g. `/api/users/{}`. */
		route: string,
	) {
		super(`path segment ${JSON.stringify(segment)} names nothing, so it was not sent`, {
			method: 'NONE',
			path: route,
		});
	}
}

/** One rejected field of a 422, as FastAPI describes it. */
export interface ValidationField {
	/** Where the value sat, for example `query.first` or `body.generation_type`. */
	location: string;
	message: string;
}

/** 422: a value Rostro could not accept; `fields` says which. */
export class RostroValidationError extends RostroError {
	override name = 'RostroValidationError';
	readonly fields: ValidationField[];

	constructor(summary: string, details: RostroErrorDetails, fields: ValidationField[]) {
		super(summary, details);
		this.fields = fields;
	}
}

/** 429: too many requests at once on this account; `retryAfterMs` says when to try again, if Rostro said. */
export class RostroRateLimitError extends RostroError {
	override name = 'RostroRateLimitError';
	readonly retryAfterMs: number | undefined;

	constructor(summary: string, details: RostroErrorDetails, retryAfterMs: number | undefined) {
		super(summary, details);
		this.retryAfterMs = retryAfterMs;
	}
}

/** 5xx: Rostro failed on its side. */
export class RostroServerError extends RostroError {
	override name = 'RostroServerError';
}

/** Rostro could not be reached, or the connection broke before the reply was complete. */
export class RostroConnectionError extends RostroError {
	override name = 'RostroConnectionError';
}

/** Rostro took longer than the time allowed for this kind of call (or answered 408). */
export class RostroTimeoutError extends RostroError {
	override name = 'RostroTimeoutError';
}

/** A successful reply that does not have the shape the bot relies on. */
export class RostroUnexpectedResponseError extends RostroError {
	override name = 'RostroUnexpectedResponseError';
	/** The dotted path of the first bad field, for example `data.nodes.3.id`; `(body)` for unreadable JSON. */
	readonly fieldPath: string;

	constructor(summary: string, details: RostroErrorDetails, fieldPath: string) {
		super(summary, details);
		this.fieldPath = fieldPath;
	}
}

/** What the factory needs to know about a failed HTTP response. */
export interface FailedResponse extends RostroRequestLabel {
	status: number;
	headers: Headers;
	/** The parsed JSON body, or its text when it was not JSON. */
	body: unknown;
}

/** Builds the one error class that matches a failed response's status, reading whichever error body Rostro sent. */
export function rostroErrorFromResponse(response: FailedResponse, now = Date.now()): RostroError {
	const { status } = response;
	const { message, fields } = readErrorBody(response.body);
	const details: RostroErrorDetails = {
		method: response.method,
		path: response.path,
		status,
		rostroMessage: message,
		requestId: requestIdOf(response.headers),
	};
	const summary = message ? `Rostro answered ${status}: ${message}` : `Rostro answered ${status}`;

	if (status === 400) return new RostroBadRequestError(summary, details);
	if (status === 401) return new RostroUnauthorizedError(summary, details);
	if (status === 403) return new RostroForbiddenError(summary, details);
	if (status === 404) return new RostroNotFoundError(summary, details);
	if (status === 408) return new RostroTimeoutError(summary, details);
	if (status === 422) return new RostroValidationError(summary, details, fields);
	if (status === 429) {
		const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
		return new RostroRateLimitError(summary, details, retryAfterMs);
	}
	if (status >= 500) return new RostroServerError(summary, details);
	return new RostroError(summary, details);
}

function requestIdOf(headers: Headers): string | undefined {
	return headers.get('x-request-id') ?? headers.get('request-id') ?? headers.get('cf-ray') ?? undefined;
}

interface ErrorBodyReading {
	message: string | undefined;
	fields: ValidationField[];
}

const MAX_TEXT_MESSAGE = 200;

/**
 * Reads the message out of any of Rostro's error bodies: FastAPI's `{detail}` (text or a list
 * of field errors), the inference routes' `{error, errorCode, code}` and
 * `{error, message, type, code, errorCode, param}`, OpenAI's `{error: {message}}`, or plain text.
 */
export function readErrorBody(body: unknown): ErrorBodyReading {
	if (typeof body === 'string') return { message: readableText(body), fields: [] };
	if (!isRecord(body)) return { message: undefined, fields: [] };

	if (Array.isArray(body.detail)) {
		const fields = body.detail.filter(isRecord).map(toValidationField);
		const message = fields.map((field) => `${field.location}: ${field.message}`).join('\n');
		return { message: message || undefined, fields };
	}

	const message = firstText(body.detail, body.message, body.error, nestedMessage(body.error));
	return { message, fields: [] };
}

function toValidationField(issue: Record<string, unknown>): ValidationField {
	const location = Array.isArray(issue.loc) ? issue.loc.join('.') : 'request';
	const message = typeof issue.msg === 'string' ? issue.msg : 'invalid value';
	return { location, message };
}

function nestedMessage(error: unknown): unknown {
	return isRecord(error) ? error.message : undefined;
}

function firstText(...candidates: unknown[]): string | undefined {
	const found = candidates.find((value) => typeof value === 'string' && value.trim() !== '');
	return (found as string | undefined)?.trim();
}

/** Keeps a short plain-text body; an HTML page (a proxy's error page) says nothing readable. */
function readableText(text: string): string | undefined {
	const trimmed = text.trim();
	if (trimmed === '' || trimmed.startsWith('<')) return undefined;

	return trimmed.length > MAX_TEXT_MESSAGE ? `${trimmed.slice(0, MAX_TEXT_MESSAGE)}…` : trimmed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads Retry-After as seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
	if (header === null || header.trim() === '') return undefined;

	const seconds = Number(header);
	if (Number.isFinite(seconds)) return seconds >= 0 ? Math.round(seconds * 1_000) : undefined;

	const date = Date.parse(header);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}
