import type { APIMessage } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionHandle, InteractionResponse } from '../fakes/discord/index.js';
import { encodeWav, expectedTranscript } from '../fakes/rostro/index.js';
import { expectNoTrouble, isEphemeral, startConnectedWorld, type World } from './world.js';

let world: World;

beforeAll(async () => {
	world = await startConnectedWorld();
});
afterAll(() => world?.close());
afterEach(() => {
	expectNoTrouble(world);
});

const RESULT_TIMEOUT_MS = 20_000;

function member() {
	return world.discord.guild.users.member;
}

/** The reply that carries the audio: an edit of the public placeholder with a file. */
function audioReply(handle: InteractionHandle): Promise<InteractionResponse> {
	return world.discord.waitForResponse(
		handle,
		(response) => response.kind === 'editOriginal' && response.files.length > 0,
		RESULT_TIMEOUT_MS,
	);
}

/** The simulator's speech job for a transcript. */
function speechJob(transcript: string) {
	const job = [...world.rostro.data.jobs.values()].filter((candidate) => candidate.prompt === transcript).at(-1);
	if (!job) throw new Error(`no speech job for "${transcript}"`);
	return job;
}

function ttsRequests() {
	return world.rostro.requests.filter((request) => request.path === '/tts');
}

async function fileAt(url: string): Promise<Buffer> {
	return Buffer.from(await (await fetch(url)).arrayBuffer());
}

/** The sentence the member was told privately: an ephemeral reply, or an ephemeral follow-up after a public defer. */
async function privateSentence(handle: InteractionHandle): Promise<string> {
	const contentOf = (response: InteractionResponse) => (response.body as { content?: string } | undefined)?.content;
	const answer = await world.discord.waitForResponse(
		handle,
		(response) => isEphemeral(response) && Boolean(contentOf(response)),
		RESULT_TIMEOUT_MS,
	);
	return contentOf(answer) ?? '';
}

describe('/tts', () => {
	it('defers publicly, then attaches exactly the audio Rostro made, as speech.wav in the default voice', async () => {
		const handle = world.discord.slash('tts', { text: 'Welcome to the Sleeping Goose.' }, { user: member() });
		const defer = await world.discord.waitForResponse(handle, (response) => response.kind === 'callback');
		expect(defer.callbackType).toBe(5);
		expect(isEphemeral(defer)).toBe(false);

		const { message, files } = await audioReply(handle);
		const job = speechJob('Welcome to the Sleeping Goose.');
		expect(files[0]).toMatchObject({ filename: 'speech.wav', contentType: 'audio/wav' });
		expect(files[0]?.data).toEqual(world.rostro.mediaBytes(job.uuid));
		expect(message?.attachments[0]).toMatchObject({ filename: 'speech.wav', content_type: 'audio/wav' });
		expect(await fileAt(message?.attachments[0]?.url ?? '')).toEqual(world.rostro.mediaBytes(job.uuid));
		expect(message?.content).toBe('🔊 > Welcome to the Sleeping Goose.');
		expect(ttsRequests().at(-1)?.body).toEqual({ transcript: 'Welcome to the Sleeping Goose.' });
	});

	it('suggests the account’s voices and speaks in the one chosen', async () => {
		const { discord } = world;
		const suggest = discord.autocomplete('tts', 'voice', { text: 'hi', voice: 'am' }, { user: member() });
		const choices = await discord.waitForResponse(suggest, (response) => response.callbackType === 8);
		expect((choices.body as { choices: unknown[] }).choices).toEqual([
			{ name: 'Amber — Warm and bright.', value: 'amber' },
		]);

		const handle = discord.slash('tts', { text: 'A warm hello.', voice: 'amber' }, { user: member() });
		const { files } = await audioReply(handle);
		expect(files[0]?.data).toEqual(world.rostro.mediaBytes(speechJob('A warm hello.').uuid));
		expect(ttsRequests().at(-1)?.body).toEqual({ transcript: 'A warm hello.', voice_id: 'amber' });
	});

	it('refuses a voice Rostro does not have, privately, and removes the public placeholder', async () => {
		const handle = world.discord.slash('tts', { text: 'Who am I?', voice: 'nobody' }, { user: member() });
		expect(await privateSentence(handle)).toBe('Rostro has no such voice; pick one of the suggested voices.');
		await world.discord.waitFor(() =>
			world.discord.interactionResponses(handle).some((response) => response.kind === 'deleteOriginal'),
		);
	});
	it('posts the audio in the channel once the interaction token has died', async () => {
		const { discord, rostro } = world;
		rostro.options.jobDurationMs = 3_000;
		try {
			const handle = discord.slash('tts', { text: 'Last orders, everyone.' }, { user: member() });
			const defer = await discord.waitForResponse(handle, (response) => response.kind === 'callback');
			// Rostro holds /tts open until the speech is made: the token dies while the bot waits.
			await discord.waitFor(() =>
				ttsRequests().some(
					(request) => (request.body as { transcript?: string }).transcript === 'Last orders, everyone.',
				),
			);
			discord.expireInteraction(handle);

			const posted = await discord.waitForMessage(
				discord.guild.channels.general,
				(message) => message.content === '🔊 > Last orders, everyone.',
				RESULT_TIMEOUT_MS,
			);
			expect(await fileAt(posted.attachments[0]?.url ?? '')).toEqual(
				rostro.mediaBytes(speechJob('Last orders, everyone.').uuid),
			);
			expect(posted.attachments[0]?.content_type).toBe('audio/wav');
			expect(discord.allowedMentionsOf(posted.id)).toEqual({ parse: [] });
			expect(defer.message?.id).toBeDefined();
			await discord.waitFor(() => discord.message(defer.message?.id ?? '') === undefined);
		} finally {
			rostro.options.jobDurationMs = 50;
		}
	});
});

