import { RESTEvents } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createClient, GLOBAL_REQUESTS_PER_SECOND, watchRateLimits } from '../../src/discord/client.js';
import { createLogger } from '../../src/log.js';

const config = loadConfig({ DISCORD_API_URL: 'http://127.0.0.1:9/api' });
const clients: ReturnType<typeof createClient>[] = [];

function client(overrides: Parameters<typeof createClient>[1] = {}) {
	const created = createClient(config, overrides);
	clients.push(created);
	return created;
}

afterEach(async () => {
	await Promise.all(clients.splice(0).map((created) => created.destroy()));
});

function capture() {
	const lines: Record<string, unknown>[] = [];
	const logger = createLogger('debug', { write: (line: string) => lines.push(JSON.parse(line)) });
	return { logger, lines };
}

const token = 'aW50ZXJhY3Rpb246secret-interaction-token';

function rateLimited(headers: Record<string, string>) {
	return [
		{
			method: 'PATCH',
			path: `/webhooks/1234567890123456789/${token}/messages/@original`,
			route: '/webhooks/:id/:token/messages/:id',
			options: {},
			data: {},
			retries: 0,
		},
		{ status: 429, headers: new Headers(headers) },
	] as const;
}

describe('createClient', () => {
	it('lets interaction follow-ups and edits through at 500 interactions a second, not 50 requests', () => {
		const { options } = client().rest;
		expect(options.globalRequestsPerSecond).toBe(GLOBAL_REQUESTS_PER_SECOND);
		expect(GLOBAL_REQUESTS_PER_SECOND).toBeGreaterThanOrEqual(1_000);
		expect(options.api).toBe('http://127.0.0.1:9/api');
	});

	it('keeps the REST base and the global setting when a test overrides other REST options', () => {
		const { options } = client({ rest: { offset: 0 } }).rest;
		expect(options).toMatchObject({
			offset: 0,
			api: 'http://127.0.0.1:9/api',
			globalRequestsPerSecond: GLOBAL_REQUESTS_PER_SECOND,
		});
	});
});

describe('watchRateLimits', () => {
	it('logs a 429 with its route, scope and Retry-After, never the path with its token', () => {
		const { logger, lines } = capture();
		const watched = client();
		watchRateLimits(watched, logger);

		const [request, response] = rateLimited({
			'Retry-After': '0.5',
			'X-RateLimit-Scope': 'global',
			'X-RateLimit-Global': 'true',
		});
		watched.rest.emit(RESTEvents.Response, request as never, response as never);

		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatchObject({
			level: 40,
			msg: 'Discord answered 429; discord.js sends the request again after Retry-After',
			method: 'PATCH',
			route: '/webhooks/:id/:token/messages/:id',
			scope: 'global',
			global: true,
			retryAfterMs: 500,
		});
		expect(JSON.stringify(lines)).not.toContain(token);
	});

	it('says nothing about answers that are not 429', () => {
		const { logger, lines } = capture();
		const watched = client();
		watchRateLimits(watched, logger);

		const [request] = rateLimited({});
		watched.rest.emit(RESTEvents.Response, request as never, { status: 200, headers: new Headers() } as never);
		expect(lines).toEqual([]);
	});
});
