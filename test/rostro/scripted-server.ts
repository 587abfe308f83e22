import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** How the scripted server answers one request. */
export type Script = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** A node:http server on 127.0.0.1 whose answers the test scripts, down to the byte slices it writes. */
export interface ScriptedServer {
	url: string;
	/** Requests received so far. */
	requests: IncomingMessage[];
	/** Replaces the script for the next requests. */
	answer(script: Script): void;
	close(): Promise<void>;
}

export async function startScriptedServer(): Promise<ScriptedServer> {
	let script: Script = (_req, res) => {
		res.writeHead(404).end();
	};
	const requests: IncomingMessage[] = [];
	const server = createServer((req, res) => {
		requests.push(req);
		void script(req, res);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		answer(next) {
			script = next;
		},
		close() {
			server.closeAllConnections();
			return new Promise((resolve) => server.close(() => resolve()));
		},
	};
}

/** Writes each slice separately, letting the socket flush between them so the client reads them apart. */
export async function writeSlices(res: ServerResponse, slices: Uint8Array[]): Promise<void> {
	for (const slice of slices) {
		if (res.destroyed) return;
		await new Promise<void>((resolve) => res.write(slice, () => resolve()));
		await nextTurn();
	}
}

/** Server-sent events carrying these JSON chunks, then `[DONE]` unless told otherwise. */
export function sseBody(chunks: unknown[], done = true): string {
	const events = chunks.map((chunk) => `data: ${typeof chunk === 'string' ? chunk : JSON.stringify(chunk)}\n\n`);
	return events.join('') + (done ? 'data: [DONE]\n\n' : '');
}

export const sseHeaders = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

/** A chat.completion.chunk with this delta. */
export function chunk(delta: Record<string, unknown>, finishReason: string | null = null) {
	return { object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finishReason }] };
}
