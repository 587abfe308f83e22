import { describe, expect, it } from 'vitest';
import {
	RostroConnectionError,
	RostroError,
	RostroRateLimitError,
	RostroServerError,
	RostroTimeoutError,
	RostroUnexpectedResponseError,
	RostroValidationError,
} from '../../src/rostro/errors.js';
import { defaultRetrySettings, isRetryable, retryDelayMs } from '../../src/rostro/retry.js';

const label = { method: 'GET', path: '/search' };

describe('isRetryable', () => {
	const rateLimited = new RostroRateLimitError('busy', { ...label, status: 429 }, undefined);
	const serverError = new RostroServerError('down', { ...label, status: 502 });
	const connection = new RostroConnectionError('reset', label);
	const timeout = new RostroTimeoutError('slow', label);
	const validation = new RostroValidationError('bad', { ...label, status: 422 }, []);

	it('repeats reads after 408, 429, 5xx, timeouts and broken connections', () => {
		const requestTimeout = new RostroTimeoutError('408', { ...label, status: 408 });
		for (const error of [rateLimited, serverError, connection, timeout, requestTimeout]) {
			expect(isRetryable(error, 'idempotent')).toBe(true);
		}
	});

	it('never repeats a read after a client error or a bad reply', () => {
		const unexpected = new RostroUnexpectedResponseError('shape', { ...label, status: 200 }, 'data');
		const notFound = new RostroError('gone', { ...label, status: 404 });
		for (const error of [validation, unexpected, notFound]) expect(isRetryable(error, 'idempotent')).toBe(false);
	});

	it('repeats a paid call only after a 429', () => {
		expect(isRetryable(rateLimited, 'rate-limit')).toBe(true);
		for (const error of [serverError, connection, timeout]) expect(isRetryable(error, 'rate-limit')).toBe(false);
	});

	it('never repeats a state-changing call', () => {
		for (const error of [rateLimited, serverError, connection]) expect(isRetryable(error, 'never')).toBe(false);
	});
});

describe('retryDelayMs', () => {
	const settings = { ...defaultRetrySettings, baseDelayMs: 100 };

	it('doubles the delay on each retry', () => {
		const noJitter = () => 0;
		expect([0, 1, 2].map((attempt) => retryDelayMs(undefined, attempt, settings, noJitter))).toEqual([100, 200, 400]);
	});

	it('takes up to a quarter off at random', () => {
		expect(retryDelayMs(undefined, 0, settings, () => 0.999)).toBe(75);
	});

	it('caps the backoff', () => {
		expect(retryDelayMs(undefined, 30, settings, () => 0)).toBe(8_000);
	});

	it('waits what Retry-After asks', () => {
		expect(retryDelayMs(2_500, 0, settings)).toBe(2_500);
	});

	it('gives up when Retry-After asks more than the limit', () => {
		expect(retryDelayMs(61_000, 0, settings)).toBeUndefined();
		expect(retryDelayMs(60_000, 0, settings)).toBe(60_000);
	});
});
