import type { APIMessage } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectedVisibleCompletion } from '../fakes/rostro/completion.js';
import { answerText, startConnectedWorld, type World } from './world.js';

let world: World;

beforeAll(async () => {
	world = await startConnectedWorld();
});
afterAll(() => world?.close());
afterEach(() => {
	world.rostro.options.streamChunkDelayMs = 5;
});

type CompletionBody = Parameters<typeof expectedVisibleCompletion>[0];

function lastCompletion(): CompletionBody {
	const asked = world.rostro.requests.filter((r) => r.path.endsWith('/chat/completions'));
	return asked.at(-1)?.body as CompletionBody;
}

async function newChat(): Promise<string> {
	const { discord } = world;
	const handle = discord.slash(
		'chat',
		{ character: 'creator_a/ari-the-cartographer' },
		{ user: discord.guild.users.member, subcommand: 'start', channelId: discord.guild.channels.general },
	);
	return (await answerText(discord, handle)).match(/<#(\d+)>/)?.[1] as string;
}

/** `/chat say` in the thread; resolves once the line shows. */
async function say(threadId: string, message: string): Promise<void> {
	const { discord } = world;
	const handle = discord.slash(
		'chat',
		{ message },
		{ user: discord.guild.users.member, subcommand: 'say', channelId: threadId },
	);
	await answerText(discord, handle);
}

const byCharacter = (message: APIMessage) => message.webhook_id !== undefined && message.author.username === 'Ari';

describe('stopping the bot while a reply streams', () => {
	it('writes the reply’s final text and buttons before exiting', async () => {
		const { discord } = world;
		const threadId = await newChat();
		const before = discord.messages(threadId).length;
		await say(threadId, 'Which way to the harbour?');
		// The first text is posted at once; the rest waits for the paced edit.
		await discord.waitFor(() => discord.messages(threadId).slice(before).some(byCharacter) || undefined);

		expect(await world.bot.stop()).toBe(0);
		const [reply] = discord.messages(threadId).slice(before).filter(byCharacter);
		expect(reply?.content).toBe(expectedVisibleCompletion(lastCompletion()));
		expect(JSON.stringify(reply?.components)).toContain('chat:regen:');
		await world.restart();
	});

	it('ends a reply it cannot finish in time as a failed reply with Retry, which works after the restart', async () => {
		const { discord } = world;
		const threadId = await newChat();
		const before = discord.messages(threadId).length;
		world.rostro.options.streamChunkDelayMs = 1_000; // far longer than the shutdown waits
		await say(threadId, 'Tell me the whole history of the harbour.');
		await discord.waitFor(() => discord.messages(threadId).slice(before).some(byCharacter) || undefined, 15_000);

		expect(await world.bot.stop()).toBe(0);
		const failure = discord.messages(threadId).find((m) => m.content.startsWith('⚠️'));
		expect(failure?.content).toBe('⚠️ The bot restarted before this reply was finished; press Retry.');
		expect(JSON.stringify(failure?.components)).toContain(`chat:retry:${threadId}`);

		world.rostro.options.streamChunkDelayMs = 5;
		await world.restart();
		const count = discord.messages(threadId).length;
		discord.button(failure as APIMessage, `chat:retry:${threadId}`, { user: discord.guild.users.member });
		await discord.waitFor(
			() =>
				discord
					.messages(threadId)
					.slice(count - 1)
					.some((m) => byCharacter(m) && m.components?.length) || undefined,
			15_000,
		);
		const body = lastCompletion();
		expect(JSON.stringify(body.messages)).toContain('Tell me the whole history of the harbour.');
		const reply = discord.messages(threadId).findLast((m) => byCharacter(m) && m.components?.length);
		expect(reply?.content).toBe(expectedVisibleCompletion(body));
	}, 60_000);
});
