import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The scope a 429 claims, as Discord and REST proxies send it in `X-RateLimit-Scope`. */
export type ThrottleScope = 'user' | 'shared' | 'global';

/** Which requests the proxy answers with a 429 of its own instead of passing them on. */
export interface ThrottleRule {
	method?: string;
	/** Tested against the decoded path after `/api/v10`, e.g. `/webhooks/1/tok/messages/@original`. */
	path: RegExp;
	scope: ThrottleScope;
	/** Seconds, sent as `Retry-After` and in the body's `retry_after`. */
	retryAfter: number;
	/** How many 429s this rule gives in all. */
	times: number;
	/** Throttle every n-th matching request (1: each one), so 429s fall between passed requests. */
	every?: number;
	/**
	 * With bucket headers (`X-RateLimit-Limit/Remaining/Reset-After/Bucket`), as Discord sends;
	 * without, only `Retry-After` and the scope, as a proxy that throttles on its own may.
	 */
	bucketHeaders?: boolean;
}

/** One 429 the proxy gave. */
export interface Throttled {
	method: string;
	path: string;
	scope: ThrottleScope;
	at: number;
}

/** A pass-through REST proxy in front of the fake Discord, like nirn-proxy in front of Discord. */
export interface RestProxy {
	/** The REST base to give the bot as DISCORD_API_URL. */
	apiUrl: string;
	/** Requests passed on to Discord, and how they ended there. */
	readonly forwarded: { method: string; path: string; status: number }[];
	readonly throttled: Throttled[];
	/** Adds a rule; the earliest rule with 429s left that matches a request decides. */
	throttle(rule: ThrottleRule): void;
	close(): Promise<void>;
}

interface LiveRule extends ThrottleRule {
	seen: number;
	given: number;
}

const API_PREFIX = /^\/api\/v\d+/;

function apiPath(url: string | undefined): string {
	const pathname = new URL(url ?? '/', 'http://proxy.invalid').pathname;
	return decodeURIComponent(pathname.replace(API_PREFIX, ''));
}

function tooManyRequests(response: ServerResponse, rule: ThrottleRule): void {
	const global = rule.scope === 'global';
	const headers: Record<string, string> = {
		'Content-Type': 'application/json',
		'Retry-After': String(rule.retryAfter),
		'X-RateLimit-Scope': rule.scope,
		...(global ? { 'X-RateLimit-Global': 'true' } : {}),
		...(rule.bucketHeaders && !global
			? {
					'X-RateLimit-Limit': '5',
					'X-RateLimit-Remaining': '0',
					'X-RateLimit-Reset-After': String(rule.retryAfter),
					'X-RateLimit-Bucket': 'rest-proxy-bucket',
				}
			: {}),
	};
	const body = { message: 'You are being rate limited.', retry_after: rule.retryAfter, global };
	response.writeHead(429, headers).end(JSON.stringify(body));
}

/**
 * Starts a proxy on 127.0.0.1 that passes every REST request to `upstreamApiUrl` unchanged
 * (method, path, headers, body; the answer likewise), except those its rules throttle: those
 * get a 429 with `Retry-After` and `X-RateLimit-Scope` (and `X-RateLimit-Global` for a global
 * one) that never reached Discord, as a shared proxy coordinating many processes would give.
 */
export async function startRestProxy(upstreamApiUrl: string): Promise<RestProxy> {
	const upstream = new URL(upstreamApiUrl);
	const rules: LiveRule[] = [];
	const forwarded: RestProxy['forwarded'] = [];
	const throttled: Throttled[] = [];

	const ruleFor = (method: string, path: string): LiveRule | undefined => {
		for (const rule of rules) {
			if (rule.given >= rule.times || (rule.method && rule.method !== method) || !rule.path.test(path)) continue;
			rule.seen += 1;
			if (rule.seen % (rule.every ?? 1) === 0) return rule;
		}
		return undefined;
	};

	const pass = (incoming: IncomingMessage, response: ServerResponse, method: string, path: string) => {
		const outgoing = forward(
			{
				host: upstream.hostname,
				port: upstream.port,
				method,
				path: incoming.url,
				headers: { ...incoming.headers, host: upstream.host },
			},
			(answer) => {
				forwarded.push({ method, path, status: answer.statusCode ?? 0 });
				response.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(response);
			},
		);
		outgoing.on('error', () => response.writeHead(502).end());
		incoming.pipe(outgoing);
	};

	const server = createServer((incoming, response) => {
		const method = incoming.method ?? 'GET';
		const path = apiPath(incoming.url);
		const rule = ruleFor(method, path);
		if (!rule) return pass(incoming, response, method, path);

		rule.given += 1;
		throttled.push({ method, path, scope: rule.scope, at: Date.now() });
		incoming.resume(); // the body is not needed, but must be read for the socket to be reused
		tooManyRequests(response, rule);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		apiUrl: `http://127.0.0.1:${port}${upstream.pathname}`,
		forwarded,
		throttled,
		throttle: (rule) => void rules.push({ ...rule, seen: 0, given: 0 }),
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
