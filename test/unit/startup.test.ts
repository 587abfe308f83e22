import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { describeStartFailure, during, networkFailure, StartupError } from '../../src/startup.js';
import { StoreError } from '../../src/store/index.js';

const config = loadConfig({ DISCORD_API_URL: 'http://user:pass@127.0.0.1:9/api', STORAGE_URL: 'sqlite://x.sqlite' });

async function failureOf(step: Parameters<typeof during>[0], error: unknown): Promise<StartupError> {
	return during(step, config, () => Promise.reject(error)).then(
		() => expect.fail('resolved'),
		(thrown: unknown) => thrown as StartupError,
	);
}

describe('networkFailure', () => {
	it('finds the failing connection among the causes', () => {
		const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
		expect(networkFailure(new TypeError('fetch failed', { cause: refused }))).toBe('connection refused');
		expect(networkFailure(new Error('boom'))).toBeUndefined();
	});
});

describe('during', () => {
	it('keeps the original error as the cause and names the step', async () => {
		const original = new StoreError('cannot open the SQLite database x.sqlite: SQLITE_CANTOPEN');
		const failure = await failureOf('storage', original);
		expect(failure).toBeInstanceOf(StartupError);
		expect(failure.step).toBe('storage');
		expect(failure.cause).toBe(original);
		expect(failure.message).toBe(
			'cannot open the SQLite database x.sqlite: SQLITE_CANTOPEN; check STORAGE_URL, and that the bot may write to that folder.',
		);
	});

	it("says whom Discord's refusals come from, without credentials in the URL", async () => {
		const rejected = new DiscordAPIError({ code: 0, message: '401: Unauthorized' }, 0, 401, 'GET', '/gateway/bot', {});
		expect((await failureOf('discord', rejected)).message).toMatch(/^Discord rejected DISCORD_TOKEN; reset/);
		const down = new DiscordAPIError({ code: 0, message: 'Bad Gateway' }, 0, 502, 'GET', '/gateway/bot', {});
		expect((await failureOf('discord', down)).message).toBe(
			'Discord at http://127.0.0.1:9/api answered 502; check DISCORD_API_URL, or try again in a few minutes.',
		);
	});
});

describe('describeStartFailure', () => {
	it('points to the debug log for an error no step explains', () => {
		expect(describeStartFailure(new Error('odd.'))).toBe('odd (LOG_LEVEL=debug logs the details).');
	});
});
