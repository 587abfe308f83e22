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
	sim.options.completionsPerToken = 1;
	expect(sim.serverErrors).toEqual([]);
});

interface CallOptions {
	token?: string;
	method?: string;
	body?: unknown;
	headers?: Record<string, string>;
}

function call(path: string, options: CallOptions = {}): Promise<Response> {
	const headers: Record<string, string> = { ...options.headers };
	if (options.token) headers.authorization = `Bearer ${options.token}`;
	if (options.body !== undefined) headers['content-type'] = 'application/json';
	return fetch(`${sim.url}${path}`, {
		method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
		headers,
		body: options.body === undefined ? undefined : JSON.stringify(options.body),
	});
}

// biome-ignore lint/suspicious/noExplicitAny: test assertions read loosely typed JSON
async function callJson(path: string, options: CallOptions = {}): Promise<{ status: number; body: any }> {
	const response = await call(path, options);
	return { status: response.status, body: await response.json() };
}

/** The `data:` payloads of a whole event stream, in order. */
async function readEvents(response: Response): Promise<string[]> {
	const text = await response.text();
	return text
		.split('\n\n')
		.filter((block) => block.startsWith('data: '))
		.map((block) => block.slice('data: '.length));
}

function isPng(bytes: Buffer): boolean {
	return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

/** Inflates the single IDAT chunk and checks it holds exactly the rows an RGB image of that size needs. */
function pngPixelsMatchHeader(bytes: Buffer): boolean {
	const size = readPngSize(bytes);
	const idatAt = bytes.indexOf('IDAT');
	if (!size || idatAt < 0) return false;
	const length = bytes.readUInt32BE(idatAt - 4);
	const pixels = inflateSync(bytes.subarray(idatAt + 4, idatAt + 4 + length));
	return pixels.length === (1 + size.width * 3) * size.height;
}

async function pollUntilSettled(uuid: string, token: string) {
	const deadline = Date.now() + 10_000;
	for (;;) {
		const { body } = await callJson('/imagine/check', { token, body: { generation_uuid: uuid } });
		if (body.is_done || body.is_failed || Date.now() > deadline) return body;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** Repeats a call while it answers 429 (a slot frees when the server notices a client left). */
async function statusOnceFree(request: () => Promise<Response>): Promise<number> {
	const deadline = Date.now() + 10_000;
	for (;;) {
		const response = await request();
		if (response.status !== 429 || Date.now() > deadline) return response.status;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

const chatBody = { model: 'asha', messages: [{ role: 'user', content: 'Tell me about the lighthouse.' }] };

describe('auth', () => {
	it('accepts the same token as Bearer, CH-API-KEY and samwise', async () => {
		const headerSets: Record<string, string>[] = [
			{ authorization: `Bearer ${sim.tokens.creatorA}` },
			{ 'CH-API-KEY': sim.tokens.creatorA },
			{ samwise: sim.tokens.creatorA },
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
			expect(typeof body.detail).toBe('string');
		}
		const chat = await call('/v1/chat/completions', { body: chatBody });
		expect(chat.status).toBe(401);
	});

	it('serves public reads anonymously but refuses a wrong token even there', async () => {
		expect((await call('/search')).status).toBe(200);
		expect((await call('/api/characters/creator_a/ari-the-cartographer')).status).toBe(200);
		expect((await call('/search', { token: 'not-a-token' })).status).toBe(401);
		expect((await call('/search', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
	});

	it('honours tokens added and revoked by tests', async () => {
		const token = sim.addToken('lanternfish');
		expect((await callJson('/api/account', { token })).body).toMatchObject({ user_name: 'lanternfish' });

		sim.revokeToken(token);
		expect((await call('/api/account', { token })).status).toBe(401);
	});
});

describe('search', () => {
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
		expect((await call('/search?flavour=mint')).status).toBe(200);
	});

	it('pages through every result once, by page and by cursor alike', async () => {
		const first = await callJson('/search?first=7&page=1');
		const total = first.body.data.count;
		const byPage: number[] = [];
		for (let page = 1; page <= Math.ceil(total / 7); page++) {
			const { body } = await callJson(`/search?first=7&page=${page}`);
			byPage.push(...body.data.nodes.map((node: { id: number }) => node.id));
		}
		expect(new Set(byPage).size).toBe(total);

		const byCursor: number[] = [];
		let cursor: string | null = '';
		while (cursor !== null) {
			const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
			const { body } = await callJson(`/search?first=7${query}`);
			byCursor.push(...body.data.nodes.map((node: { id: number }) => node.id));
			cursor = body.data.cursor;
		}
		expect(byCursor).toEqual(byPage);
	});

	it('filters NSFW projects out with nsfw=false', async () => {
		const all = await callJson('/search?first=100');
		const safe = await callJson('/search?first=100&nsfw=false');
		expect(all.body.data.nodes.some((node: { nsfw_image: boolean }) => node.nsfw_image)).toBe(true);
		expect(safe.body.data.nodes.every((node: { nsfw_image: boolean }) => !node.nsfw_image)).toBe(true);
		expect(safe.body.data.count).toBeLessThan(all.body.data.count);
	});

	it('filters by tags, creator and namespace', async () => {
		const { body } = await callJson('/search?tags=Fantasy,Dragon&username=creator_b');
		expect(body.data.nodes.map((node: { fullPath: string }) => node.fullPath)).toEqual(['creator_b/ember-the-dragon']);

		const lorebooks = await callJson('/search?namespace=lorebooks');
		expect(lorebooks.body.data.nodes[0].fullPath).toMatch(/^lorebooks\//);
	});

	it('lists a newly added character first when sorted by creation', async () => {
		const added = sim.addCharacter({ name: 'Newcomer Nell', creator: 'creator_b', tags: ['Fantasy'] });
		const { body } = await callJson('/search?sort=created_at&first=1');
		expect(body.data.nodes[0]).toMatchObject({ id: added.id, fullPath: 'creator_b/newcomer-nell' });
	});

	it('answers minisearch with small nodes and tags with counts', async () => {
		const mini = await callJson('/minisearch', { body: { query: 'discord' } });
		expect(mini.body.nodes.length).toBeGreaterThan(0);
		expect(Object.keys(mini.body.nodes[0]).sort()).toEqual(['avatar_url', 'fullPath', 'id', 'name', 'tagline']);

		const tags = await callJson('/tags', { body: {} });
		expect(tags.body.tags).toContainEqual({ name: 'Fantasy', count: expect.any(Number) });
	});
});

describe('characters', () => {
	it('returns the full definition with full=true and none without', async () => {
		const full = await callJson('/api/characters/creator_a/ari-the-cartographer?full=true');
		expect(full.body).toMatchObject({ is_favorite: false, permissions: 'read', errors: null, nodes: {} });
		expect(full.body.node.definition).toMatchObject({
			name: 'Ari',
			first_message: expect.stringContaining('{{user}}'),
		});
		expect(full.body.node.definition.embedded_lorebook.entries.length).toBe(2);

		const bare = await callJson('/api/characters/creator_a/ari-the-cartographer');
		expect(bare.body.node.definition).toBeNull();
	});

	it('finds a character by id and answers 404 with a detail for unknown ones', async () => {
		const ari = sim.project('creator_a/ari-the-cartographer');
		expect((await callJson(`/api/characters/${ari.id}`)).body.node.name).toBe('Ari the Cartographer');

		const missing = await callJson('/api/characters/creator_a/nobody-here');
		expect(missing).toEqual({ status: 404, body: { detail: expect.any(String) } });
	});

	it('shows a private character to its creator only', async () => {
		const path = '/api/characters/creator_a/untitled-witch-draft';
		expect((await call(path)).status).toBe(404);
		expect((await call(path, { token: sim.tokens.reader })).status).toBe(404);
		expect((await call(path, { token: sim.tokens.creatorA })).status).toBe(200);
	});

	it('serves lorebooks with World-Info entries keyed by uid', async () => {
		const { body } = await callJson('/api/lorebooks/creator_a/silverfen-atlas?full=true');
		expect(body.node.fullPath).toBe('lorebooks/creator_a/silverfen-atlas');
		expect(body.node.definition.embedded_lorebook.entries['0']).toMatchObject({ key: ['Silverfen'], enabled: true });
	});

	it('lists a user profile with projects', async () => {
		const { body } = await callJson('/api/users/creator_b?include_projects=true');
		expect(body.user_name).toBe('creator_b');
		expect(body.projects.nodes.length).toBeGreaterThan(5);
	});
});

describe('chat completions', () => {
	it('answers the deterministic reply, with the model in the body or in the path', async () => {
		const expected = expectedCompletion(chatBody);
		expect(expected.split(' ').length).toBeGreaterThan(20);

		for (const path of ['/v1/chat/completions', '/asha/v1/chat/completions', '/chub/asha/v1/chat/completions']) {
			const body = path === '/v1/chat/completions' ? chatBody : { messages: chatBody.messages };
			const { status, body: reply } = await callJson(path, { token: sim.tokens.reader, body });
			expect(status).toBe(200);
			expect(reply.choices[0]).toMatchObject({
				message: { role: 'assistant', content: expected },
				finish_reason: 'stop',
			});
		}
	});

	it('streams a role chunk, content chunks, a finish_reason and [DONE] in that order', async () => {
		const response = await call('/v1/chat/completions', {
			token: sim.tokens.reader,
			body: { ...chatBody, stream: true },
		});
		expect(response.headers.get('content-type')).toContain('text/event-stream');

		const events = await readEvents(response);
		expect(events.at(-1)).toBe('[DONE]');
		const chunks = events.slice(0, -1).map((event) => JSON.parse(event).choices[0]);
		expect(chunks[0]).toMatchObject({ delta: { role: 'assistant' }, finish_reason: null });
		expect(chunks[0].delta.content).toBeUndefined();
		expect(chunks.at(-1).finish_reason).toBe('stop');

		const content = chunks.slice(1, -1).map((chunk) => chunk.delta.content);
		expect(content.length).toBeGreaterThan(20);
		expect(content.join('')).toBe(expectedCompletion(chatBody));
	});

	it('stops at max_tokens with finish_reason length, and at stop sequences', async () => {
		const limited = { ...chatBody, max_tokens: 5 };
		const { body } = await callJson('/v1/chat/completions', { token: sim.tokens.reader, body: limited });
		expect(body.choices[0].finish_reason).toBe('length');
		expect(body.choices[0].message.content).toBe(expectedCompletion(limited));
		expect(body.choices[0].message.content.split(' ').length).toBe(5);

		const stopped = { ...chatBody, stop: ['said'] };
		const reply = await callJson('/v1/chat/completions', { token: sim.tokens.reader, body: stopped });
		expect(reply.body.choices[0].message.content).toBe(expectedCompletion(stopped));
		expect(reply.body.choices[0].message.content).not.toContain('said');
	});

	it('begins the reply with a think block when the user asks for [think]', async () => {
		const thinking = { messages: [{ role: 'user', content: 'Why is the sky blue? [think]' }] };
		const { body } = await callJson('/v1/chat/completions', { token: sim.tokens.reader, body: thinking });
		expect(body.choices[0].message.content).toMatch(/^<think>[\s\S]+<\/think>/);
		expect(expectedVisibleCompletion(thinking)).not.toContain('<think>');
	});

	it('answers 429 with Retry-After when a token runs a second completion at once', async () => {
		sim.options.streamChunkDelayMs = 60_000; // the first stream holds its slot until cancelled
		const token = sim.tokens.creatorB;
		const first = await call('/v1/chat/completions', { token, body: { ...chatBody, stream: true } });
		const reader = first.body?.getReader();
		await reader?.read(); // the role chunk is out: the completion is running

		const second = await call('/v1/chat/completions', { token, body: chatBody });
		expect(second.status).toBe(429);
		expect(second.headers.get('retry-after')).toBe('1');
		const error = await second.json();
		expect(error).toMatchObject({ error: expect.any(String), type: expect.any(String), errorCode: 429 });

		sim.options.streamChunkDelayMs = 1;
		const other = await call('/v1/chat/completions', { token: sim.tokens.reader, body: chatBody });
		expect(other.status).toBe(200);

		await reader?.cancel(); // the server sees the client leave and frees the slot
		expect(await statusOnceFree(() => call('/v1/chat/completions', { token, body: chatBody }))).toBe(200);
	});

	it('lists the models and refuses unknown ones', async () => {
		const { body } = await callJson('/v1/models');
		expect(body.data.map((model: { id: string }) => model.id)).toContain('mythomax');
		expect(body.data[0]).toMatchObject({ object: 'model', owned_by: 'rostro' });

		const unknown = await callJson('/v1/chat/completions', {
			token: sim.tokens.reader,
			body: { ...chatBody, model: 'gpt-9' },
		});
		expect(unknown.status).toBe(404);
		expect(unknown.body).toMatchObject({ param: 'model', errorCode: 404 });
	});
});

describe('generation', () => {
	it('finishes a job after a while and serves a PNG shaped like the request', async () => {
		const token = sim.tokens.creatorA;
		const started = await callJson('/imagine?return_immediate=true', {
			token,
			body: { prompt: 'a lighthouse at dusk', generation_type: 'text_to_image', width: 1024, height: 512 },
		});
		expect(started.body).toMatchObject({ is_done: false, is_failed: false, primary_media_url: null });

		const done = await pollUntilSettled(started.body.generation_uuid, token);
		expect(done.primary_media_url).toBe(`${sim.url}/media/${done.generation_uuid}.png`);

		const media = await fetch(done.primary_media_url);
		const bytes = Buffer.from(await media.arrayBuffer());
		expect(media.headers.get('content-type')).toBe('image/png');
		expect(isPng(bytes) && pngPixelsMatchHeader(bytes)).toBe(true);
		expect(readPngSize(bytes)).toEqual({ width: 128, height: 64 });
		expect(bytes.equals(sim.mediaBytes(done.generation_uuid) ?? Buffer.alloc(0))).toBe(true);
	});

	it('holds the request until done without return_immediate', async () => {
		const { body } = await callJson('/imagine', { token: sim.tokens.creatorA, body: { prompt: 'a fox' } });
		expect(body).toMatchObject({
			is_done: true,
			is_failed: false,
			primary_media_url: expect.stringContaining('/media/'),
		});
	});

	it('fails prompts with the word explicit as explicit_text', async () => {
		const { body } = await callJson('/imagine', { token: sim.tokens.creatorA, body: { prompt: 'something explicit' } });
		expect(body).toMatchObject({ is_failed: true, error: 'explicit_text', primary_media_url: null });
	});

	it('rejects an unknown generation type with a 422', async () => {
		const { status, body } = await callJson('/imagine', {
			token: sim.tokens.creatorA,
			body: { prompt: 'x', generation_type: 'text_to_hologram' },
		});
		expect(status).toBe(422);
		expect(body.detail[0].loc).toEqual(['body', 'generation_type']);
	});

	it('makes speech as a WAV that speech to text hears back word for word', async () => {
		const token = sim.tokens.reader;
		const spoken = await callJson('/tts', {
			token,
			body: { transcript: 'Hello from the lighthouse', voice_id: 'amber' },
		});
		const audio = Buffer.from(await (await fetch(spoken.body.primary_media_url)).arrayBuffer());
		expect(audio.toString('ascii', 0, 4)).toBe('RIFF');
		expect(audio.toString('ascii', 8, 12)).toBe('WAVE');

		const form = new FormData();
		form.append('file', new Blob([audio], { type: 'audio/wav' }), 'speech.wav');
		const heard = await fetch(`${sim.url}/stt`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}` },
			body: form,
		});
		expect(await heard.json()).toEqual({ text: 'Hello from the lighthouse' });
	});

	it('transcribes other audio predictably and refuses files that are not audio', async () => {
		const ogg = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(60)]);
		const audioForm = new FormData();
		audioForm.append('file', new Blob([ogg]), 'voice.ogg');
		const headers = { authorization: `Bearer ${sim.tokens.reader}` };
		const heard = await fetch(`${sim.url}/stt`, { method: 'POST', headers, body: audioForm });
		expect(await heard.json()).toEqual({ text: expectedTranscript(ogg) });

		const textForm = new FormData();
		textForm.append('file', new Blob(['just text']), 'notes.txt');
		const refused = await fetch(`${sim.url}/stt`, { method: 'POST', headers, body: textForm });
		expect(refused.status).toBe(422);
	});

	it('serves a video with an MP4 ftyp box', async () => {
		const { body } = await callJson('/imagine', {
			token: sim.tokens.creatorA,
			body: { prompt: 'waves', generation_type: 'text_to_video' },
		});
		const video = Buffer.from(await (await fetch(body.primary_media_url)).arrayBuffer());
		expect(video.toString('ascii', 4, 8)).toBe('ftyp');
	});

	it('upscales a finished image to twice its size', async () => {
		const token = sim.tokens.creatorA;
		const small = await callJson('/imagine', { token, body: { prompt: 'a pebble', width: 64, height: 64 } });
		const upscaled = await callJson('/images/upscale', { token, body: { image: small.body.primary_media_url } });
		expect(readPngSize(sim.mediaBytes(upscaled.body.generation_uuid) ?? Buffer.alloc(0))).toEqual({
			width: 128,
			height: 128,
		});

		const broken = await callJson('/images/img2img', {
			token,
			body: { image: 'data:image/png;base64,AAAA', prompt: 'x' },
		});
		expect(broken.body).toMatchObject({ is_failed: true, error: 'malformed_image' });
	});

	it('keeps a history per account and deletes only the caller’s own items', async () => {
		const token = sim.tokens.creatorB;
		const made = await callJson('/imagine', { token, body: { prompt: 'a kettle' } });
		const history = await callJson('/imagine/history', { token, body: { first: 5 } });
		expect(history.body.items[0].generation_uuid).toBe(made.body.generation_uuid);

		const uuids = [made.body.generation_uuid, 'not-a-uuid'];
		const deleted = await callJson('/imagine/history/delete', { token, body: { uuids } });
		expect(deleted.body).toEqual({ successes: [made.body.generation_uuid], failures: ['not-a-uuid'] });
		expect((await fetch(made.body.primary_media_url)).status).toBe(404);
	});
});

describe('gallery', () => {
	const ari = () => sim.project('creator_a/ari-the-cartographer');

	it('stores an uploaded PNG byte for byte', async () => {
		const png = Buffer.from(await (await fetch(`${sim.url}/media/avatars/${ari().id}.png`)).arrayBuffer());
		const { status, body } = await callJson('/api/gallery/upload', {
			token: sim.tokens.creatorA,
			body: { image: `data:image/png;base64,${png.toString('base64')}`, project_id: ari().id, caption: 'map' },
		});
		expect(status).toBe(200);
		expect(body).toMatchObject({ uuid: expect.any(String), user_owned: true });
		expect(sim.mediaBytes(body.uuid)?.equals(png)).toBe(true);

		const served = Buffer.from(await (await fetch(body.primary_image_path)).arrayBuffer());
		expect(served.equals(png)).toBe(true);
	});

	it('refuses data that is not an image with a 422', async () => {
		const { status } = await callJson('/api/gallery/upload', {
			token: sim.tokens.creatorA,
			body: { image: `data:image/png;base64,${Buffer.from('hello').toString('base64')}`, project_id: ari().id },
		});
		expect(status).toBe(422);
	});

	it('lists images per project and leaves NSFW ones out with nsfw=false', async () => {
		const vesper = sim.project('lanternfish/vesper');
		const all = await callJson(`/api/gallery/project/${vesper.id}`);
		expect(all.body.nodes.length).toBe(3);
		expect(all.body.nodes[0]).toMatchObject({ uuid: expect.any(String), nsfw_image: true });

		const safe = await callJson(`/api/gallery/project/${vesper.id}?nsfw=false`);
		expect(safe.body.nodes).toEqual([]);
	});

	it('lets only the owner delete an image', async () => {
		const listed = await callJson(`/api/gallery/project/${ari().id}`);
		const uuid = listed.body.nodes[0].uuid;
		const path = `/api/gallery/${uuid}?projectId=${ari().id}`;
		expect((await call(path, { method: 'DELETE', token: sim.tokens.reader })).status).toBe(403);
		expect((await call(path, { method: 'DELETE', token: sim.tokens.creatorA })).status).toBe(200);
		expect(sim.data.gallery.has(uuid)).toBe(false);
	});
});

describe('following and timeline', () => {
	it('records follows and shows followed creators’ new work on the timeline', async () => {
		const token = sim.addToken('lanternfish');
		expect((await call('/api/follow/velvet_circuit', { method: 'POST', token, body: {} })).status).toBe(200);

		const followers = await callJson('/api/followers/velvet_circuit', { token });
		expect(followers.body.followers).toContainEqual(expect.objectContaining({ user_name: 'lanternfish' }));

		const fresh = sim.addCharacter({ name: 'Fresh Face', creator: 'velvet_circuit' });
		const timeline = await callJson('/api/timeline/v1?first=5', { token });
		expect(timeline.body.data.nodes[0].id).toBe(fresh.id);

		expect((await call('/api/timeline/v1')).status).toBe(401);
	});

	it('answers the small calls: favorites, similar, lore, emotion, reports, blocks', async () => {
		const token = sim.tokens.reader;
		const kael = sim.project('creator_b/kael-the-exiled-prince');
		expect((await call(`/api/favorites/${kael.id}`, { method: 'POST', token, body: {} })).status).toBe(200);
		expect((await callJson(`/api/characters/${kael.id}`, { token })).body.is_favorite).toBe(true);

		const similar = await callJson(`/api/projects/similar/${kael.id}/true/true`);
		expect(similar.body.nodes.every((node: { nsfw_image: boolean }) => !node.nsfw_image)).toBe(true);

		const lore = await callJson('/lore', { token, body: { query: 'Tell me about Port Ember' } });
		expect(lore.body.results[0]).toMatchObject({ content: expect.stringContaining('Port Ember'), score: 1 });

		const emotion = await callJson('/api/infer/emotion', { token, body: { text: 'I am so happy today!' } });
		expect(emotion.body.emotion).toBe('joy');

		expect((await call('/api/reports', { token, body: { project_id: kael.id, reason: 'spam' } })).status).toBe(200);
		expect(sim.data.reports.at(-1)).toMatchObject({ projectId: kael.id, reporter: 'reader' });

		expect((await call('/api/account/block/user/creator_b', { method: 'POST', token })).status).toBe(200);
		const search = await callJson('/search?username=creator_b', { token });
		expect(search.body.data.nodes).toEqual([]);
		await call('/api/account/block/user/creator_b', { method: 'DELETE', token });
	});
});

describe('faults', () => {
	it('delays a matching request by the given latency', async () => {
		sim.fault({ method: 'GET', path: '/api/self' }, { latencyMs: 150 });
		const started = Date.now();
		expect((await call('/api/self', { token: sim.tokens.reader })).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140); // timers may round a little early
	});

	it('answers a chosen status, body and Retry-After, only as many times as asked', async () => {
		sim.fault({ path: /^\/search$/ }, { status: 503, body: { detail: 'down' }, retryAfter: 7 }, 1);
		const failed = await call('/search');
		expect(failed.status).toBe(503);
		expect(failed.headers.get('retry-after')).toBe('7');
		expect(await failed.json()).toEqual({ detail: 'down' });
		expect((await call('/search')).status).toBe(200);
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
		sim.fault({ path: '/v1/chat/completions' }, { streamStopAfterChunks: 3 });
		const response = await call('/v1/chat/completions', {
			token: sim.tokens.reader,
			body: { ...chatBody, stream: true },
		});
		let text = '';
		const decoder = new TextDecoder();
		const reader = response.body?.getReader();
		await expect(
			(async () => {
				for (;;) {
					const { done, value } = (await reader?.read()) ?? { done: true, value: undefined };
					if (done) return;
					text += decoder.decode(value, { stream: true });
				}
			})(),
		).rejects.toThrow();
		expect(text).not.toContain('[DONE]');
		expect(text).not.toContain('"finish_reason":"stop"');
		expect(text.match(/"content"/g)?.length).toBe(3);
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
