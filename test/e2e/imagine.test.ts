import { randomBytes } from 'node:crypto';
import type { APIEmbed, APIMessage, APIUser } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { mediaJobSchema } from '../../src/media/index.js';
import { openStore } from '../../src/store/index.js';
import type { InteractionHandle, InteractionResponse } from '../fakes/discord/index.js';
import { BotProcess } from './bot-process.js';
import { answerText, isEphemeral, startConnectedWorld, type World } from './world.js';

let world: World;

beforeAll(async () => {
	world = await startConnectedWorld();
});
afterAll(() => world?.close());
afterEach(() => {
	world.rostro.clearFaults();
	world.rostro.options.jobDurationMs = 50;
	expect(world.bot.problems()).toEqual([]);
	expect(world.discord.internalErrors).toEqual([]);
	expect(world.rostro.serverErrors).toEqual([]);
});

const RESULT_TIMEOUT_MS = 40_000;
const WEBHOOK_LIMIT = { requests: 5, perMs: 2_000 }; // Discord's, per webhook

function users() {
	return world.discord.guild.users;
}

function displayName(user: APIUser): string {
	return user.global_name ?? user.username;
}

function imagine(options: Record<string, string>, user: APIUser = users().member): InteractionHandle {
	return world.discord.slash('imagine', options, { user });
}

/** The simulator's latest job for a prompt (the one a result should carry). */
function latestJob(prompt: string) {
	const job = [...world.rostro.data.jobs.values()].filter((candidate) => candidate.prompt === prompt).at(-1);
	if (!job) throw new Error(`no job for "${prompt}"`);
	return job;
}

function embedOf(message: APIMessage | undefined): APIEmbed | undefined {
	return message?.embeds[0];
}

/** Waits for the reply to carry the result: an edit of the placeholder with an embed. */
function resultOf(handle: InteractionHandle, timeoutMs = RESULT_TIMEOUT_MS): Promise<InteractionResponse> {
	return world.discord.waitForResponse(
		handle,
		(response) => response.kind === 'editOriginal' && Boolean(embedOf(response.message)),
		timeoutMs,
	);
}

/** Runs `/imagine` to its result and returns the result message, once the bot has recorded it. */
async function generated(options: Record<string, string>, user?: APIUser): Promise<APIMessage> {
	const response = await resultOf(imagine(options, user));
	if (!response.message) throw new Error('the result has no message');
	const jobId = buttonId(response.message, 'regen').split(':')[2];
	await waitForLog('media delivered', (line) => line.jobId === jobId);
	return response.message;
}

/** The private sentence the member was told, as an ephemeral follow-up. */
async function privateAnswer(handle: InteractionHandle): Promise<string> {
	const answer = await world.discord.waitForResponse(
		handle,
		(response) => response.kind === 'followUp',
		RESULT_TIMEOUT_MS,
	);
	expect(isEphemeral(answer)).toBe(true);
	return (answer.body as { content: string }).content;
}

/** Where the simulator serves a finished image. */
function mediaUrl(uuid: string): string {
	return `${world.rostro.url}/media/${uuid}.png`;
}

async function fileAt(url: string): Promise<Buffer> {
	const response = await fetch(url);
	return Buffer.from(await response.arrayBuffer());
}

/** The custom id of a result's button, found by its action. */
function buttonId(message: APIMessage, action: string): string {
	const rows = message.components as { components: { custom_id?: string }[] }[];
	const id = rows.flatMap((row) => row.components).find((button) => button.custom_id?.startsWith(`imagine:${action}:`));
	if (!id?.custom_id) throw new Error(`no ${action} button on the message`);
	return id.custom_id;
}

interface SelectMenu {
	custom_id: string;
	options: { value: string; label: string }[];
}

/** The first select menu on a message. */
function selectMenu(message: APIMessage | undefined): SelectMenu | undefined {
	const rows = (message?.components ?? []) as unknown as { components: SelectMenu[] }[];
	return rows[0]?.components[0];
}

function click(message: APIMessage, action: string, user: APIUser = users().member): InteractionHandle {
	return world.discord.button(message, buttonId(message, action), { user });
}

