import { setTimeout as delay } from 'node:timers/promises';
import { inflateSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	encodeWav,
	expectedCompletion,
	expectedTranscript,
	expectedVisibleCompletion,
	type RostroSimulator,
	readPngSize,
	startRostroSimulator,
} from './rostro/index.js';

let sim: RostroSimulator;

beforeAll(async () => {
	sim = await startRostroSimulator({ streamChunkDelayMs: 1, jobDurationMs: 30 });
});

afterAll(async () => {
	await sim.close();
});

afterEach(() => {
	sim.clearFaults();
	sim.options.streamChunkDelayMs = 1;
	expect(sim.serverErrors).toEqual([]);
});

interface CallOptions {
	token?: string;
	method?: string;
	body?: unknown;
	headers?: Record<string, string>;
}

function call(path: string, options: CallOptions = {}): Promise<Response> {
	const { token, body } = options;
	const headers: Record<string, string> = { ...options.headers };
	if (token) headers.authorization = `Bearer ${token}`;
	if (body !== undefined) headers['content-type'] = 'application/json';

	const method = options.method ?? (body === undefined ? 'GET' : 'POST');
	const json = body === undefined ? undefined : JSON.stringify(body);
	return fetch(`${sim.url}${path}`, { method, headers, body: json });
}

async function statusOf(path: string, options: CallOptions = {}): Promise<number> {
	const response = await call(path, options);
	await response.arrayBuffer();
	return response.status;
}

// biome-ignore lint/suspicious/noExplicitAny: assertions read the simulator's JSON loosely
type Json = any;

async function callJson(path: string, options: CallOptions = {}): Promise<{ status: number; body: Json }> {
	const response = await call(path, options);
	return { status: response.status, body: await response.json() };
}

async function bytesAt(url: string): Promise<Buffer> {
	return Buffer.from(await (await fetch(url)).arrayBuffer());
}

const COMPLETIONS = '/v1/chat/completions';
const chatBody = { model: 'asha', messages: [{ role: 'user', content: 'Tell me about the lighthouse.' }] };

function chat(body: unknown, token = sim.tokens.reader) {
	return callJson(COMPLETIONS, { token, body });
}

/** The `data:` payloads of a whole event stream, in order. */
async function readEvents(response: Response): Promise<string[]> {
	const blocks = (await response.text()).split('\n\n');
	return blocks.filter((block) => block.startsWith('data: ')).map((block) => block.slice('data: '.length));
}

/** Reads a body until it ends or breaks; what arrived, and whether it broke. */
async function readUntilBroken(response: Response): Promise<{ text: string; broken: boolean }> {
	const decoder = new TextDecoder();
	const reader = response.body?.getReader();
	let text = '';
	try {
		for (let part = await reader?.read(); part && !part.done; part = await reader?.read()) {
			text += decoder.decode(part.value, { stream: true });
		}
		return { text, broken: false };
	} catch {
		return { text, broken: true };
	}
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG whose one IDAT inflates to exactly the rows an RGB image of its header's size needs. */
function isWholePng(bytes: Buffer): boolean {
	const size = readPngSize(bytes);
	const idatAt = bytes.indexOf('IDAT');
	if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE) || !size || idatAt < 0) return false;

	const length = bytes.readUInt32BE(idatAt - 4);
	const pixels = inflateSync(bytes.subarray(idatAt + 4, idatAt + 4 + length));
	return pixels.length === (1 + size.width * 3) * size.height;
}

/** Calls until `settled` says so, or ten seconds pass; returns the last answer. */
async function poll<T>(request: () => Promise<T>, settled: (answer: T) => boolean): Promise<T> {
	const deadline = Date.now() + 10_000;
	for (;;) {
		const answer = await request();
		if (settled(answer) || Date.now() > deadline) return answer;
		await delay(10);
	}
}

function checkJob(uuid: string, token: string) {
	return poll(
		async () => (await callJson('/imagine/check', { token, body: { generation_uuid: uuid } })).body,
		(job) => job.is_done || job.is_failed,
	);
}

function sttForm(bytes: Buffer, name: string): FormData {
	const form = new FormData();
	form.append('file', new Blob([bytes]), name);
	return form;
}

