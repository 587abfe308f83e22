import type { APIMessage, APIUser } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { linkMember } from '../discovery/world-helpers.js';
import type { InteractionHandle } from '../fakes/discord/index.js';
import { answerText, expectNoTrouble, isEphemeral, startConnectedWorld, type World } from './world.js';

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

function member(): APIUser {
	return world.discord.guild.users.member;
}

function buttonsOf(message: APIMessage): { custom_id?: string; label?: string }[] {
	const rows = (message.components ?? []) as { components: { custom_id?: string; label?: string }[] }[];
	return rows.flatMap((row) => row.components);
}

/** Runs /account forget; resolves with the private question and its buttons. */
async function askToForget(user = member()): Promise<APIMessage> {
	const handle = world.discord.slash('account', {}, { user, subcommand: 'forget' });
	const response = await world.discord.waitForResponse(handle, (candidate) => Boolean(candidate.message?.content));
	expect(isEphemeral(response)).toBe(true);
	return response.message as APIMessage;
}

/** Presses a button; resolves with the text the bot answered with (an update or a private reply). */
function press(message: APIMessage, customId: string, user: APIUser): Promise<string> {
	return answerText(world.discord, world.discord.button(message, customId, { user }), RESULT_TIMEOUT_MS);
}

async function accountStatus(user = member()): Promise<string> {
	return answerText(world.discord, world.discord.slash('account', {}, { user, subcommand: 'status' }));
}

/** A /tts result posted for `user`, once the bot has recorded who caused it. */
async function spoken(text: string, user = member()): Promise<APIMessage> {
	const { discord } = world;
	const handle: InteractionHandle = discord.slash('tts', { text }, { user });
	const response = await discord.waitForResponse(
		handle,
		(candidate) => candidate.kind === 'editOriginal' && candidate.files.length > 0,
		RESULT_TIMEOUT_MS,
	);
	const delivered = (line: { msg: string; interactionId?: unknown }) =>
		line.msg === 'speech delivered' && line.interactionId === handle.id;
	await world.bot.waitForLog(delivered, RESULT_TIMEOUT_MS);
	return response.message as APIMessage;
}

describe('/account forget', () => {
	it('asks privately first, with Confirm and Cancel for that member only', async () => {
		const question = await askToForget();

		expect(question.content).toMatch(/^\*\*Forget everything\?\*\*/);
		expect(buttonsOf(question)).toEqual([
			expect.objectContaining({ custom_id: `account:forget-confirm:${member().id}`, label: 'Confirm' }),
			expect.objectContaining({ custom_id: `account:forget-cancel:${member().id}`, label: 'Cancel' }),
		]);
	});

	it('deletes nothing on Cancel', async () => {
		await linkMember(world, member(), world.rostro.tokens.creatorB);
		const question = await askToForget();

		expect(await press(question, `account:forget-cancel:${member().id}`, member())).toBe('Nothing was deleted.');
		expect(await accountStatus()).toMatch(/your linked Rostro account/);
	});

	it('refuses Confirm from anyone but the member who asked', async () => {
		const question = await askToForget();

		expect(await press(question, `account:forget-confirm:${member().id}`, bystander)).toBe(
			'Only the member who ran /account forget can confirm it.',
		);
		expect(await accountStatus()).toMatch(/your linked Rostro account/);
	});

	it('on Confirm deletes the member’s token, and keeps who caused their public posts', async () => {
		const post = await spoken('Remember who said this.');
		const question = await askToForget();

		expect(await press(question, `account:forget-confirm:${member().id}`, member())).toMatch(
			/^I deleted everything I stored about you/,
		);
		expect(await accountStatus()).toMatch(/this server's Rostro account/);

		const asked = world.discord.messageContext('Who prompted this?', post, {
			user: world.discord.guild.users.moderator,
		});
		expect(await answerText(world.discord, asked)).toContain(`<@${member().id}> caused this message`);
		world.discord.button(post, 'post:delete', { user: member() });
		await world.discord.waitFor(() => !world.discord.message(post.id), RESULT_TIMEOUT_MS);
	});
});
