import type { APIMessage } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectedVisibleCompletion } from '../fakes/rostro/completion.js';
import { answerText, expectNoTrouble, privateSentence, startConnectedWorld, type World } from './world.js';

let world: World;

beforeAll(async () => {
	world = await startConnectedWorld({ DISCORD_MESSAGE_CONTENT: 'true' });
});
afterAll(() => world?.close());
afterEach(() => {
	expectNoTrouble(world);
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

describe('reply buttons', () => {
	it('regenerates, swipes back, continues and deletes, each for whom it is meant', async () => {
		const { discord } = world;
		const { member, moderator, admin } = discord.guild.users;
		const threadId = await newChat();
		discord.userSays(threadId, 'Which way to the inn?', member);
		const [first] = await finishedReply(threadId, 1);
		const firstText = first?.content;

		const byCharacter = () =>
			discord.messages(threadId).filter((m) => m.webhook_id && m.author.id !== discord.botUser.id);
		const latest = () => byCharacter().at(-1) as APIMessage;
		const outsider = discord.button(latest(), `chat:regen:${threadId}`, { user: admin });
		expect(await answerText(discord, outsider)).toBe('Only the chat’s participants and moderators can do that.');

		const before = completions().length;
		discord.button(latest(), `chat:regen:${threadId}`, { user: member });
		await discord.waitFor(() => JSON.stringify(latest().components).includes('chat:prev:') || undefined, 15_000);
		expect(completions().length).toBe(before + 1);

		discord.button(latest(), `chat:prev:${threadId}`, { user: member });
		await discord.waitFor(() => latest().content === firstText || undefined);

		discord.button(latest(), `chat:continue:${threadId}`, { user: moderator });
		const continued = () =>
			completions().length === before + 2 && JSON.stringify(latest().components).includes('delete');
		await discord.waitFor(() => continued() || undefined, 15_000);
		expect(JSON.stringify(completions().at(-1)?.messages)).toContain(firstText?.slice(0, 40));

		const count = byCharacter().length;
		const refused = discord.button(latest(), `chat:delete:${threadId}`, { user: admin });
		expect(await answerText(discord, refused)).toBe(
			'Only the member whose message caused this reply, or a moderator, can delete it.',
		);
		discord.button(latest(), `chat:delete:${threadId}`, { user: member });
		await discord.waitFor(() => byCharacter().length < count || undefined);
	});
});

describe('sharing one token', () => {
	it('makes the second thread wait its turn and say so, then answers both', async () => {
		const { discord } = world;
		world.rostro.options.streamChunkDelayMs = 20;
		const [one, two] = [await newChat(), await newChat()];
		discord.userSays(one, 'Question one?', discord.guild.users.member);
		discord.userSays(two, 'Question two?', discord.guild.users.moderator);
		const waiting = await discord.waitFor(
			() => [...discord.messages(one), ...discord.messages(two)].find((m) => m.content.includes('Waiting for Rostro')),
			10_000,
		);
		expect(waiting.content).toBe('-# Waiting for Rostro: 1 reply ahead of this one.');
		await finishedReply(one, 1);
		await finishedReply(two, 1);
		world.rostro.options.streamChunkDelayMs = 5;
	});
});

describe('chat commands', () => {
	const run = (
		subcommand: string,
		options: Record<string, string>,
		channelId: string,
		user = world.discord.guild.users.member,
	) => answerText(world.discord, world.discord.slash('chat', options, { user, subcommand, channelId }));

	it('shows info, switches the model, sets a persona, lists, resets and ends', async () => {
		const { discord } = world;
		const threadId = await newChat();
		expect(await run('info', {}, threadId)).toMatch(
			/^Character: \*\*Ari\*\* \(creator_a\/ari-the-cartographer\)\nModel: \w+\nTurns in memory: 1/,
		);
		expect(await run('model', { name: 'soji' }, threadId)).toBe('This chat now uses soji.');
		expect(await run('model', { name: 'gpt-17' }, threadId)).toBe('Rostro has no chat model called gpt-17.');
		expect(await run('persona', { name: 'Wren', description: 'A courier.' }, threadId)).toMatch(
			/you are now \*\*Wren\*\*/,
		);
		expect(await run('list', {}, discord.guild.channels.general)).toContain(`<#${threadId}>`);

		discord.userSays(threadId, 'Hello again.', discord.guild.users.member);
		await finishedReply(threadId, 1);
		const body = completions().at(-1) as CompletionBody & { model: string };
		expect(body.model).toBe('soji');
		expect(JSON.stringify(body.messages)).toContain('A courier.');

		expect(await run('reset', {}, threadId)).toMatch(/has forgotten this chat so far/);
		expect(await run('info', {}, threadId)).toMatch(/Turns in memory: 0/);
		expect(await run('info', {}, discord.guild.channels.general)).toBe(
			'This is not a chat thread; start one with /chat start.',
		);
		expect(await run('end', {}, threadId)).toMatch(/has ended/);
		await discord.waitFor(() =>
			discord
				.threads()
				.find(
					(t) => t.id === threadId && (t as { thread_metadata?: { archived?: boolean } }).thread_metadata?.archived,
				),
		);
	});

	it('answers commands, buttons and lines in an ended chat’s thread with one private sentence, and lists it apart', async () => {
		const { discord } = world;
		const threadId = await newChat();
		const archived = () =>
			(discord.threads().find((t) => t.id === threadId) as { thread_metadata?: { archived?: boolean } } | undefined)
				?.thread_metadata?.archived === true || undefined;
		const ended = 'This chat has ended; start a new one with /chat start from a text or forum channel.';
		discord.userSays(threadId, 'One last question.', discord.guild.users.member);
		const [reply] = await finishedReply(threadId, 1);
		expect(await run('end', {}, threadId)).toMatch(/has ended/);
		await discord.waitFor(archived);

		for (const [subcommand, options] of [
			['say', { message: 'Are you still there?' }],
			['info', {}],
			['end', {}],
		] as const) {
			const handle = discord.slash('chat', options, {
				user: discord.guild.users.member,
				subcommand,
				channelId: threadId,
			});
			expect(await privateSentence(discord, handle)).toBe(ended);
			await discord.waitFor(archived);
		}
		const regen = discord.button(reply as APIMessage, `chat:regen:${threadId}`, { user: discord.guild.users.member });
		expect(await privateSentence(discord, regen)).toBe(ended);

		const asked = completions().length;
		discord.userSays(threadId, 'Hello?', discord.guild.users.member);
		const note = await discord.waitForMessage(threadId, (m) => m.content === `-# ${ended}`);
		expect(note.author.id).toBe(discord.botUser.id);
		await discord.waitFor(archived);
		expect(completions().length).toBe(asked);

		const listed = await run('list', {}, discord.guild.channels.general);
		const [active, endedSection] = listed.split('\n\nEnded chats:\n');
		expect(active).not.toContain(`<#${threadId}>`);
		expect(endedSection).toContain(`<#${threadId}>`);
	});

	it('lets admins pick the model new chats use', async () => {
		const { discord } = world;
		const admin = discord.guild.users.admin;
		const set = discord.slash('setup', { name: 'asha' }, { user: admin, subcommand: 'chat-model' });
		expect(await answerText(discord, set)).toBe('New chats in this server now use asha.');
		const threadId = await newChat();
		expect(await run('info', {}, threadId)).toMatch(/Model: asha/);
	});
});

describe('personas', () => {
	const systemOf = (body: CompletionBody) => body.messages.find((message) => message.role === 'system')?.content ?? '';
	const stopOf = (body: CompletionBody) => (body as { stop?: string[] }).stop ?? [];

	it('makes the member speak as their persona: their lines, {{user}}, the stop sequences and the thread', async () => {
		const { discord } = world;
		const { member } = discord.guild.users;
		const persona = discord.slash(
			'chat',
			{ name: 'Wren', description: 'A courier who is never on time.' },
			{ user: member, subcommand: 'persona' },
		);
		expect(await answerText(discord, persona)).toMatch(/you are now \*\*Wren\*\*/);
		const threadId = await newChat();
		const greeting = discord.messages(threadId)[0];
		expect(greeting?.content).toContain('Tell me, Wren,');

		const say = discord.slash('chat', { message: 'hi' }, { user: member, subcommand: 'say', channelId: threadId });
		expect(await answerText(discord, say)).toBe('**Wren**: hi\n-# played by Member');
		await finishedReply(threadId, 2);
		const body = completions().at(-1) as CompletionBody;
		expect(body.messages.filter((message) => message.role === 'user').at(-1)?.content).toBe('Wren: hi');
		expect(systemOf(body)).toContain('Wren finds Ari camped at a crossroads');
		expect(systemOf(body)).toContain('About Wren: A courier who is never on time.');
		expect(stopOf(body)).toContain('\nWren:');
		expect(stopOf(body)).not.toContain('\nMember:');
	});

	it('calls whoever spoke the line being answered {{user}}, and keeps describing the others in the scene', async () => {
		const { discord } = world;
		const { member, moderator } = discord.guild.users;
		const threadId = await newChat();
		discord.userSays(threadId, 'Is the ferry running?', member);
		await finishedReply(threadId, 1);
		const count = discord.messages(threadId).length;

		discord.userSays(threadId, 'Wren, wait for me.', moderator);
		await finishedReply(threadId, count);
		const body = completions().at(-1) as CompletionBody;
		const transcript = body.messages.map((message) => message.content).join('\n');
		expect(transcript).toContain('Wren: Is the ferry running?');
		expect(transcript).toContain('Moderator: Wren, wait for me.');
		expect(systemOf(body)).toContain('Moderator finds Ari camped at a crossroads');
		expect(systemOf(body)).toContain('About Wren: A courier who is never on time.');
		expect(stopOf(body)).toEqual(expect.arrayContaining(['\nWren:', '\nModerator:']));
	});
});

describe('persona checks', () => {
	it('refuses blocked words and names that show nothing or turn the line around, as /chat say does', async () => {
		const { discord } = world;
		const admin = discord.guild.users.admin;
		const setWords = (action: string) =>
			answerText(
				discord,
				discord.slash('setup', { action, words: 'red fox, ass' }, { user: admin, subcommand: 'blocked-words' }),
			);
		const persona = (name: string, description: string) =>
			privateSentence(
				discord,
				discord.slash('chat', { name, description }, { user: discord.guild.users.member, subcommand: 'persona' }),
			);
		await setWords('add');
		try {
			expect(await persona('red fox', 'A courier.')).toBe(
				'This server blocks “red fox”, so your text was not sent to Rostro. Reword it and try again.',
			);
			expect(await persona('Wren', 'I am an ass')).toBe(
				'This server blocks “ass”, so your text was not sent to Rostro. Reword it and try again.',
			);
			expect(await persona('\u200b', 'A courier.')).toBe('Give your persona a name: that one shows nothing.');
			expect(await persona('\u202eneРW', 'A courier.')).toBe(
				'A persona name cannot contain characters that change the writing direction.',
			);
			expect(await persona('Wren', '\u200b\u200b')).toBe('Describe your persona: that description shows nothing.');
		} finally {
			await setWords('remove');
		}
	});
});