function transcribe(form: FormData, token = sim.tokens.reader): Promise<Response> {
	return fetch(`${sim.url}/stt`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
}

describe('auth', () => {
	it('accepts the same token as Bearer, CH-API-KEY and samwise', async () => {
		const token = sim.tokens.creatorA;
		const headerSets: Record<string, string>[] = [
			{ authorization: `Bearer ${token}` },
			{ 'CH-API-KEY': token },
			{ samwise: token },
		];
		for (const headers of headerSets) {
			const { status, body } = await callJson('/api/self', { headers });
			expect(status).toBe(200);
			expect(body).toEqual({ id: 4242, user_name: 'creator_a' });
		}

		const schemes = sim.requests.slice(-3).map((request) => request.token?.scheme);
		expect(schemes).toEqual(['bearer', 'ch-api-key', 'samwise']);
	});

	it('answers 401 with a detail on private routes without a token', async () => {
		for (const path of ['/api/self', '/api/account', '/api/timeline/v1', '/voices']) {
			const { status, body } = await callJson(path);
			expect(status).toBe(401);
			expect(body.detail).toEqual(expect.any(String));
		}
		expect(await statusOf(COMPLETIONS, { body: chatBody })).toBe(401);
		expect(await statusOf('/imagine', { body: { prompt: 'x' } })).toBe(401);
	});

	it('serves public reads without a token', async () => {
		expect(await statusOf('/search')).toBe(200);
		expect(await statusOf('/api/characters/creator_a/ari-the-cartographer')).toBe(200);
		expect(await statusOf('/api/users/reader')).toBe(200);
	});

	it('refuses a wrong token even on public reads', async () => {
		expect(await statusOf('/search', { token: 'not-a-token' })).toBe(401);
		expect(await statusOf('/search', { headers: { authorization: 'Basic abc' } })).toBe(401);
	});

	it('honours tokens added and revoked by tests', async () => {
		const token = sim.addToken('lanternfish');
		const { body } = await callJson('/api/account', { token });
		expect(body).toMatchObject({ user_name: 'lanternfish', email: expect.any(String) });

		sim.revokeToken(token);
		expect(await statusOf('/api/account', { token })).toBe(401);
	});
});

describe('search', () => {
	const idsOf = (body: Json): number[] => body.data.nodes.map((node: Json) => node.id);

	it('rejects an unknown sort with a 400 that lists the accepted values', async () => {
		const { status, body } = await callJson('/search?sort=popularity');
		expect(status).toBe(400);
		expect(body.detail).toContain('download_count');
		expect(body.detail).toContain('star_count');
	});

	it('rejects bad values of known parameters with FastAPI 422 details', async () => {
		const notInteger = await callJson('/search?first=abc');
		expect(notInteger.status).toBe(422);
		expect(notInteger.body.detail[0]).toMatchObject({ loc: ['query', 'first'], type: 'int_parsing' });

		const tooLarge = await callJson('/search?first=501');
		expect(tooLarge.body.detail[0]).toMatchObject({ loc: ['query', 'first'], type: 'less_than_equal' });
	});

	it('ignores unknown parameters', async () => {
		expect(await statusOf('/search?flavour=mint')).toBe(200);
	});

	it('pages through every result once, by page and by cursor alike', async () => {
		const total = (await callJson('/search?first=7')).body.data.count;
		const byPage: number[] = [];
		for (let page = 1; page <= Math.ceil(total / 7); page++) {
			byPage.push(...idsOf((await callJson(`/search?first=7&page=${page}`)).body));
		}
		expect(new Set(byPage).size).toBe(total);

		const byCursor: number[] = [];
		for (let cursor = ''; cursor !== null; ) {
			const { body } = await callJson(`/search?first=7&cursor=${encodeURIComponent(cursor)}`);
			byCursor.push(...idsOf(body));
			cursor = body.data.cursor;
		}
		expect(byCursor).toEqual(byPage);
	});

	it('leaves NSFW projects out with nsfw=false', async () => {
		const all = (await callJson('/search?first=100')).body.data.nodes;
		const safe = (await callJson('/search?first=100&nsfw=false')).body.data.nodes;
		expect(all.some((node: Json) => node.nsfw_image)).toBe(true);
		expect(safe.some((node: Json) => node.nsfw_image)).toBe(false);
		expect(safe.length).toBeLessThan(all.length);
	});

	it('filters by tags, creator and namespace', async () => {
		const { body } = await callJson('/search?tags=Fantasy,Dragon&username=creator_b');
		expect(body.data.nodes.map((node: Json) => node.fullPath)).toEqual(['creator_b/ember-the-dragon']);

		const lorebooks = await callJson('/search?namespace=lorebooks');
		expect(lorebooks.body.data.nodes[0].fullPath).toMatch(/^lorebooks\//);
	});

	it('lists a newly added character first when sorted by creation', async () => {
		const added = sim.addCharacter({ name: 'Newcomer Nell', creator: 'creator_b', tags: ['Fantasy'] });
		const { body } = await callJson('/search?sort=created_at&first=1');
		expect(body.data.nodes[0]).toMatchObject({ id: added.id, fullPath: 'creator_b/newcomer-nell' });
	});

	it('answers minisearch with small nodes', async () => {
		const { body } = await callJson('/minisearch', { body: { query: 'discord' } });
		expect(body.nodes.length).toBeGreaterThan(0);
		expect(Object.keys(body.nodes[0]).sort()).toEqual(['avatar_url', 'fullPath', 'id', 'name', 'tagline']);
	});

	it('counts tags', async () => {
		const { body } = await callJson('/tags', { body: {} });
		expect(body.tags).toContainEqual({ name: 'Fantasy', count: expect.any(Number) });
	});
});

describe('characters', () => {
	const ariPath = '/api/characters/creator_a/ari-the-cartographer';

	it('returns the full definition with full=true and none without', async () => {
		const full = await callJson(`${ariPath}?full=true`);
		expect(full.body).toMatchObject({ is_favorite: false, permissions: 'read', errors: null, nodes: {} });
		const definition = full.body.node.definition;
		expect(definition).toMatchObject({ name: 'Ari', first_message: expect.stringContaining('{{user}}') });
		expect(definition.embedded_lorebook.entries).toHaveLength(2);

		const bare = await callJson(ariPath);
		expect(bare.body.node.definition).toBeNull();
	});

	it('finds a character by id', async () => {
		const ari = sim.project('creator_a/ari-the-cartographer');
		const { body } = await callJson(`/api/characters/${ari.id}`);
		expect(body.node.name).toBe('Ari the Cartographer');
	});

	it('answers 404 with a detail for an unknown character', async () => {
		const missing = await callJson('/api/characters/creator_a/nobody-here');
		expect(missing).toEqual({ status: 404, body: { detail: expect.any(String) } });
	});

	it('shows a private character to its creator only', async () => {
		const path = '/api/characters/creator_a/untitled-witch-draft';
		expect(await statusOf(path)).toBe(404);
		expect(await statusOf(path, { token: sim.tokens.reader })).toBe(404);
		expect(await statusOf(path, { token: sim.tokens.creatorA })).toBe(200);
	});

	it('serves lorebooks with World-Info entries keyed by uid', async () => {
		const { body } = await callJson('/api/lorebooks/creator_a/silverfen-atlas?full=true');
		expect(body.node.fullPath).toBe('lorebooks/creator_a/silverfen-atlas');
		const entry = body.node.definition.embedded_lorebook.entries['0'];
		expect(entry).toMatchObject({ key: ['Silverfen'], enabled: true });
	});

	it('lists a user profile with projects', async () => {
		const { body } = await callJson('/api/users/creator_b?include_projects=true');
		expect(body.user_name).toBe('creator_b');
		expect(body.projects.nodes.length).toBeGreaterThan(5);
	});
});

describe('chat completions', () => {
	it('answers the deterministic reply with the model in the body or in the path', async () => {
		const expected = expectedCompletion(chatBody);
		expect(expected.split(' ').length).toBeGreaterThan(20);

		const paths = [COMPLETIONS, `/asha${COMPLETIONS}`, `/chub/asha${COMPLETIONS}`];
		for (const path of paths) {
			const body = path === COMPLETIONS ? chatBody : { messages: chatBody.messages };
			const { status, body: reply } = await callJson(path, { token: sim.tokens.reader, body });
			expect(status).toBe(200);
			const message = { role: 'assistant', content: expected };
			expect(reply.choices[0]).toMatchObject({ message, finish_reason: 'stop' });
		}
	});

	it('streams a role chunk, content chunks, a finish_reason and [DONE] in that order', async () => {
		const streamed = { ...chatBody, stream: true };
		const response = await call(COMPLETIONS, { token: sim.tokens.reader, body: streamed });
		expect(response.headers.get('content-type')).toContain('text/event-stream');

		const events = await readEvents(response);
		expect(events.at(-1)).toBe('[DONE]');
		const choices = events.slice(0, -1).map((event) => JSON.parse(event).choices[0]);
		expect(choices[0]).toEqual(expect.objectContaining({ delta: { role: 'assistant' }, finish_reason: null }));
		expect(choices.at(-1).finish_reason).toBe('stop');

		const content = choices.slice(1, -1).map((choice) => choice.delta.content);
		expect(content.length).toBeGreaterThan(20);
		expect(content.join('')).toBe(expectedCompletion(chatBody));
	});

	it('stops at max_tokens with finish_reason length', async () => {
		const limited = { ...chatBody, max_tokens: 5 };
		const choice = (await chat(limited)).body.choices[0];
		expect(choice.finish_reason).toBe('length');
		expect(choice.message.content).toBe(expectedCompletion(limited));
		expect(choice.message.content.split(' ')).toHaveLength(5);
	});

	it('stops before a stop sequence', async () => {
		const stopped = { ...chatBody, stop: ['said'] };
		const content = (await chat(stopped)).body.choices[0].message.content;
		expect(content).toBe(expectedCompletion(stopped));
		expect(content).not.toContain('said');
	});

	it('begins the reply with a think block when the user asks for [think]', async () => {
		const thinking = { messages: [{ role: 'user', content: 'Why is the sky blue? [think]' }] };
		const content = (await chat(thinking)).body.choices[0].message.content;
		expect(content).toMatch(/^<think>[\s\S]+<\/think>/);
		expect(content.endsWith(expectedVisibleCompletion(thinking))).toBe(true);
		expect(expectedVisibleCompletion(thinking)).not.toContain('<think>');
	});

	it('answers 429 with Retry-After when a token runs a second completion at once', async () => {
		sim.options.streamChunkDelayMs = 60_000; // the first stream holds its slot until cancelled
		const token = sim.tokens.creatorB;
		const first = await call(COMPLETIONS, { token, body: { ...chatBody, stream: true } });
		const reader = first.body?.getReader();
		await reader?.read(); // the role chunk is out: the completion is running

		const second = await call(COMPLETIONS, { token, body: chatBody });
		expect(second.status).toBe(429);
		expect(second.headers.get('retry-after')).toBe('1');
		const error = await second.json();
		expect(error).toMatchObject({ error: expect.any(String), type: expect.any(String), errorCode: 429 });

		sim.options.streamChunkDelayMs = 1;
		expect((await chat(chatBody, sim.tokens.reader)).status).toBe(200); // other tokens run freely

		await reader?.cancel(); // the server sees the client leave and frees the slot
		const retried = await poll(
			() => statusOf(COMPLETIONS, { token, body: chatBody }),
			(status) => status !== 429,
		);
		expect(retried).toBe(200);
	});

	it('lists the models', async () => {
		const { body } = await callJson('/v1/models');
		expect(body.data.map((model: Json) => model.id)).toContain('mythomax');
		expect(body.data[0]).toMatchObject({ object: 'model', owned_by: 'rostro' });
	});

	it('refuses an unknown model with the inference error shape', async () => {
		const { status, body } = await chat({ ...chatBody, model: 'gpt-9' });
		expect(status).toBe(404);
		expect(body).toMatchObject({ param: 'model', errorCode: 404, message: expect.any(String) });
	});
});

describe('generation', () => {
	const imagine = (body: unknown, token = sim.tokens.creatorA) => callJson('/imagine', { token, body });

	it('finishes a job after a while and serves a PNG shaped like the request', async () => {
		const token = sim.tokens.creatorA;
		const request = { prompt: 'a lighthouse at dusk', width: 1024, height: 512 };
		const started = await callJson('/imagine?return_immediate=true', { token, body: request });
		expect(started.body).toMatchObject({ is_done: false, is_failed: false, primary_media_url: null });

		const done = await checkJob(started.body.generation_uuid, token);
		expect(done.primary_media_url).toBe(`${sim.url}/media/${done.generation_uuid}.png`);

		const bytes = await bytesAt(done.primary_media_url);
		expect(isWholePng(bytes)).toBe(true);
		expect(readPngSize(bytes)).toEqual({ width: 128, height: 64 });
		expect(sim.mediaBytes(done.generation_uuid)?.equals(bytes)).toBe(true);
	});

	it('holds the request until done without return_immediate', async () => {
		const { body } = await imagine({ prompt: 'a fox' });
		expect(body).toMatchObject({ is_done: true, primary_media_url: expect.stringContaining('/media/') });
	});

	it('fails prompts with the word explicit as explicit_text', async () => {
		const { body } = await imagine({ prompt: 'something explicit' });
		expect(body).toMatchObject({ is_failed: true, error: 'explicit_text', primary_media_url: null });
	});

	it('fails jobs of an account without credits as out_of_credits', async () => {
		sim.setCredits('creator_b', 0);
		const { body } = await imagine({ prompt: 'a kettle' }, sim.tokens.creatorB);
		sim.setCredits('creator_b', 1_200);
		expect(body).toMatchObject({ is_failed: true, error: 'out_of_credits' });
	});

	it('rejects an unknown generation type with a 422', async () => {
		const { status, body } = await imagine({ prompt: 'x', generation_type: 'text_to_hologram' });
		expect(status).toBe(422);
		expect(body.detail[0].loc).toEqual(['body', 'generation_type']);
	});

	it('serves a video with an MP4 ftyp box', async () => {
		const { body } = await imagine({ prompt: 'waves', generation_type: 'text_to_video' });
		const video = await bytesAt(body.primary_media_url);
		expect(video.toString('ascii', 4, 8)).toBe('ftyp');
	});

	it('upscales a finished image to twice its size', async () => {
		const small = await imagine({ prompt: 'a pebble', width: 64, height: 64 });
		const image = small.body.primary_media_url;
		const { body } = await callJson('/images/upscale', { token: sim.tokens.creatorA, body: { image } });
		const upscaled = sim.mediaBytes(body.generation_uuid) ?? Buffer.alloc(0);
		expect(readPngSize(upscaled)).toEqual({ width: 128, height: 128 });
	});

	it('fails img2img on an input that is no image as malformed_image', async () => {
		const body = { image: 'data:image/png;base64,AAAA', prompt: 'x' };
		const { body: job } = await callJson('/images/img2img', { token: sim.tokens.creatorA, body });
		expect(job).toMatchObject({ is_failed: true, error: 'malformed_image' });
	});

	it('keeps a history per account and deletes only the caller’s own items', async () => {
		const token = sim.tokens.creatorB;
		const made = (await imagine({ prompt: 'a kettle' }, token)).body;
		const history = await callJson('/imagine/history', { token, body: { first: 5 } });
		expect(history.body.items[0].generation_uuid).toBe(made.generation_uuid);

		const uuids = [made.generation_uuid, 'not-a-uuid'];
		const deleted = await callJson('/imagine/history/delete', { token, body: { uuids } });
		expect(deleted.body).toEqual({ successes: [made.generation_uuid], failures: ['not-a-uuid'] });
		expect((await fetch(made.primary_media_url)).status).toBe(404);
	});
});

describe('speech', () => {
	it('makes speech as a WAV that speech to text hears back word for word', async () => {
		const transcript = 'Hello from the lighthouse';
		const body = { transcript, voice_id: 'amber' };
		const spoken = await callJson('/tts', { token: sim.tokens.reader, body });
		const audio = await bytesAt(spoken.body.primary_media_url);
		expect(audio.toString('ascii', 0, 4)).toBe('RIFF');
		expect(audio.toString('ascii', 8, 12)).toBe('WAVE');

		const heard = await transcribe(sttForm(audio, 'speech.wav'));
		expect(await heard.json()).toEqual({ text: transcript });
	});

	it('transcribes other audio to the predicted sentence', async () => {
		const ogg = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(60)]);
		const heard = await transcribe(sttForm(ogg, 'voice.ogg'));
		expect(await heard.json()).toEqual({ text: expectedTranscript(ogg) });
	});

	it('refuses a file that is not audio with a 422', async () => {
		const refused = await transcribe(sttForm(Buffer.from('just text'), 'notes.txt'));
		expect(refused.status).toBe(422);
	});

	it('lists voices', async () => {
		const { body } = await callJson('/voices', { token: sim.tokens.reader });
		expect(body.voices[0]).toMatchObject({ id: expect.any(String), name: expect.any(String) });
	});
});