function webhookCalls(handle: InteractionHandle) {
	return world.discord.calls.filter((call) =>
		call.path.includes(`/webhooks/${world.discord.applicationId}/${handle.token}`),
	);
}

/** The most webhook calls of one interaction in any window of Discord's size. */
function busiestWindow(handle: InteractionHandle): number {
	const times = webhookCalls(handle).map((call) => call.at);
	return Math.max(
		0,
		...times.map((start) => times.filter((at) => at >= start && at < start + WEBHOOK_LIMIT.perMs).length),
	);
}

function waitForLog(msg: string, extra: (line: Record<string, unknown>) => boolean = () => true) {
	return world.bot.waitForLog((line) => line.msg === msg && extra(line), RESULT_TIMEOUT_MS);
}

/** Resolves once the bot has stored the job this interaction started. */
function jobStarted(handle: InteractionHandle) {
	return waitForLog('media job started', (line) => line.interactionId === handle.id);
}

describe('/imagine', () => {
	it('defers publicly, then attaches exactly the bytes Rostro made, with the prompt in an embed', async () => {
		const handle = imagine({ prompt: 'a lighthouse at dusk', aspect: '16:9' });
		const defer = await world.discord.waitForResponse(handle, (response) => response.kind === 'callback');
		expect(defer.callbackType).toBe(5);
		expect(isEphemeral(defer)).toBe(false);

		const { message } = await resultOf(handle);
		const attachment = message?.attachments[0];
		expect(attachment?.filename).toMatch(/\.png$/);
		expect(attachment?.content_type).toBe('image/png');
		expect(await fileAt(attachment?.url ?? '')).toEqual(latestJob('a lighthouse at dusk').media?.bytes);
		expect(embedOf(message)?.description).toBe('a lighthouse at dusk');
		expect(embedOf(message)?.image?.url).toBe(`attachment://${attachment?.filename}`);

		const create = world.rostro.requests.find((request) => request.path === '/imagine');
		expect(create?.query).toMatchObject({ return_immediate: 'true' });
		expect(create?.body).toMatchObject({ generation_type: 'text_to_image', width: 1344, height: 768 });
	});

	it('names other kinds of media from their bytes and offers only the buttons that fit them', async () => {
		const message = await generated({ prompt: 'a sea shanty for robots', kind: 'music', aspect: '16:9' });
		const attachment = message.attachments[0];
		expect(attachment?.filename).toMatch(/\.wav$/);
		expect(await fileAt(attachment?.url ?? '')).toEqual(latestJob('a sea shanty for robots').media?.bytes);
		const ids = (message.components as { components: { custom_id: string }[] }[])[0]?.components.map(
			(button) => button.custom_id.split(':')[1],
		);
		expect(ids).toEqual(['regen', 'delete']);

		const create = world.rostro.requests.filter((request) => request.path === '/imagine').at(-1);
		expect(create?.body).toMatchObject({ generation_type: 'text_to_music' });
		expect(create?.body).not.toHaveProperty('width');
	});

	it('shows the elapsed time at most every few seconds and polls at most once a second', async () => {
		world.rostro.options.jobDurationMs = 11_000;
		const handle = imagine({ prompt: 'a slow glacier' });
		const started = Date.now();
		await resultOf(handle);
		const seconds = (Date.now() - started) / 1000;

		const progress = world.discord
			.interactionResponses(handle)
			.filter((response) => response.kind === 'editOriginal' && !embedOf(response.message));
		expect(progress.length).toBeGreaterThanOrEqual(2);
		for (const edit of progress)
			expect((edit.body as { content: string }).content).toMatch(/^Making an image…( \d+ s so far\.)?$/);
		const gaps = progress.slice(1).map((edit, index) => edit.at - (progress[index]?.at ?? 0));
		// The bot waits 5 s between edits; the margin absorbs how late each request reaches the fake.
		for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(3_000);
		expect(busiestWindow(handle)).toBeLessThanOrEqual(WEBHOOK_LIMIT.requests);

		const uuid = latestJob('a slow glacier').uuid;
		const checks = world.rostro.requests.filter(
			(request) =>
				request.path === '/imagine/check' && (request.body as { generation_uuid?: string }).generation_uuid === uuid,
		);
		expect(checks.length).toBeLessThanOrEqual(Math.ceil(seconds));
	});

	it('delivers many generations at once, checking each at most once a second', async () => {
		world.rostro.options.jobDurationMs = 4_000;
		const prompts = Array.from({ length: 12 }, (_, index) => `crowd scene ${index}`);
		const started = Date.now();
		const handles = prompts.map((prompt) => imagine({ prompt }));
		const results = await Promise.all(handles.map((handle) => resultOf(handle)));
		const seconds = (Date.now() - started) / 1000;

		for (const [index, { message }] of results.entries()) {
			const bytes = latestJob(prompts[index] ?? '').media?.bytes;
			expect(await fileAt(message?.attachments[0]?.url ?? '')).toEqual(bytes);
		}
		const uuids = new Set(prompts.map((prompt) => latestJob(prompt).uuid));
		const checks = world.rostro.requests.filter((request) =>
			uuids.has((request.body as { generation_uuid?: string } | undefined)?.generation_uuid ?? ''),
		);
		expect(checks.length).toBeLessThanOrEqual(prompts.length * Math.ceil(seconds));
		for (const handle of handles) expect(busiestWindow(handle)).toBeLessThanOrEqual(WEBHOOK_LIMIT.requests);
	});

	it('links a result larger than the upload limit Discord gives the interaction', async () => {
		const template = imagine({ prompt: 'a template' });
		await resultOf(template);
		const payload = template.payload as unknown as Record<string, unknown> & { data: Record<string, unknown> };
		const epoch = 1_420_070_400_000n;
		const handle = world.discord.rawInteraction({
			...payload,
			id: ((BigInt(Date.now()) - epoch) << 22n).toString(),
			token: `oversized-${randomBytes(16).toString('hex')}`,
			attachment_size_limit: 64,
			data: { ...payload.data, options: [{ name: 'prompt', type: 3, value: 'a huge mural' }] },
		});

		const { message, files } = await resultOf(handle);
		const url = mediaUrl(latestJob('a huge mural').uuid);
		expect(files).toEqual([]);
		expect(message?.attachments).toEqual([]);
		expect(embedOf(message)?.url).toBe(url);
		expect(embedOf(message)?.description).toContain('larger than Discord takes here');
	});
});

