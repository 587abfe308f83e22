import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type Client, Status } from 'discord.js';
import type { Logger } from './log.js';
import type { Store } from './store/index.js';

/** What `GET /healthz` reports. */
export interface Health {
	/** The gateway up on every shard, and storage answering. */
	ready: boolean;
	shards: number[];
	/** Shards whose gateway connection is down (reconnecting, or closed for good). */
	shardsDown: number[];
	guilds: number;
	storage: { ok: boolean; ms?: number };
	/** `collected`: measured right after a full garbage collection (`?gc` on a process run with --expose-gc). */
	memory: { rssMb: number; heapUsedMb: number; collected: boolean };
	/**
	 * The event loop's time since the process started, working and waiting, in ms: counters, so
	 * a monitor takes the rate. Busy nearly all the time means the process is at its limit and
	 * answers late; run more shards, in more processes.
	 */
	eventLoop: { busyMs: number; idleMs: number };
}

/** The health server could not listen where ROSTRO_BOT_HEALTH_PORT and _HOST say; the message says why. */
export class HealthServerError extends Error {
	override name = 'HealthServerError';
}

/** Why the server could not listen, and what to change. */
function listenProblem(code: unknown, port: number, host: string): string | undefined {
	if (code === 'EADDRINUSE') {
		return `ROSTRO_BOT_HEALTH_PORT ${port} is already in use on ${host}; choose another port, or stop what uses it.`;
	}
	if (code === 'EACCES') {
		return `the health server may not listen on port ${port} (ports below 1024 need privileges); choose another ROSTRO_BOT_HEALTH_PORT.`;
	}
	if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
		return `ROSTRO_BOT_HEALTH_HOST ${host} is not an address of this machine; use 127.0.0.1, or 0.0.0.0 for every address.`;
	}
	return undefined;
}

function listenFailure(error: unknown, { port, host }: { port: number; host: string }): HealthServerError {
	const reason = error instanceof Error ? error.message : String(error);
	const message =
		listenProblem((error as { code?: unknown }).code, port, host) ??
		`the health server cannot listen on ${host}:${port}: ${reason}.`;
	return new HealthServerError(message, { cause: error });
}

const STORAGE_TIMEOUT_MS = 2_000;
const toMb = (bytes: number) => Math.round(bytes / 104_857.6) / 10;

async function storageHealth(store: Store): Promise<Health['storage']> {
	try {
		const timeout = new Promise<never>((_, reject) =>
			setTimeout(() => reject(new Error('storage did not answer')), STORAGE_TIMEOUT_MS).unref(),
		);
		return { ok: true, ms: Math.round(await Promise.race([store.ping(), timeout])) };
	} catch {
		return { ok: false }; // the report says so; the reason is in the store's own logs
	}
}

/**
 * A full garbage collection, when the process allows one: Node offers `gc()` only to a process
 * started with --expose-gc, which no deployment needs. It lets the benchmark tell memory still
 * held from garbage not yet collected. Twice, with a turn of the event loop between: objects
 * released by finalizers (undici forgets each fetch's abort listener in one) go in the second.
 */
async function collectGarbage(): Promise<boolean> {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) return false;

	gc();
	await new Promise((resolve) => setImmediate(resolve));
	gc();
	return true;
}

/**
 * The bot's health right now: ready (every shard's gateway up and storage answering), shards, memory, the
 * event loop's working time; with
 * `collect`, memory after a full garbage collection when the process allows one.
 */
export async function checkHealth(client: Client, store: Store, collect = false): Promise<Health> {
	const storage = await storageHealth(store);
	const collected = collect && (await collectGarbage());
	const { rss, heapUsed } = process.memoryUsage();
	const { active, idle } = performance.eventLoopUtilization();
	// isReady() stays true once logged in; a shard's own status says whether it is connected now.
	const shardsDown = client.ws.shards.filter((shard) => shard.status !== Status.Ready).map((shard) => shard.id);
	return {
		ready: client.isReady() && shardsDown.length === 0 && storage.ok,
		shards: client.ws.shards.map((shard) => shard.id),
		shardsDown,
		guilds: client.guilds.cache.size,
		storage,
		memory: { rssMb: toMb(rss), heapUsedMb: toMb(heapUsed), collected },
		eventLoop: { busyMs: Math.round(active), idleMs: Math.round(idle) },
	};
}

/**
 * Serves `GET /healthz` (200 when ready, else 503) for load balancers and orchestrators;
 * `GET /healthz?gc` measures memory after a full collection when the process was started
 * with --expose-gc (the benchmark does that), and is a plain health check otherwise.
 */
export async function serveHealth(
	options: { port: number; host: string },
	client: Client,
	store: Store,
	logger: Logger,
): Promise<Server> {
	const server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://health.invalid');
		if (request.method !== 'GET' || url.pathname !== '/healthz') {
			response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
			return;
		}
		void checkHealth(client, store, url.searchParams.has('gc')).then((health) => {
			response.writeHead(health.ready ? 200 : 503, { 'content-type': 'application/json' });
			response.end(JSON.stringify(health));
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', (error) => reject(listenFailure(error, options)));
		server.listen(options.port, options.host, resolve);
	});
	const { port } = server.address() as AddressInfo;
	logger.info({ host: options.host, port }, 'health server listening');
	return server;
}
