import type { APIMessage } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectedVisibleCompletion } from '../fakes/rostro/completion.js';
import { answerText, startWorld, type World } from './world.js';

let world: World;

beforeAll(async () => {
	world = await startWorld({ DISCORD_MESSAGE_CONTENT: 'true' });
	const { discord, rostro } = world;
	const admin = discord.guild.users.admin;
	await discord.waitForResponse(discord.slash('setup', {}, { user: admin, subcommand: 'token' }));
	await answerText(discord, discord.modalSubmit('setup:token', { token: rostro.tokens.creatorA }, { user: admin }));
});
afterAll(() => world?.close());
afterEach(() => {
	expect(world.bot.problems()).toEqual([]);
	expect(world.discord.internalErrors).toEqual([]);
	world.rostro.clearFaults();
});

async function newChat(channelId = world.discord.guild.channels.general): Promise<string> {
	const { discord } = world;
	const handle = discord.slash(
		'chat',
		{ character: 'creator_a/ari-the-cartographer' },
		{ user: discord.guild.users.member, subcommand: 'start', channelId },
	);
	const text = await answerText(discord, handle);
	return text.match(/<#(\d+)>/)?.[1] as string;
}

type CompletionBody = Parameters<typeof expectedVisibleCompletion>[0];

function completions(): CompletionBody[] {
	return world.rostro.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.body as CompletionBody);
}

/** The character's finished reply: its last message carries the reply buttons. */
async function finishedReply(threadId: string, after: number): Promise<APIMessage[]> {
	const { discord } = world;
	const byCharacter = (m: APIMessage) => m.webhook_id !== undefined && m.author.id !== discord.botUser.id;
	const done = () =>
		discord
			.messages(threadId)
			.slice(after)
			.some((m) => byCharacter(m) && m.components?.length);
	await discord.waitFor(done, 15_000);
	return discord.messages(threadId).slice(after).filter(byCharacter);
}

describe('conversation', () => {
	it('shows /chat say in the thread, then streams the reply in the character’s name with buttons', async () => {
		const { discord } = world;
		const threadId = await newChat();
		const say = discord.slash(
			'chat',
			{ message: 'Does this road go north?' },
			{
				user: discord.guild.users.member,
				subcommand: 'say',
				channelId: threadId,
			},
		);
		expect(await answerText(discord, say)).toMatch(/^\*\*.+\*\*: Does this road go north\?$/);

		const [reply] = await finishedReply(threadId, 1);
		const body = completions().at(-1) as CompletionBody;
		expect(body.messages.at(-1)?.content).toMatch(/: Does this road go north\?$/);
		expect(reply?.content).toBe(expectedVisibleCompletion(body));
		expect(reply?.author.username).toBe('Ari');
		expect(JSON.stringify(reply?.components)).toContain('chat:regen:');
		expect((body as { stop?: string[] }).stop?.length).toBeGreaterThan(0);
	});

	it('answers plain messages with Message Content, ignoring the ignore prefix and bots', async () => {
		const { discord } = world;
		const threadId = await newChat();
		const before = completions().length;
		discord.userSays(threadId, '// just a note for the humans', discord.guild.users.member);
		discord.userSays(threadId, 'Is the ferry running?', discord.guild.users.member);
		const [reply] = await finishedReply(threadId, 1);
		expect(completions().length).toBe(before + 1);
		expect(reply?.content).toBe(expectedVisibleCompletion(completions().at(-1) as CompletionBody));
	});

	it('pings nobody when the model says @everyone', async () => {
		const { discord } = world;
		const threadId = await newChat();
		discord.userSays(threadId, 'Shout @everyone and <@&123456789012345678> please', discord.guild.users.member);
		const replies = await finishedReply(threadId, 1);
		for (const message of replies) {
			expect(message.mention_everyone).toBe(false);
			expect(message.mention_roles).toEqual([]);
			expect(discord.allowedMentionsOf(message.id)).toEqual({ parse: [] });
		}
		expect(replies[0]?.content).toContain('@\u200beveryone');
	});

	it('keeps the conversation across a restart', async () => {
		const { discord } = world;
		const threadId = await newChat();
		discord.userSays(threadId, 'Remember the compass.', discord.guild.users.member);
		await finishedReply(threadId, 1);

		await world.restart();
		const count = world.discord.messages(threadId).length;
		discord.userSays(threadId, 'What did I ask you to remember?', discord.guild.users.member);
		await finishedReply(threadId, count + 1);
		const prompt = JSON.stringify(completions().at(-1)?.messages);
		expect(prompt).toContain('Remember the compass.');
	});

	it('shows a failure half-way through a stream with a Retry button that works', async () => {
		const { discord, rostro } = world;
		const threadId = await newChat();
		rostro.fault({ method: 'POST', path: /chat\/completions$/ }, { streamStopAfterChunks: 3 }, 1);
		discord.userSays(threadId, 'Tell me a long story.', discord.guild.users.member);
		const failure = await discord.waitForMessage(threadId, (m) => m.content.startsWith('⚠️'), 15_000);
		expect(failure.content).toBe('⚠️ Rostro is not answering right now; try again shortly.');

		const count = discord.messages(threadId).length;
		discord.button(failure, `chat:retry:${threadId}`, { user: discord.guild.users.member });
		const [reply] = await finishedReply(threadId, count - 1);
		expect(reply?.content).toBe(expectedVisibleCompletion(completions().at(-1) as CompletionBody));
	});

	it('answers lines that arrive during a reply in order, one generation at a time', async () => {
		const { discord } = world;
		const threadId = await newChat();
		const before = completions().length;
		discord.userSays(threadId, 'First question?', discord.guild.users.member);
		discord.userSays(threadId, 'Second question?', discord.guild.users.moderator);
		discord.userSays(threadId, 'Third question?', discord.guild.users.member);
		await discord.waitFor(() => completions().length >= before + 2 || undefined, 20_000);
		await discord.waitFor(
			() => discord.messages(threadId).filter((m) => m.webhook_id && m.components?.length).length >= 1 || undefined,
		);
		const asked = completions()
			.slice(before)
			.map((body) => JSON.stringify(body.messages));
		expect(asked.join('')).toContain('Third question?');
		expect(asked.at(-1)).toContain('Second question?');
	});
});
