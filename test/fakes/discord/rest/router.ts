import type { IncomingHttpHeaders } from 'node:http';
import type { UploadedFile } from './body.js';

/** A request as a route handler sees it: path parameters decoded, body parsed. */
export interface RouteRequest {
	params: Record<string, string>;
	query: URLSearchParams;
	/** The JSON body (or `payload_json`), `{}` when there was none. */
	body: Record<string, unknown>;
	files: UploadedFile[];
	headers: IncomingHttpHeaders;
}

export interface RouteReply {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

/** `bot`: needs `Authorization: Bot <token>`; `none`: interaction and webhook-token routes. */
export type RouteAuth = 'bot' | 'none';

export interface Route {
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	/** Discord's path with `:name` parameters, e.g. `/channels/:channelId/messages`. */
	pattern: string;
	auth: RouteAuth;
	handle(request: RouteRequest): RouteReply | Promise<RouteReply>;
}

export const ok = (body: unknown, headers?: Record<string, string>): RouteReply => ({ status: 200, body, headers });
export const created = (body: unknown): RouteReply => ({ status: 201, body });
export const noContent = (headers?: Record<string, string>): RouteReply => ({ status: 204, headers });

/** Shorthand for a route table entry. */
export function route(method: Route['method'], pattern: string, auth: RouteAuth, handle: Route['handle']): Route {
	return { method, pattern, auth, handle };
}

interface CompiledRoute {
	route: Route;
	regex: RegExp;
	names: string[];
}

export type RouteMatch =
	| { kind: 'found'; route: Route; params: Record<string, string> }
	| { kind: 'wrong-method'; pattern: string }
	| { kind: 'none' };

/** Matches decoded paths against the route table, first declared wins. */
export class Router {
	readonly #compiled: CompiledRoute[];

	constructor(routes: Route[]) {
		this.#compiled = routes.map((candidate) => {
			const names: string[] = [];
			const source = candidate.pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
				names.push(name);
				return '([^/]+)';
			});
			return { route: candidate, regex: new RegExp(`^${source}$`), names };
		});
	}

	match(method: string, path: string): RouteMatch {
		let wrongMethod: string | undefined;
		for (const { route: candidate, regex, names } of this.#compiled) {
			const found = regex.exec(path);
			if (!found) continue;
			if (candidate.method !== method) {
				wrongMethod ??= candidate.pattern;
				continue;
			}
			const params = Object.fromEntries(names.map((name, index) => [name, found[index + 1] ?? '']));
			return { kind: 'found', route: candidate, params };
		}
		return wrongMethod ? { kind: 'wrong-method', pattern: wrongMethod } : { kind: 'none' };
	}
}