describe('Speak', () => {
	it('speaks a message’s text publicly, with the exact audio Rostro made', async () => {
		const { discord } = world;
		const said = discord.userSays(discord.guild.channels.general, 'The kettle is on, come in.', member());
		const handle = discord.messageContext('Speak', said, { user: discord.guild.users.moderator });

		const { message, files } = await audioReply(handle);
		expect(files[0]?.data).toEqual(world.rostro.mediaBytes(speechJob('The kettle is on, come in.').uuid));
		expect(message?.attachments[0]?.content_type).toBe('audio/wav');
		expect(message?.content).toContain('A message by **');
		expect(isEphemeral(world.discord.interactionResponses(handle)[0] as InteractionResponse)).toBe(false);
	});

	it('says so for a message without text, and asks Rostro for nothing', async () => {
		const { discord } = world;
		const before = ttsRequests().length;
		const picture = discord.userSays(discord.guild.channels.general, '', member(), [
			{ filename: 'cat.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
		]);
		const handle = discord.messageContext('Speak', picture, { user: member() });
		expect(await privateSentence(handle)).toBe('That message has no text to speak.');
		expect(ttsRequests().length).toBe(before);
	});
});

describe('Transcribe', () => {
	function sttRequests() {
		return world.rostro.requests.filter((request) => request.path === '/stt');
	}

	it('transcribes an audio attachment and answers privately', async () => {
		const { discord } = world;
		const recording = encodeWav('Meet me at the lighthouse at dawn.');
		const posted = discord.userSays(discord.guild.channels.general, 'listen to this', member(), [
			{ filename: 'note.wav', data: recording },
		]);
		const handle = discord.messageContext('Transcribe', posted, { user: member() });

		const defer = await discord.waitForResponse(handle, (response) => response.kind === 'callback');
		expect(isEphemeral(defer)).toBe(true);
		const answer = await discord.waitForResponse(handle, (response) => response.kind === 'editOriginal');
		expect(answer.message?.embeds[0]?.description).toBe(expectedTranscript(recording));
		expect(answer.message?.embeds[0]?.description).toBe('Meet me at the lighthouse at dawn.');
		expect(sttRequests()).toHaveLength(1);
	});

	it('transcribes a voice message, which Discord marks with a flag rather than a file name', async () => {
		const { discord } = world;
		const recording = encodeWav('This is a voice message.');
		const clip = discord.hostFile('voice-message', recording);
		expect(clip.content_type).toBe('application/octet-stream');

		const posted = discord.userSays(discord.guild.channels.general, '', member(), [
			{ filename: 'placeholder.txt', data: 'x' },
		]);
		const voiceMessage: APIMessage = { ...posted, flags: 1 << 13, attachments: [clip] };
		const handle = voiceContext(voiceMessage);
		const answer = await discord.waitForResponse(handle, (response) => response.kind === 'editOriginal');
		expect(answer.message?.embeds[0]?.description).toBe('This is a voice message.');
	});

	it('says so for a message without audio, and asks Rostro for nothing', async () => {
		const { discord } = world;
		const before = sttRequests().length;
		const plain = discord.userSays(discord.guild.channels.general, 'no sound here', member(), [
			{ filename: 'cat.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
		]);
		const handle = discord.messageContext('Transcribe', plain, { user: member() });
		expect(await privateSentence(handle)).toBe('That message has no voice message or audio file to transcribe.');
		expect(sttRequests().length).toBe(before);
	});
});

/**
 * Transcribe on a message as Discord sends a voice message: the fake's users cannot record one,
 * so a real context-menu payload is sent again with the target replaced.
 */
function voiceContext(target: APIMessage): InteractionHandle {
	const { discord } = world;
	const template = discord.messageContext('Transcribe', discord.userSays(target.channel_id, 'x', member()), {
		user: member(),
	});
	const payload = template.payload as unknown as Record<string, unknown> & { data: Record<string, unknown> };
	const epoch = 1_420_070_400_000n;
	return discord.rawInteraction({
		...payload,
		id: ((BigInt(Date.now()) - epoch) << 22n).toString(),
		token: `voice-${Date.now()}-${Math.random().toString(36).slice(2)}`,
		data: { ...payload.data, target_id: target.id, resolved: { messages: { [target.id]: target } } },
	});
}
