import type { AccountContext, RequestContext } from './context.js';
import type { Reply } from './replies.js';

/** Who may call a route: anyone (a token, if sent, must still be valid), or token holders only. */
export type Access = 'public' | 'token';

type ContextFor<A extends Access> = A extends 'token' ? AccountContext : RequestContext;

/** A route handler: returns the reply, or undefined when it wrote the response itself (streams). */
export type Handler<C extends RequestContext = RequestContext> = (
	context: C,
) => Reply | undefined | Promise<Reply | undefined>;

interface Route {
	method: string;
	pattern: RegExp;
	names: string[];
	access: Access;
	handler: Handler;
}

/** The outcome of looking a request up. */
export type RouteMatch =
	| { kind: 'found'; route: Route; params: Record<string, string> }
	| { kind: 'wrong-method' }
	| { kind: 'none' };

function compile(path: string): { pattern: RegExp; names: string[] } {
	const names: string[] = [];
	const source = path
		.split('/')
		.map((segment) => {
			if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			names.push(segment.slice(1));
			return '([^/]+)';
		})
		.join('/');
	return { pattern: new RegExp(`^${source}/?$`), names };
}

function decodeParams(names: string[], values: string[]): Record<string, string> | undefined {
	try {
		return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(values[index] ?? '')]));
	} catch {
		return undefined; // a malformed %-escape cannot name anything: treat the path as unknown
	}
}

/** Routes in registration order; the first whose method and path match wins, like FastAPI's. */
export class Router {
	#routes: Route[] = [];

	get<A extends Access>(path: string, access: A, handler: Handler<ContextFor<A>>): void {
		this.add('GET', path, access, handler);
	}

	post<A extends Access>(path: string, access: A, handler: Handler<ContextFor<A>>): void {
		this.add('POST', path, access, handler);
	}

	delete<A extends Access>(path: string, access: A, handler: Handler<ContextFor<A>>): void {
		this.add('DELETE', path, access, handler);
	}

	add<A extends Access>(method: string, path: string, access: A, handler: Handler<ContextFor<A>>): void {
		// The server only calls token routes with an account in the context.
		this.#routes.push({ method, ...compile(path), access, handler: handler as Handler });
	}

	match(method: string, path: string): RouteMatch {
		let pathKnown = false;
		for (const route of this.#routes) {
			const found = route.pattern.exec(path);
			if (!found) continue;

			const params = decodeParams(route.names, found.slice(1));
			if (!params) continue;
			if (route.method !== method) {
				pathKnown = true;
				continue;
			}
			return { kind: 'found', route, params };
		}
		return pathKnown ? { kind: 'wrong-method' } : { kind: 'none' };
	}
}
