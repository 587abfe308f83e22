import { describe, expect, it } from 'vitest';
import {
	parseRetryAfter,
	RostroBadRequestError,
	RostroError,
	RostroForbiddenError,
	RostroNotFoundError,
	RostroRateLimitError,
	RostroServerError,
	RostroTimeoutError,
	RostroUnauthorizedError,
	RostroValidationError,
	readErrorBody,
	rostroErrorFromResponse,
} from '../../src/rostro/errors.js';

function failed(status: number, body: unknown, headers: Record<string, string> = {}) {
	return rostroErrorFromResponse({ method: 'GET', path: '/search', status, body, headers: new Headers(headers) });
}

describe('rostroErrorFromResponse', () => {
	it.each([
		[400, RostroBadRequestError],
		[401, RostroUnauthorizedError],
		[403, RostroForbiddenError],
		[404, RostroNotFoundError],
		[408, RostroTimeoutError],
		[422, RostroValidationError],
		[429, RostroRateLimitError],
		[500, RostroServerError],
		[503, RostroServerError],
	])('builds the class for status %i', (status, kind) => {
		const error = failed(status, { detail: 'nope' });
		expect(error).toBeInstanceOf(kind);
		expect(error).toBeInstanceOf(RostroError);
		expect(error.status).toBe(status);
	});

	it('builds a plain RostroError for other statuses', () => {
		const error = failed(409, { detail: 'conflict' });
		expect(error.constructor).toBe(RostroError);
		expect(error.rostroMessage).toBe('conflict');
	});

	it('names the request, the status, Rostro’s message and the request id', () => {
		const error = failed(404, { detail: 'Project not found' }, { 'x-request-id': 'req-7' });
		expect(error.method).toBe('GET');
		expect(error.path).toBe('/search');
		expect(error.rostroMessage).toBe('Project not found');
		expect(error.requestId).toBe('req-7');
		expect(error.message).toBe('GET /search: Rostro answered 404: Project not found');
		expect(error.name).toBe('RostroNotFoundError');
	});

	it('flattens a FastAPI 422 into one line per field', () => {
		const error = failed(422, {
			detail: [
				{ loc: ['query', 'first'], msg: 'value is not a valid integer', type: 'type_error.integer' },
				{ loc: ['body', 'generation_type'], msg: 'unexpected value', type: 'value_error' },
			],
		}) as RostroValidationError;
		expect(error.rostroMessage).toBe(
			'query.first: value is not a valid integer\nbody.generation_type: unexpected value',
		);
		expect(error.fields).toEqual([
			{ location: 'query.first', message: 'value is not a valid integer' },
			{ location: 'body.generation_type', message: 'unexpected value' },
		]);
	});

	it('reads the retry delay of a 429 in seconds', () => {
		const error = failed(429, { error: 'busy', errorCode: 429, code: 0 }, { 'retry-after': '3' });
		expect((error as RostroRateLimitError).retryAfterMs).toBe(3_000);
		expect(error.rostroMessage).toBe('busy');
	});

	it('leaves the retry delay of a 429 undefined without Retry-After', () => {
		expect((failed(429, undefined) as RostroRateLimitError).retryAfterMs).toBeUndefined();
	});
});

describe('readErrorBody', () => {
	it('reads FastAPI text detail', () => {
		expect(readErrorBody({ detail: 'Not authenticated' }).message).toBe('Not authenticated');
	});

	it('reads the inference routes’ short body', () => {
		expect(readErrorBody({ error: 'Model not found', errorCode: 400, code: 0 }).message).toBe('Model not found');
	});

	it('prefers the message of the inference routes’ long body', () => {
		const body = {
			error: 'BadRequest',
			message: 'max_tokens is too large',
			type: 'invalid',
			code: 400,
			param: 'max_tokens',
		};
		expect(readErrorBody(body).message).toBe('max_tokens is too large');
	});

	it('reads OpenAI’s nested error object', () => {
		expect(readErrorBody({ error: { message: 'context too long', type: 'invalid' } }).message).toBe('context too long');
	});

	it('keeps a short plain-text body and ignores an HTML page', () => {
		expect(readErrorBody('Bad gateway').message).toBe('Bad gateway');
		expect(readErrorBody('<!DOCTYPE html><title>Just a moment...</title>').message).toBeUndefined();
	});

	it('shortens a long text body', () => {
		const message = readErrorBody('x'.repeat(1_000)).message ?? '';
		expect(message.length).toBeLessThan(250);
	});

	it('reads nothing from an empty or unknown body', () => {
		expect(readErrorBody(undefined).message).toBeUndefined();
		expect(readErrorBody({ status: 'bad' }).message).toBeUndefined();
	});
});

describe('parseRetryAfter', () => {
	const now = Date.parse('2025-01-01T00:00:00Z');

	it('reads seconds, fractions included', () => {
		expect(parseRetryAfter('2', now)).toBe(2_000);
		expect(parseRetryAfter('0.5', now)).toBe(500);
	});

	it('reads an HTTP date as the time until then', () => {
		expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
	});

	it('reads a date in the past as no wait', () => {
		expect(parseRetryAfter('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0);
	});

	it('ignores an absent, negative or unreadable value', () => {
		expect(parseRetryAfter(null, now)).toBeUndefined();
		expect(parseRetryAfter('-1', now)).toBeUndefined();
		expect(parseRetryAfter('soon', now)).toBeUndefined();
	});
});