describe('gallery', () => {
	const ari = () => sim.project('creator_a/ari-the-cartographer');
	const upload = (image: string, token = sim.tokens.creatorA) =>
		callJson('/api/gallery/upload', { token, body: { image, project_id: ari().id, caption: 'map' } });

	it('stores an uploaded PNG byte for byte', async () => {
		const png = await bytesAt(`${sim.url}/media/avatars/${ari().id}.png`);
		const { status, body } = await upload(`data:image/png;base64,${png.toString('base64')}`);
		expect(status).toBe(200);
		expect(body).toMatchObject({ uuid: expect.any(String), user_owned: true });
		expect(sim.mediaBytes(body.uuid)?.equals(png)).toBe(true);
		expect((await bytesAt(body.primary_image_path)).equals(png)).toBe(true);
	});

	it('refuses data that is not an image with a 422', async () => {
		const { status } = await upload(`data:image/png;base64,${Buffer.from('hello').toString('base64')}`);
		expect(status).toBe(422);
	});

	it('refuses uploads to someone else’s project with a 403', async () => {
		const png = await bytesAt(`${sim.url}/media/avatars/${ari().id}.png`);
		const { status } = await upload(png.toString('base64'), sim.tokens.reader);
		expect(status).toBe(403);
	});

	it('lists images per project and leaves NSFW ones out with nsfw=false', async () => {
		const vesper = sim.project('lanternfish/vesper');
		const all = await callJson(`/api/gallery/project/${vesper.id}`);
		expect(all.body.nodes).toHaveLength(3);
		expect(all.body.nodes[0]).toMatchObject({ uuid: expect.any(String), nsfw_image: true });

		const safe = await callJson(`/api/gallery/project/${vesper.id}?nsfw=false`);
		expect(safe.body.nodes).toEqual([]);
	});

	it('lets only the owner delete an image', async () => {
		const { uuid } = (await callJson(`/api/gallery/project/${ari().id}`)).body.nodes[0];
		const path = `/api/gallery/${uuid}?projectId=${ari().id}`;
		expect(await statusOf(path, { method: 'DELETE', token: sim.tokens.reader })).toBe(403);
		expect(await statusOf(path, { method: 'DELETE', token: sim.tokens.creatorA })).toBe(200);
		expect(sim.data.gallery.has(uuid)).toBe(false);
	});
});

