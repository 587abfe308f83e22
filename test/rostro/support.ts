import { pino } from 'pino';
import { RostroClient, type RostroClientOptions } from '../../src/rostro/index.js';
import { type RostroSimulator, startRostroSimulator } from '../fakes/rostro/index.js';

/** A simulator and a client pointed at it, with backoff shortened so retry tests stay quick. */
export interface RostroRig {
	sim: RostroSimulator;
	client: RostroClient;
	/** The client bound to creator_a's token. */
	creatorA: RostroClient;
	close(): Promise<void>;
}

export async function startRig(options: Partial<RostroClientOptions> = {}): Promise<RostroRig> {
	const sim = await startRostroSimulator();
	const client = new RostroClient({
		apiUrl: sim.url,
		inferenceUrl: sim.inferenceUrl,
		...options,
		retry: { baseDelayMs: 1, ...options.retry },
	});
	return { sim, client, creatorA: client.withToken(sim.tokens.creatorA), close: () => sim.close() };
}

/** A debug-level logger that keeps every line, to check what the client logs and what it never does. */
export function memoryLogger() {
	const lines: string[] = [];
	const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
	const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
	return { logger, lines, entries };
}

/** The requests the simulator recorded for one path. */
export function requestsTo(sim: RostroSimulator, path: string) {
	return sim.requests.filter((request) => request.path === path);
}
