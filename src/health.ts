import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from 'discord.js';
import type { Logger } from './log.js';
import type { Store } from './store/index.js';

/** What `GET /healthz` reports. */
export interface Health {
	ready: boolean;
	shards: number[];
	guilds: number;
	storage: { ok: boolean; ms?: number };
	memory: { rssMb: number; heapUsedMb: number };
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

/** The bot's health right now: ready (gateway up and storage answering), shards, memory. */
export async function checkHealth(client: Client, store: Store): Promise<Health> {
	const storage = await storageHealth(store);
	const { rss, heapUsed } = process.memoryUsage();
	return {
		ready: client.isReady() && storage.ok,
		shards: client.ws.shards.map((shard) => shard.id),
		guilds: client.guilds.cache.size,
		storage,
		memory: { rssMb: toMb(rss), heapUsedMb: toMb(heapUsed) },
	};
}

/** Serves `GET /healthz` (200 when ready, else 503) for load balancers and orchestrators. */
export async function serveHealth(
	options: { port: number; host: string },
	client: Client,
	store: Store,
	logger: Logger,
): Promise<Server> {
	const server = createServer((request, response) => {
		if (request.method !== 'GET' || request.url?.split('?')[0] !== '/healthz') {
			response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
			return;
		}
		void checkHealth(client, store).then((health) => {
			response.writeHead(health.ready ? 200 : 503, { 'content-type': 'application/json' });
			response.end(JSON.stringify(health));
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host, resolve);
	});
	const { port } = server.address() as AddressInfo;
	logger.info({ host: options.host, port }, 'health server listening');
	return server;
}
