import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mintToken } from './auth.js';
import type { SimulatorCore } from './context.js';
import { FaultBook } from './faults.js';
import { fullPath } from './nodes.js';
import { Router } from './router.js';
import { accountRoutes } from './routes/account.js';
import { chatRoutes } from './routes/chat.js';
import { galleryRoutes } from './routes/gallery.js';
import { imagineRoutes } from './routes/imagine.js';
import { loreRoutes } from './routes/lore.js';
import { mediaRoutes } from './routes/media.js';
import { projectActionRoutes, projectFetchRoutes } from './routes/projects.js';
import { searchRoutes } from './routes/search.js';
import { socialRoutes } from './routes/social.js';
import { speechRoutes } from './routes/speech.js';
import { buildCharacter, type NewCharacter, seedData } from './seed/build.js';
import { tokenSeeds } from './seed/users.js';
import { requestListener } from './server.js';
import { nextProjectId, type Project, type SimulatorData } from './state.js';
import type { Fault, FaultMatch, ListenOptions, RecordedRequest, SimulatorOptions } from './types.js';

/** The defaults of every knob: fast enough for tests, slow enough to stream in many chunks. */
export const defaultOptions: Required<SimulatorOptions> = {
	streamChunkDelayMs: 5,
	jobDurationMs: 50,
	completionsPerToken: 1,
	retryAfterSeconds: 1,
};

/** A running simulator of the Rostro API. */
export interface RostroSimulator {
	/** `http://127.0.0.1:PORT`, what ROSTRO_API_URL is set to. */
	url: string;
	/** `${url}/v1`, what ROSTRO_INFERENCE_URL is set to. */
	inferenceUrl: string;
	/** Valid tokens of the three seeded accounts (`creator_a`, `creator_b`, `reader`). */
	tokens: { creatorA: string; creatorB: string; reader: string };
	/** The live knobs; change them at any time, each request reads them again. */
	options: Required<SimulatorOptions>;
	/** Every request received, in order. */
	requests: RecordedRequest[];
	/** Everything the simulator remembers (users, projects, gallery, jobs, reports, tokens). */
	data: SimulatorData;
	/** Unexpected errors inside routes, each answered with a 500; stays empty when all is well. */
	serverErrors: Error[];
	/** Makes matching requests fail in the given way, `times` times (always when not given). */
	fault(match: FaultMatch, fault: Fault, times?: number): void;
	clearFaults(): void;
	/** A new valid token for a seeded user. */
	addToken(userName: string): string;
	/** Makes a token invalid from now on (a 401 on every route). */
	revokeToken(token: string): void;
	/** Sets an account's credits (0 makes every generation fail with `out_of_credits`). */
	setCredits(userName: string, credits: number): void;
	/** Publishes a new character now, newest of all: for feeds and timelines. */
	addCharacter(character: NewCharacter): Project;
	/** The project at a `fullPath` (`creator/slug`, or `lorebooks/creator/slug`). */
	project(path: string): Project;
	/** The exact bytes a job or gallery image serves; undefined when there are none. */
	mediaBytes(uuid: string): Buffer | undefined;
	close(): Promise<void>;
}

function buildRouter(): Router {
	const router = new Router();
	accountRoutes(router);
	searchRoutes(router);
	socialRoutes(router);
	galleryRoutes(router);
	projectActionRoutes(router);
	chatRoutes(router);
	imagineRoutes(router);
	speechRoutes(router);
	loreRoutes(router);
	mediaRoutes(router);
	projectFetchRoutes(router); // last: its patterns would swallow the specific /api routes
	return router;
}

function userOf(data: SimulatorData, userName: string) {
	const user = data.users.get(userName);
	if (!user) throw new Error(`The simulator has no user named ${userName}`);
	return user;
}

function helpers(core: SimulatorCore) {
	const { data } = core;
	const addToken = (userName: string) => {
		userOf(data, userName);
		const token = mintToken(userName, core.nextSerial());
		data.tokens.set(token, userName);
		return token;
	};

	return {
		addToken,
		revokeToken: (token: string) => void data.tokens.delete(token),
		setCredits: (userName: string, credits: number) => {
			userOf(data, userName).credits = credits;
		},
		addCharacter: (character: NewCharacter) => {
			userOf(data, character.creator);
			const project = buildCharacter(nextProjectId(data), character, Date.now());
			data.projects.set(project.id, project);
			return project;
		},
		project: (path: string) => {
			const found = [...data.projects.values()].find((candidate) => fullPath(candidate) === path);
			if (!found) throw new Error(`The simulator has no project at ${path}`);
			return found;
		},
		mediaBytes: (uuid: string) => {
			const job = data.jobs.get(uuid);
			if (job) return job.media?.bytes;
			return data.gallery.get(uuid)?.bytes;
		},
		tokens: {
			creatorA: addToken(tokenSeeds.creatorA),
			creatorB: addToken(tokenSeeds.creatorB),
			reader: addToken(tokenSeeds.reader),
		},
	};
}

/** Starts the simulator on 127.0.0.1 (a free port unless one is given) with the seeded world. */
export async function startRostroSimulator(
	options: SimulatorOptions = {},
	listen: ListenOptions = {},
): Promise<RostroSimulator> {
	const shutdown = new AbortController();
	let serial = 0;
	const core: SimulatorCore = {
		data: seedData(),
		options: { ...defaultOptions, ...options },
		baseUrl: '',
		runningCompletions: new Map(),
		shutdown: shutdown.signal,
		errors: [],
		nextSerial: () => ++serial,
	};
	const faults = new FaultBook();
	const requests: RecordedRequest[] = [];
	const server = createServer(requestListener({ core, router: buildRouter(), faults, requests }));

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(listen.port ?? 0, '127.0.0.1', () => resolve());
	});
	core.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	return {
		url: core.baseUrl,
		inferenceUrl: `${core.baseUrl}/v1`,
		options: core.options,
		requests,
		data: core.data,
		serverErrors: core.errors,
		fault: (match, fault, times) => faults.add(match, fault, times),
		clearFaults: () => faults.clear(),
		...helpers(core),
		close: () => {
			shutdown.abort();
			server.closeAllConnections();
			return new Promise((resolve) => server.close(() => resolve()));
		},
	};
}