describe('rejections and failures', () => {
	it('tells the member privately why Rostro refused a prompt, and removes the placeholder', async () => {
		const handle = imagine({ prompt: 'something explicit' });
		expect(await privateAnswer(handle)).toBe(
			'Rostro refused this prompt as explicit, so nothing was made and it cost no credits.',
		);
		const placeholder = world.discord.interactionResponses(handle)[0]?.message?.id ?? '';
		expect(world.discord.message(placeholder)).toBeUndefined();
	});

	it('says so when the account is out of credits', async () => {
		world.rostro.setCredits('creator_a', 0);
		try {
			const handle = imagine({ prompt: 'a costly castle' });
			expect(await privateAnswer(handle)).toBe(
				'The Rostro account paying for this is out of credits; top it up, then try again.',
			);
		} finally {
			world.rostro.setCredits('creator_a', 100_000);
		}
	});

	it('keeps polling through a brief Rostro outage and still delivers', async () => {
		world.rostro.fault({ method: 'POST', path: '/imagine/check' }, { status: 503, body: { detail: 'down' } }, 3);
		const handle = imagine({ prompt: 'a stubborn tower' });
		const { message } = await resultOf(handle);
		expect(await fileAt(message?.attachments[0]?.url ?? '')).toEqual(latestJob('a stubborn tower').media?.bytes);
		const jobId = buttonId(message as APIMessage, 'regen').split(':')[2];
		await waitForLog('job check failed', (line) => line.jobId === jobId);
	});

	it('tells the member privately when Rostro refuses the checks for good', async () => {
		world.rostro.fault({ method: 'POST', path: '/imagine/check' }, { status: 401, body: { detail: 'Invalid token' } });
		const handle = imagine({ prompt: 'a doomed dome' });
		expect(await privateAnswer(handle)).toBe(
			"This server's Rostro token was rejected before this was finished; an admin can run /setup token.",
		);
		expect(world.discord.interactionResponses(handle).some((response) => response.kind === 'deleteOriginal')).toBe(
			true,
		);
	});
});