describe('following and the timeline', () => {
	it('lists a new follower', async () => {
		const token = sim.addToken('lanternfish');
		expect(await statusOf('/api/follow/velvet_circuit', { method: 'POST', token, body: {} })).toBe(200);

		const { body } = await callJson('/api/followers/velvet_circuit', { token });
		expect(body.followers).toContainEqual(expect.objectContaining({ user_name: 'lanternfish' }));
	});

	it('shows a followed creator’s new work first on the timeline', async () => {
		const fresh = sim.addCharacter({ name: 'Fresh Face', creator: 'creator_a' });
		const { body } = await callJson('/api/timeline/v1?first=5', { token: sim.tokens.reader });
		expect(body.data.nodes[0].id).toBe(fresh.id);
	});

	it('shows work under a followed tag', async () => {
		const token = sim.tokens.creatorB;
		expect(await statusOf('/follow/tag/cyberpunk', { method: 'POST', token })).toBe(200);
		const { body } = await callJson('/api/timeline/v1?first=100', { token });
		expect(body.data.nodes.map((node: Json) => node.fullPath)).toContain('velvet_circuit/jax-reyes');
	});
});

describe('small calls', () => {
	const token = () => sim.tokens.reader;
	const kael = () => sim.project('creator_b/kael-the-exiled-prince');

	it('marks a favourite', async () => {
		const options = { method: 'POST', token: token(), body: {} };
		expect(await statusOf(`/api/favorites/${kael().id}`, options)).toBe(200);
		const { body } = await callJson(`/api/characters/${kael().id}`, { token: token() });
		expect(body.is_favorite).toBe(true);
	});

	it('finds similar projects without NSFW ones when asked', async () => {
		const { body } = await callJson(`/api/projects/similar/${kael().id}/true/true`);
		expect(body.nodes.length).toBeGreaterThan(0);
		expect(body.nodes.some((node: Json) => node.nsfw_image)).toBe(false);
	});

	it('finds lore by its keys', async () => {
		const { body } = await callJson('/lore', { token: token(), body: { query: 'Tell me about Port Ember' } });
		expect(body.results[0]).toMatchObject({ content: expect.stringContaining('Port Ember'), score: 1 });
	});

	it('reads an emotion', async () => {
		const { body } = await callJson('/api/infer/emotion', { token: token(), body: { text: 'I am so happy!' } });
		expect(body).toEqual({ emotion: 'joy', confidence: expect.any(Number) });
	});

	it('files a report', async () => {
		const body = { project_id: kael().id, reason: 'spam' };
		expect(await statusOf('/api/reports', { token: token(), body })).toBe(200);
		expect(sim.data.reports.at(-1)).toMatchObject({ projectId: kael().id, reporter: 'reader' });
	});

	it('hides a blocked creator from the blocker’s searches', async () => {
		const block = '/api/account/block/user/creator_b';
		expect(await statusOf(block, { method: 'POST', token: token() })).toBe(200);
		const { body } = await callJson('/search?username=creator_b', { token: token() });
		expect(body.data.nodes).toEqual([]);

		await statusOf(block, { method: 'DELETE', token: token() });
	});
});

