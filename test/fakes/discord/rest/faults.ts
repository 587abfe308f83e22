import { DiscordError, RateLimitedError } from '../errors.js';

/** Which requests a fault applies to: `path` is the decoded path after `/api/v10`, or a route pattern. */
export interface FaultMatch {
	method?: string;
	path: string | RegExp;
}

/** What to answer instead of the real response. */
export interface FaultReply {
	status: number;
	/** Discord's error code; 0 when omitted. */
	code?: number;
	message?: string;
	/** Seconds, for 429s (default 0.25). Sent as `Retry-After`, always. */
	retryAfter?: number;
	headers?: Record<string, string>;
}

interface Fault {
	match: FaultMatch;
	reply: FaultReply;
	remaining: number;
}

const DEFAULT_RETRY_AFTER = 0.25; // s

const defaultMessages: Record<number, string> = {
	400: '400: Bad Request',
	401: '401: Unauthorized',
	403: '403: Forbidden',
	404: '404: Not Found',
	429: 'You are being rate limited.',
	500: '500: Internal Server Error',
	502: '502: Bad Gateway',
	503: '503: Service Unavailable',
};

function toError(reply: FaultReply): DiscordError {
	if (reply.status !== 429) {
		const message = reply.message ?? defaultMessages[reply.status] ?? `${reply.status}: Error`;
		return new DiscordError(reply.status, reply.code ?? 0, message, undefined, reply.headers);
	}

	const retryAfter = reply.retryAfter ?? DEFAULT_RETRY_AFTER;
	return new RateLimitedError(retryAfter, {
		'X-RateLimit-Limit': '1',
		'X-RateLimit-Remaining': '0',
		'X-RateLimit-Reset-After': String(retryAfter),
		'X-RateLimit-Bucket': 'fake-fault',
		'X-RateLimit-Scope': 'user',
		...reply.headers,
	});
}

/** Fault injection: the next `times` matching requests get the given error instead. */
export class FaultPlan {
	readonly #faults: Fault[] = [];

	add(match: FaultMatch, reply: FaultReply, times: number): void {
		this.#faults.push({ match, reply, remaining: times });
	}

	/** The error to answer with, consuming one use of the first matching fault. */
	take(method: string, path: string, pattern: string): DiscordError | undefined {
		const fault = this.#faults.find(
			(candidate) => candidate.remaining > 0 && this.#matches(candidate.match, method, path, pattern),
		);
		if (!fault) return undefined;

		fault.remaining -= 1;
		return toError(fault.reply);
	}

	#matches(match: FaultMatch, method: string, path: string, pattern: string): boolean {
		if (match.method && match.method.toUpperCase() !== method) return false;
		if (typeof match.path === 'string') return match.path === path || match.path === pattern;
		return match.path.test(path);
	}
}