describe('buttons on a result', () => {
	let result: APIMessage;
	let resultUuid: string;
	const prompt = 'a fox in a library';

	beforeAll(async () => {
		result = await generated({ prompt, aspect: '2:3' });
		resultUuid = latestJob(prompt).uuid;
	});

	it('Regenerate makes the same prompt with the same options again', async () => {
		const handle = click(result, 'regen');
		const { message } = await resultOf(handle);
		const creates = world.rostro.requests.filter(
			(request) => request.path === '/imagine' && (request.body as { prompt?: string }).prompt === prompt,
		);
		expect(creates).toHaveLength(2);
		expect(creates[1]?.body).toEqual(creates[0]?.body);
		expect(await fileAt(message?.attachments[0]?.url ?? '')).toEqual(latestJob(prompt).media?.bytes);
	});

	it('Variations asks img2img for this result with the same prompt', async () => {
		const { message } = await resultOf(click(result, 'vary'));
		const request = world.rostro.requests.filter((candidate) => candidate.path === '/images/img2img').at(-1);
		expect(request?.body).toMatchObject({ prompt, image: mediaUrl(resultUuid) });
		expect(message?.attachments[0]?.content_type).toBe('image/png');
	});

	it('Upscale asks for this result upscaled', async () => {
		const { message } = await resultOf(click(result, 'upscale'));
		const request = world.rostro.requests.filter((candidate) => candidate.path === '/images/upscale').at(-1);
		expect(request?.body).toEqual({ image: mediaUrl(resultUuid) });
		expect(message?.attachments[0]?.content_type).toBe('image/png');
	});

	it('refuses anyone but the requester and moderators, privately', async () => {
		const stranger = world.discord.addUser('stranger');
		const handle = click(result, 'regen', stranger);
		expect(await answerText(world.discord, handle)).toBe(
			'Only the member who asked for this, or a moderator, can use these buttons.',
		);
		expect(isEphemeral(world.discord.interactionResponses(handle)[0] as InteractionResponse)).toBe(true);
	});

	it('Save to gallery offers the account’s projects, asks for a caption and uploads exactly the result’s bytes', async () => {
		const { discord, rostro } = world;
		const offer = click(result, 'save');
		const picker = await discord.waitForResponse(
			offer,
			(response) => response.kind === 'editOriginal',
			RESULT_TIMEOUT_MS,
		);
		expect(isEphemeral(discord.interactionResponses(offer)[0] as InteractionResponse)).toBe(true);
		const menu = selectMenu(picker.message);
		const own = [...rostro.data.projects.values()].filter((project) => project.creator === 'creator_a');
		const newest = [...own].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 25);
		expect(menu?.options.map((option) => Number(option.value))).toEqual(newest.map((project) => project.id));

		const chosen = menu?.options[0];
		const select = discord.select(picker.message as APIMessage, menu?.custom_id ?? '', [chosen?.value ?? ''], {
			user: users().member,
		});
		const modal = await discord.waitForResponse(select, (response) => response.callbackType === 9);
		const modalId = (modal.body as { custom_id: string }).custom_id;
		const submit = discord.modalSubmit(modalId, { caption: 'Made with the bot' }, { user: users().member });
		expect(await answerText(discord, submit)).toBe(`Saved to the gallery of **${chosen?.label}**.`);

		const upload = rostro.requests.filter((request) => request.path === '/api/gallery/upload').at(-1);
		const body = upload?.body as { image: string; project_id: number; caption: string };
		expect(body.project_id).toBe(Number(chosen?.value));
		expect(body.caption).toBe('Made with the bot');
		expect(body.image.startsWith('data:image/png;base64,')).toBe(true);
		const sent = Buffer.from(body.image.slice('data:image/png;base64,'.length), 'base64');
		expect(sent).toEqual(rostro.mediaBytes(resultUuid));
	});

	it('keeps working after a restart', async () => {
		await world.restart();
		const { message } = await resultOf(click(result, 'regen'));
		expect(message?.attachments[0]?.content_type).toBe('image/png');
	});

	it('Delete removes the result; a moderator may do it too', async () => {
		const handle = click(result, 'delete', users().moderator);
		await world.discord.waitFor(() => world.discord.message(result.id) === undefined || undefined, RESULT_TIMEOUT_MS);
		expect(world.discord.interactionResponses(handle)[0]?.callbackType).toBe(6);
	});
});

