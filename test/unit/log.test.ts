import { Writable } from 'node:stream';
import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubTokens } from '../../src/log.js';

function capture() {
	const lines: string[] = [];
	const sink = new Writable({
		write(chunk, _encoding, done) {
			lines.push(String(chunk));
			done();
		},
	});
	return { logger: createLogger('info', sink), text: () => lines.join('') };
}

describe('logging', () => {
	it('redacts tokens and auth headers by field name', () => {
		const { logger, text } = capture();
		logger.info({ token: 'secret-1', headers: { authorization: 'Bearer secret-2' }, call: { token: 'secret-3' } }, 'x');
		expect(text()).not.toMatch(/secret-/);
	});

	it('never logs an interaction token from a failed Discord call', () => {
		const { logger, text } = capture();
		const url = 'https://discord.com/api/v10/webhooks/123456789012345678/aW50ZXJhY3Rpb246secret/messages/%40original';
		const error = new DiscordAPIError({ code: 50035, message: 'Invalid Form Body' }, 50035, 400, 'PATCH', url, {
			body: { content: 'member text' },
		});
		logger.error({ err: error }, 'interaction failed');
		expect(text()).not.toContain('aW50ZXJhY3Rpb246secret');
		expect(text()).not.toContain('member text');
		expect(text()).toContain('/webhooks/123456789012345678/[redacted]');
	});

	it('scrubs tokens out of any text', () => {
		expect(scrubTokens('POST /interactions/1/abc.def/callback')).toBe('POST /interactions/1/[redacted]/callback');
	});
});