describe('faults', () => {
	it('delays a matching request by the given latency', async () => {
		sim.fault({ method: 'GET', path: '/api/self' }, { latencyMs: 150 });
		const started = Date.now();
		expect(await statusOf('/api/self', { token: sim.tokens.reader })).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140); // timers may round a little early
	});

	it('answers a chosen status, body and Retry-After, only as many times as asked', async () => {
		sim.fault({ path: /^\/search$/ }, { status: 503, body: { detail: 'down' }, retryAfter: 7 }, 1);
		const failed = await call('/search');
		expect(failed.status).toBe(503);
		expect(failed.headers.get('retry-after')).toBe('7');
		expect(await failed.json()).toEqual({ detail: 'down' });
		expect(await statusOf('/search')).toBe(200);
	});

	it('sends malformed JSON', async () => {
		sim.fault({ path: '/search' }, { malformedJson: true });
		const response = await call('/search');
		await expect(response.json()).rejects.toThrow();
	});

	it('resets the connection', async () => {
		sim.fault({ path: '/api/self' }, { reset: true });
		await expect(call('/api/self', { token: sim.tokens.reader })).rejects.toThrow();
	});

	it('drops a stream after some chunks, without finish_reason or [DONE]', async () => {
		sim.fault({ path: COMPLETIONS }, { streamStopAfterChunks: 3 });
		const body = { ...chatBody, stream: true };
		const { text, broken } = await readUntilBroken(await call(COMPLETIONS, { token: sim.tokens.reader, body }));
		expect(broken).toBe(true);
		expect(text).not.toContain('[DONE]');
		expect(text).not.toContain('"finish_reason":"stop"');
		expect(text.match(/"content"/g)).toHaveLength(3);
	});

	it('cuts a JSON answer in half under the same fault', async () => {
		sim.fault({ path: '/search' }, { streamStopAfterChunks: 0 });
		await expect(call('/search').then((response) => response.text())).rejects.toThrow();
	});

	it('records every request with its query, body and token', async () => {
		await call('/search?search=ari&first=2', { token: sim.tokens.creatorA });
		const last = sim.requests.at(-1);
		expect(last).toMatchObject({ method: 'GET', path: '/search', query: { search: 'ari', first: '2' } });
		expect(last?.token).toEqual({ scheme: 'bearer', value: sim.tokens.creatorA });
	});
});

describe('media encoders', () => {
	it('writes WAVs whose transcript the simulator reads back', () => {
		expect(expectedTranscript(encodeWav('one two three'))).toBe('one two three');
	});
});
