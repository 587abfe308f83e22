import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import * as errors from '../errors.js';
import { DiscordError } from '../errors.js';
import type { FileHost } from '../files.js';
import type { World } from '../state/world.js';
import { parseBody, type UploadedFile } from './body.js';
import { type FaultMatch, FaultPlan, type FaultReply } from './faults.js';
import { type Route, type RouteReply, Router } from './router.js';

/** One HTTP request the fake received, for assertions. */
export interface RecordedCall {
	method: string;
	/** The route pattern that matched (`/channels/:channelId/messages`), else the path. */
	route: string;
	/** The decoded path after `/api/v10`, e.g. `/webhooks/1/tok/messages/@original`. */
	path: string;
	query: Record<string, string>;
	body: unknown;
	files: UploadedFile[];
	headers: IncomingHttpHeaders;
	/** The status answered; 0 while the request is still being handled. */
	status: number;
	at: number;
}

const API_PREFIX = /^\/api(?:\/v\d+)?(?=\/)/;

function readRaw(request: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

/**
 * The REST side: records every call, applies injected faults, checks the bot token on bot
 * routes, runs the route, and answers JSON with `Content-Type: application/json` always.
 */
export class RestServer {
	readonly calls: RecordedCall[] = [];
	/** Exceptions inside the fake's own handlers: a bug in the fake, answered with a 500. */
	readonly internalErrors: Error[] = [];
	readonly #router: Router;
	readonly #faults = new FaultPlan();

	constructor(
		routes: Route[],
		private readonly world: World,
		private readonly files: FileHost,
		private readonly botToken: string,
	) {
		this.#router = new Router(routes);
	}

	fail(match: FaultMatch, reply: FaultReply, times: number): void {
		this.#faults.add(match, reply, times);
	}

	async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const url = new URL(request.url ?? '/', 'http://fake.invalid');
		const method = (request.method ?? 'GET').toUpperCase();
		const raw = await readRaw(request);
		const call: RecordedCall = {
			method,
			route: url.pathname,
			path: decodeURIComponent(url.pathname).replace(API_PREFIX, ''),
			query: Object.fromEntries(url.searchParams),
			body: undefined,
			files: [],
			headers: request.headers,
			status: 0,
			at: this.world.now(),
		};
		this.calls.push(call);

		const reply = await this.#answer(call, url, raw, request.headers);
		call.status = reply.status;
		this.#write(response, reply);
		this.world.changes.notify();
	}

	async #answer(call: RecordedCall, url: URL, raw: Buffer, headers: IncomingHttpHeaders): Promise<RouteReply> {
		if (url.pathname.startsWith('/files/')) return this.#serveFile(call, url.pathname);
		if (!API_PREFIX.test(url.pathname)) return this.#error(errors.routeNotFound());

		try {
			const parsed = await parseBody(raw, headers['content-type']);
			call.body = parsed.body;
			call.files = parsed.files;

			const match = this.#router.match(call.method, call.path);
			if (match.kind === 'wrong-method') call.route = match.pattern;
			if (match.kind !== 'found') throw match.kind === 'none' ? errors.routeNotFound() : errors.methodNotAllowed();

			call.route = match.route.pattern;

			const fault = this.#faults.take(call.method, call.path, call.route);
			if (fault) throw fault;
			if (match.route.auth === 'bot' && headers.authorization !== `Bot ${this.botToken}`) throw errors.unauthorized();

			const body = (parsed.body ?? {}) as Record<string, unknown>;
			return await match.route.handle({
				params: match.params,
				query: url.searchParams,
				body,
				files: parsed.files,
				headers,
			});
		} catch (error) {
			if (error instanceof DiscordError) return this.#error(error);

			this.internalErrors.push(error as Error);
			return this.#error(new DiscordError(500, 0, '500: Internal Server Error'));
		}
	}

	#serveFile(call: RecordedCall, pathname: string): RouteReply {
		call.route = '/files/:id/:filename';
		const file = this.files.lookup(pathname);
		if (!file) return this.#error(errors.routeNotFound());
		return { status: 200, body: file.data, headers: { 'Content-Type': file.contentType } };
	}

	#error(error: DiscordError): RouteReply {
		return { status: error.status, body: error.toBody(), headers: error.headers };
	}

	#write(response: ServerResponse, reply: RouteReply): void {
		const headers: Record<string, string> = { ...reply.headers };
		if (reply.status === 204 || reply.body === undefined) {
			response.writeHead(reply.status, headers).end();
			return;
		}
		if (Buffer.isBuffer(reply.body)) {
			response.writeHead(reply.status, headers).end(reply.body);
			return;
		}
		headers['Content-Type'] = 'application/json';
		response.writeHead(reply.status, headers).end(JSON.stringify(reply.body));
	}
}
