import type { APIMessage } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answerText, expectNoTrouble, startConnectedWorld, type World } from './world.js';

let world: World;

beforeAll(async () => {
	// A small context for the model every new chat gets, so a short chat outgrows it.
	world = await startConnectedWorld({
		DISCORD_MESSAGE_CONTENT: 'true',
		ROSTRO_BOT_CHAT_CONTEXT_SIZES: 'mythomax=1200',
	});
});
afterAll(() => world?.close());
afterEach(() => expectNoTrouble(world));

describe('a chat longer than the model remembers', () => {
	it('says in the thread when the oldest messages no longer fit, and keeps answering', async () => {
		const { discord } = world;
		const user = discord.guild.users.member;
		const start = discord.slash(
			'chat',
			{ character: 'creator_a/ari-the-cartographer', model: 'mythomax' },
			{ user, subcommand: 'start' },
		);
		const threadId = (await answerText(discord, start)).match(/<#(\d+)>/)?.[1] as string;
		// The character's messages after its greeting; the newest reply carries the buttons.
		const character = (m: APIMessage) => m.webhook_id !== undefined && m.author.id !== discord.botUser.id;
		const replies = () => {
			const spoken = discord.messages(threadId).filter(character);
			return spoken.at(-1)?.components?.length ? spoken.length - 1 : 0;
		};

		let note: APIMessage | undefined;
		for (let turn = 1; turn <= 12 && !note; turn++) {
			discord.userSays(threadId, `Tell me about road number ${turn} and where it leads.`, user);
			await discord.waitFor(() => replies() >= turn || undefined, 15_000);
			note = discord.messages(threadId).find((m) => m.content.includes('no longer remembers the oldest'));
		}
		expect(note?.content).toMatch(/^-# Ari no longer remembers the oldest \d+ messages of this chat\.$/);
	}, 120_000);
});
