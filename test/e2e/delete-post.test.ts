import type { APIMessage, APIUser } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionHandle } from '../fakes/discord/index.js';
import { expectNoTrouble, isEphemeral, startConnectedWorld, type World } from './world.js';

let world: World;
let bystander: APIUser;

beforeAll(async () => {
	world = await startConnectedWorld();
	bystander = world.discord.addUser('bystander');
});
afterAll(() => world?.close());
afterEach(() => {
	expectNoTrouble(world);
});

const RESULT_TIMEOUT_MS = 20_000;
const DELETE = 'post:delete';

function users() {
	return world.discord.guild.users;
}

function general(): string {
	return world.discord.guild.channels.general;
}

/** Resolves once the bot has delivered the speech and recorded who caused it. */
function delivered(handle: InteractionHandle) {
	const done = (line: { msg: string; interactionId?: unknown }) =>
		line.msg === 'speech delivered' && line.interactionId === handle.id;
	return world.bot.waitForLog(done, RESULT_TIMEOUT_MS);
}

/** The message an interaction's public result ended up in (the edited reply), once it is recorded. */
async function resultOf(handle: InteractionHandle): Promise<APIMessage> {
	const response = await world.discord.waitForResponse(
		handle,
		(candidate) => candidate.kind === 'editOriginal' && candidate.files.length > 0,
		RESULT_TIMEOUT_MS,
	);
	await delivered(handle);
	return response.message as APIMessage;
}

function tts(text: string, user = users().member): Promise<APIMessage> {
	return resultOf(world.discord.slash('tts', { text }, { user }));
}

function deleteButtonOf(message: APIMessage) {
	const rows = message.components as { components: { custom_id?: string; label?: string }[] }[];
	return rows.flatMap((row) => row.components).find((component) => component.custom_id === DELETE);
}

/** Presses Delete; resolves with the private sentence, or undefined once the message is gone. */
async function pressDelete(message: APIMessage, user: APIUser): Promise<string | undefined> {
	const { discord } = world;
	const handle = discord.button(message, DELETE, { user });
	const outcome = await discord.waitFor(() => {
		if (!discord.message(message.id)) return { deleted: true as const };
		const answer = discord.interactionResponses(handle).find((response) => isEphemeral(response));
		return answer && { sentence: (answer.body as { content?: string }).content ?? '' };
	}, RESULT_TIMEOUT_MS);
	return 'sentence' in outcome ? outcome.sentence : undefined;
}

describe('Delete on public posts', () => {
	it('puts a Delete button on /tts and Speak results', async () => {
		const spoken = await tts('Mind the gap.');
		expect(deleteButtonOf(spoken)).toMatchObject({ label: 'Delete' });

		const said = world.discord.userSays(general(), 'Tea is ready.', users().member);
		const handle = world.discord.messageContext('Speak', said, { user: users().member });
		expect(deleteButtonOf(await resultOf(handle))).toMatchObject({ label: 'Delete' });
	});

	it('refuses another member privately and leaves the post alone', async () => {
		const spoken = await tts('Not yours to delete.');
		expect(await pressDelete(spoken, bystander)).toBe(
			'Only the member who asked for this, or a moderator, can delete it.',
		);
		expect(world.discord.message(spoken.id)).toBeDefined();
	});

	it('lets the member who asked delete it, and a moderator delete anyone’s', async () => {
		const own = await tts('Oops, wrong channel.');
		expect(await pressDelete(own, users().member)).toBeUndefined();
		expect(world.discord.message(own.id)).toBeUndefined();

		const someoneElses = await tts('Something a moderator removes.');
		expect(await pressDelete(someoneElses, users().moderator)).toBeUndefined();
		expect(world.discord.message(someoneElses.id)).toBeUndefined();
	});

	it('keeps working after a restart', async () => {
		const spoken = await tts('Said before the restart.');
		await world.restart();
		expect(await pressDelete(spoken, bystander)).toBe(
			'Only the member who asked for this, or a moderator, can delete it.',
		);
		expect(await pressDelete(spoken, users().member)).toBeUndefined();
	});

	it('is on audio posted in the channel after the interaction token died, for its member', async () => {
		const { discord, rostro } = world;
		rostro.options.jobDurationMs = 3_000;
		try {
			const handle = discord.slash('tts', { text: 'Posted after the token died.' }, { user: users().member });
			await discord.waitFor(() =>
				rostro.requests.some(
					(request) =>
						request.path === '/tts' &&
						(request.body as { transcript?: string }).transcript === 'Posted after the token died.',
				),
			);
			discord.expireInteraction(handle);

			const posted = await discord.waitForMessage(
				general(),
				(message) => message.content === '🔊 > Posted after the token died.',
				RESULT_TIMEOUT_MS,
			);
			expect(posted.interaction_metadata).toBeUndefined(); // a channel message, not the reply
			await delivered(handle);
			expect(deleteButtonOf(posted)).toMatchObject({ label: 'Delete' });
			expect(await pressDelete(posted, bystander)).toBe(
				'Only the member who asked for this, or a moderator, can delete it.',
			);
			expect(await pressDelete(posted, users().member)).toBeUndefined();
		} finally {
			rostro.options.jobDurationMs = 50;
		}
	});

	it('still knows whose post it is after its member ran /account forget', async () => {
		const { discord } = world;
		const spoken = await tts('Said before forgetting.');
		const forget = discord.slash('account', {}, { user: users().member, subcommand: 'forget' });
		const question = await discord.waitForResponse(forget, (response) => Boolean(response.message?.content));
		const confirmId = `account:forget-confirm:${users().member.id}`;
		const confirm = discord.button(question.message as APIMessage, confirmId, { user: users().member });
		await discord.waitForResponse(confirm, (response) => response.kind === 'editOriginal');

		expect(await pressDelete(spoken, bystander)).toBe(
			'Only the member who asked for this, or a moderator, can delete it.',
		);
		expect(await pressDelete(spoken, users().member)).toBeUndefined();
	});
});
