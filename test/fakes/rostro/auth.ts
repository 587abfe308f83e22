import type { IncomingHttpHeaders } from 'node:http';
import type { PresentedToken } from './types.js';

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
	const value = headers[name];
	return Array.isArray(value) ? value[0] : value;
}

/**
 * The token a request carries, from the first of Rostro's three schemes present:
 * `Authorization: Bearer`, `CH-API-KEY`, `samwise`. An Authorization header of another kind
 * still counts as a (wrong) token, so it gets a 401 rather than being ignored.
 */
export function presentedToken(headers: IncomingHttpHeaders): PresentedToken | undefined {
	const authorization = header(headers, 'authorization');
	if (authorization !== undefined) {
		const bearer = /^Bearer\s+(.*)$/i.exec(authorization.trim());
		return { scheme: 'bearer', value: bearer ? (bearer[1] ?? '').trim() : authorization };
	}

	const apiKey = header(headers, 'ch-api-key');
	if (apiKey !== undefined) return { scheme: 'ch-api-key', value: apiKey.trim() };

	const samwise = header(headers, 'samwise');
	if (samwise !== undefined) return { scheme: 'samwise', value: samwise.trim() };
	return undefined;
}

/** Mints a token for a user: readable in recordings, unique thanks to the counter. */
export function mintToken(userName: string, serial: number): string {
	return `rsim_${userName}_${serial.toString(36).padStart(4, '0')}`;
}
