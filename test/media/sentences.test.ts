import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { isTransient, pollFailure, rejectionSentence } from '../../src/media/sentences.js';
import {
	RostroConnectionError,
	RostroNotFoundError,
	RostroRateLimitError,
	RostroServerError,
	RostroUnauthorizedError,
	RostroValidationError,
} from '../../src/rostro/index.js';

const details = { status: 500, method: 'POST', path: '/imagine/check' };

describe('rejectionSentence', () => {
	it('has one sentence for each reason Rostro gives', () => {
		const reasons = ['explicit_text', 'explicit_image', 'malformed_image', 'out_of_credits', 'unknown'];
		const sentences = reasons.map(rejectionSentence);
		expect(new Set(sentences).size).toBe(reasons.length);
		for (const sentence of sentences) expect(sentence).toMatch(/^[A-Z].*\.$/);
	});

	it('treats a missing or new reason as unknown', () => {
		expect(rejectionSentence(undefined)).toBe(rejectionSentence('unknown'));
		expect(rejectionSentence('cosmic_rays')).toBe(rejectionSentence('unknown'));
	});
});

describe('isTransient', () => {
	it('retries Rostro being busy, down or unreachable, and nothing else', () => {
		expect(isTransient(new RostroServerError('down', details))).toBe(true);
		expect(isTransient(new RostroRateLimitError('busy', { ...details, status: 429 }, 1_000))).toBe(true);
		expect(isTransient(new RostroConnectionError('reset', { ...details, status: undefined }))).toBe(true);
		expect(isTransient(new RostroUnauthorizedError('no', { ...details, status: 401 }))).toBe(false);
		expect(isTransient(new Error('bug'))).toBe(false);
	});
});

describe('pollFailure', () => {
	it('names whose token was rejected', () => {
		const rejected = new RostroUnauthorizedError('no', { ...details, status: 401 });
		expect(pollFailure(rejected, { source: 'guild' }).message).toMatch(/^This server's Rostro token was rejected/);
		expect(pollFailure(rejected, { source: 'member' }).message).toMatch(/^Rostro rejected your linked token/);
	});

	it('says a forgotten generation cannot be delivered', () => {
		const missing = new RostroNotFoundError('gone', { ...details, status: 404 });
		expect(pollFailure(missing, { source: 'guild' })).toEqual({
			message: 'Rostro no longer knows this generation, so it cannot be delivered; try again.',
		});
	});

	it('names the permissions a channel post needs when Discord refuses it', () => {
		const refused = new DiscordAPIError({ code: 50013, message: 'Missing Permissions' }, 50013, 403, 'POST', '/x', {});
		expect(pollFailure(refused, { source: 'guild' }).message).toMatch(
			/lack Send Messages, Embed Links or Attach Files/,
		);
	});

	it('gives anything unexpected a reference for the log', () => {
		const odd = new RostroValidationError('bad', { ...details, status: 422 }, []);
		const failure = pollFailure(odd, { source: 'guild' });
		expect(failure.reference).toMatch(/^[0-9a-f]{8}$/);
		expect(failure.message).toContain(`reference ${failure.reference}.`);
	});
});