describe('jobs outlive the bot and the interaction', () => {
	it('a restart in the middle of a generation still delivers it through the same reply', async () => {
		world.rostro.options.jobDurationMs = 8_000;
		const handle = imagine({ prompt: 'a clock tower mid-restart' });
		await jobStarted(handle);
		await world.restart();
		const { message } = await resultOf(handle);
		expect(await fileAt(message?.attachments[0]?.url ?? '')).toEqual(
			latestJob('a clock tower mid-restart').media?.bytes,
		);
		await waitForLog('resumed media jobs');
	});

	it('after the interaction token dies, posts the result in the channel naming the requester without a mention', async () => {
		const { discord } = world;
		world.rostro.options.jobDurationMs = 4_000;
		const handle = imagine({ prompt: 'a late-night diner' });
		const placeholder =
			(await discord.waitForResponse(handle, (response) => response.kind === 'callback')).message?.id ?? '';
		await jobStarted(handle);
		discord.expireInteraction(handle);

		const posted = await discord.waitForMessage(
			discord.guild.channels.general,
			(message) => embedOf(message)?.description === 'a late-night diner',
			RESULT_TIMEOUT_MS,
		);
		expect(posted.content).toBe(`Here is an image **${displayName(users().member)}** asked for.`);
		expect(discord.allowedMentionsOf(posted.id)).toEqual({ parse: [] });
		expect(await fileAt(posted.attachments[0]?.url ?? '')).toEqual(latestJob('a late-night diner').media?.bytes);
		expect(discord.message(placeholder)).toBeUndefined();
	});

	it('a job whose stored token expiry has passed goes to the channel without trying the token', async () => {
		const { discord, env } = world;
		world.rostro.options.jobDurationMs = 6_000;
		const handle = imagine({ prompt: 'a forgotten lantern' });
		await jobStarted(handle);
		await world.bot.stop();

		const store = await openStore(loadConfig(env), silentLogger);
		const jobs = store.jobs.withSchema(mediaJobSchema);
		for await (const [id, job] of jobs.entries()) {
			if (job.prompt !== 'a forgotten lantern') continue;
			await jobs.set(id, { ...job, interaction: { ...job.interaction, expiresAt: Date.now() - 1_000 } });
		}
		await store.close();

		const restartedAt = Date.now();
		world.bot = new BotProcess(env);
		await world.bot.ready();
		const posted = await discord.waitForMessage(
			discord.guild.channels.general,
			(message) => embedOf(message)?.description === 'a forgotten lantern',
			RESULT_TIMEOUT_MS,
		);
		expect(posted.content).toBe(`Here is an image **${displayName(users().member)}** asked for.`);
		expect(webhookCalls(handle).filter((call) => call.at >= restartedAt)).toEqual([]);
	});
});

describe('/gallery mine', () => {
	it("lists the member's own generations here, newest first, privately, in pages", async () => {
		const { discord } = world;
		const painter = discord.addUser('painter');
		const prompts = ['one', 'two', 'three', 'four', 'five', 'six'].map((word) => `painting number ${word}`);
		for (const prompt of prompts) await generated({ prompt }, painter);

		const handle = discord.slash('gallery', {}, { user: painter, subcommand: 'mine' });
		const first = await discord.waitForResponse(handle, (response) => Boolean(embedOf(response.message)));
		expect(isEphemeral(discord.interactionResponses(handle)[0] as InteractionResponse)).toBe(true);
		const page1 = embedOf(first.message)?.description ?? '';
		expect(page1.indexOf('painting number six')).toBeLessThan(page1.indexOf('painting number five'));
		expect(page1).not.toContain('painting number one');
		expect(page1).not.toContain('a fox in a library');

		const next = discord.button(first.message as APIMessage, 'gallery:mine:1', { user: painter });
		const second = await discord.waitForResponse(next, (response) => response.callbackType === 7);
		expect(embedOf(second.message)?.description).toContain('painting number one');
	});
});
