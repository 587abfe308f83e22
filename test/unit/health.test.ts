import type { AddressInfo } from 'node:net';
import { type Client, Collection, Status } from 'discord.js';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Health, HealthServerError, serveHealth } from '../../src/health.js';
import type { Store } from '../../src/store/index.js';

const client = {
	isReady: () => true,
	ws: { shards: new Collection([[0, { id: 0, status: Status.Ready }]]) },
	guilds: { cache: new Map([['1', {}]]) },
} as unknown as Client;
const store = { ping: async () => 1 } as unknown as Store;

let close: (() => void) | undefined;

afterEach(() => {
	close?.();
	vi.unstubAllGlobals();
});

async function health(query = ''): Promise<Health> {
	close?.(); // one server at a time
	const server = await serveHealth({ port: 0, host: '127.0.0.1' }, client, store, pino({ level: 'silent' }));
	close = () => server.close();
	const { port } = server.address() as AddressInfo;
	const response = await fetch(`http://127.0.0.1:${port}/healthz${query}`);
	expect(response.status).toBe(200);
	return (await response.json()) as Health;
}

describe('serveHealth', () => {
	it('reports memory without collecting garbage by default', async () => {
		const gc = vi.fn();
		vi.stubGlobal('gc', gc);

		const report = await health();

		expect(report).toMatchObject({ ready: true, shards: [0], guilds: 1, storage: { ok: true } });
		expect(report.memory.collected).toBe(false);
		expect(gc).not.toHaveBeenCalled();
	});

	it('counts the time the event loop spent working and waiting, growing from one check to the next', async () => {
		const first = await health();
		const busyUntil = performance.now() + 20;
		while (performance.now() < busyUntil) {
			// keep the event loop working for 20 ms
		}
		await new Promise((resolve) => setTimeout(resolve, 20));
		const second = await health();

		expect(second.eventLoop.busyMs - first.eventLoop.busyMs).toBeGreaterThanOrEqual(19);
		expect(second.eventLoop.idleMs).toBeGreaterThan(first.eventLoop.idleMs);
	});

	it('collects garbage before measuring with ?gc when the process exposes gc()', async () => {
		const gc = vi.fn();
		vi.stubGlobal('gc', gc);

		const report = await health('?gc');

		expect(gc).toHaveBeenCalledTimes(2);
		expect(report.memory.collected).toBe(true);
		expect(report.memory.heapUsedMb).toBeGreaterThan(0);
	});

	it('answers ?gc as a plain health check when the process was started without --expose-gc', async () => {
		vi.stubGlobal('gc', undefined);

		const report = await health('?gc');

		expect(report.ready).toBe(true);
		expect(report.memory.collected).toBe(false);
	});
});

describe('serveHealth, where it cannot listen', () => {
	it('names a port already in use, and what to do', async () => {
		const first = await serveHealth({ port: 0, host: '127.0.0.1' }, client, store, pino({ level: 'silent' }));
		close = () => first.close();
		const { port } = first.address() as AddressInfo;
		const second = serveHealth({ port, host: '127.0.0.1' }, client, store, pino({ level: 'silent' }));
		await expect(second).rejects.toBeInstanceOf(HealthServerError);
		await expect(second).rejects.toThrow(
			`ROSTRO_BOT_HEALTH_PORT ${port} is already in use on 127.0.0.1; choose another port, or stop what uses it.`,
		);
	});
});
