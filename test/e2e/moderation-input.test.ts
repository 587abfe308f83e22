import type { APIMessage, APIUser } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionHandle, OptionValues } from '../fakes/discord/index.js';
import { answerText, contentOf, expectNoTrouble, isEphemeral, startConnectedWorld, type World } from './world.js';

// Input a tester used to get past the moderation policy: bad limits, invisible characters,
// markdown, junk names. Each case failed before its fix.

let world: World;

beforeAll(async () => {
	world = await startConnectedWorld({ DISCORD_MESSAGE_CONTENT: 'true' });
});
afterAll(() => world?.close());
afterEach(() => {
	expectNoTrouble(world);
});

const RESULT_TIMEOUT_MS = 40_000;

function users() {
	return world.discord.guild.users;
}

function general(): string {
	return world.discord.guild.channels.general;
}

function rostroCalls(path: string): number {
	return world.rostro.requests.filter((request) => request.path.endsWith(path)).length;
}

function setup(subcommand: string, options: OptionValues): Promise<string> {
	return answerText(world.discord, world.discord.slash('setup', options, { user: users().admin, subcommand }));
}

/** The member's answer, which must be private from the first response on: nothing public was posted. */
async function privateRefusal(handle: InteractionHandle): Promise<string> {
	const text = await answerText(world.discord, handle);
	const [first] = world.discord.interactionResponses(handle);
	expect(first && isEphemeral(first), 'the first response was public').toBe(true);
	return text;
}

async function newChat(user: APIUser = users().member): Promise<string> {
	const handle = world.discord.slash(
		'chat',
		{ character: 'creator_a/ari-the-cartographer' },
		{ user, subcommand: 'start', channelId: general() },
	);
	const text = await answerText(world.discord, handle);
	return text.match(/<#(\d+)>/)?.[1] as string;
}

function byCharacter(threadId: string): APIMessage[] {
	const { discord } = world;
	return discord.messages(threadId).filter((m) => m.webhook_id !== undefined && m.author.id !== discord.botUser.id);
}

/** Waits for the character's next finished reply (the one carrying the buttons) after `count` replies. */
async function nextReply(threadId: string, count: number): Promise<APIMessage> {
	return world.discord.waitFor(() => {
		const replies = byCharacter(threadId);
		const last = replies.at(-1);
		return replies.length > count && last?.components?.length ? last : undefined;
	}, RESULT_TIMEOUT_MS);
}

function sayInChat(threadId: string, message: string, user: APIUser): InteractionHandle {
	return world.discord.slash('chat', { message }, { user, subcommand: 'say', channelId: threadId });
}

describe('/setup cooldown and /setup quota with a bad number', () => {
	it('refuses it in one sentence and keeps the whole policy', async () => {
		const { roles, channels } = world.discord.guild;
		await setup('blocked-words', { action: 'add', words: 'kraken' });
		await setup('nsfw', { mode: 'off' });
		await setup('roles', { feature: 'gallery', role: roles.moderator, allow: true });
		await setup('audit-log', { channel: channels.system });

		const cooldown = 'Give the cooldown as a whole number of seconds from 0 to 86,400; nothing was changed.';
		const quota = 'Give the quota as a whole number of uses a day from 0 to 10,000; nothing was changed.';
		for (const seconds of [-1, 86_401]) {
			expect(await setup('cooldown', { feature: 'chat', seconds }), String(seconds)).toBe(cooldown);
		}
		for (const daily of [-5, 10_001]) {
			expect(await setup('quota', { feature: 'tts', daily }), String(daily)).toBe(quota);
		}
		// Not a whole number at all: the router may refuse an option of the wrong shape before
		// the handler does (with its own sentence); either way it is one sentence and nothing is stored.
		const unreadable = (name: string) => new RegExp(`^(Give the|Discord sent this command's ${name} option)`);
		for (const seconds of ['abc', 1.5]) {
			expect(await setup('cooldown', { feature: 'chat', seconds }), String(seconds)).toMatch(unreadable('seconds'));
		}
		for (const daily of ['many', 2.5]) {
			expect(await setup('quota', { feature: 'tts', daily }), String(daily)).toMatch(unreadable('daily'));
		}

		const show = await setup('show', {});
		expect(show).toContain('NSFW content: off everywhere.');
		expect(show).toContain('Blocked words and phrases: 1.');
		expect(show).toContain(`Who may use gallery: only <@&${roles.moderator}>.`);
		expect(show).not.toContain('Limits on');

		const spoken = world.discord.slash('tts', { text: 'Here be a kraken' }, { user: users().member });
		expect(await privateRefusal(spoken)).toMatch(/^This server blocks “kraken”/);

		// A valid change afterwards keeps everything else too.
		expect(await setup('cooldown', { feature: 'chat', seconds: 30 })).toBe(
			"Members now wait 30 s between uses of chat on the server's account.",
		);
		expect(await setup('show', {})).toContain('NSFW content: off everywhere.');
		await setup('cooldown', { feature: 'chat', seconds: 0 });
		await setup('nsfw', { mode: 'age-restricted' });
		await setup('roles-reset', { feature: 'gallery' });
		await setup('audit-log', {});
	});
});

describe('invisible characters and empty input', () => {
	it('refuses a blocked word hidden by a direction mark, a Braille blank or a tag space', async () => {
		const before = rostroCalls('/tts');
		for (const text of ['a kra\u200Eken', 'a kra\u2800ken', 'a kra\u{E0020}ken', 'a \u202Enekark']) {
			const handle = world.discord.slash('tts', { text }, { user: users().member });
			expect(await privateRefusal(handle), JSON.stringify(text)).toMatch(/^This server blocks “kraken”/);
		}
		expect(rostroCalls('/tts')).toBe(before);
	});

	it('refuses /tts and /imagine with nothing visible, privately and before Rostro', async () => {
		const { discord } = world;
		const ttsBefore = rostroCalls('/tts');
		for (const text of [' ', '\u200B', '\u3164\u2800']) {
			const handle = discord.slash('tts', { text }, { user: users().member });
			expect(await privateRefusal(handle)).toBe('There is nothing to speak: the text has no visible characters.');
		}
		expect(rostroCalls('/tts')).toBe(ttsBefore);

		const imagineBefore = rostroCalls('/imagine');
		const handle = discord.slash('imagine', { prompt: '\u200B\u2062' }, { user: users().member });
		expect(await privateRefusal(handle)).toBe('Your prompt has no visible characters; describe what to make.');
		expect(rostroCalls('/imagine')).toBe(imagineBefore);
	});

	it('refuses /imagine over a blocked word or the quota without a public placeholder', async () => {
		const { discord } = world;
		const refused = discord.slash('imagine', { prompt: 'a kraken' }, { user: users().member });
		expect(await privateRefusal(refused)).toMatch(/^This server blocks “kraken”/);

		await setup('quota', { feature: 'imagine', daily: 1 });
		const first = discord.slash('imagine', { prompt: 'a lighthouse' }, { user: users().moderator });
		await discord.waitForResponse(first, (r) => r.kind === 'editOriginal' && Boolean(r.message?.embeds.length));
		const second = discord.slash('imagine', { prompt: 'another lighthouse' }, { user: users().moderator });
		expect(await privateRefusal(second)).toMatch(/^You have used imagine 1 time today/);
		await setup('quota', { feature: 'imagine', daily: 0 });
	});

	it('refuses /chat say with nothing visible, and ignores such a plain line', async () => {
		const { discord } = world;
		const threadId = await newChat();
		const completions = () => world.rostro.requests.filter((r) => r.path.endsWith('/chat/completions'));
		const before = completions().length;

		const say = sayInChat(threadId, '\u200B\u200D', users().member);
		expect(await answerText(discord, say)).toBe('Say something first: that line shows nothing.');

		const messages = discord.messages(threadId).length;
		discord.userSays(threadId, '\u2062\u200B\u2063', users().member);
		discord.userSays(threadId, 'Which way to the harbour?', users().member);
		await nextReply(threadId, byCharacter(threadId).length);
		await discord.waitFor(() => completions().length > before + 1, 1_500).catch(() => undefined);

		const asked = completions()
			.slice(before)
			.map((request) => JSON.stringify(request.body));
		expect(asked).toHaveLength(1);
		expect(asked[0]).toContain('Which way to the harbour?');
		expect(asked[0]).not.toContain('\u2062\u200B\u2063');
		const notes = discord.messages(threadId).slice(messages);
		expect(notes.some((m) => m.content.includes('was not sent'))).toBe(false);
	});
});

describe('markdown in spoken text', () => {
	it('escapes the /tts caption, so a masked link or a spoiler does not render', async () => {
		const text = '[Free Nitro](https://evil.example/phish) ||x||';
		const handle = world.discord.slash('tts', { text }, { user: users().member });
		const result = await world.discord.waitForResponse(
			handle,
			(r) => r.kind === 'editOriginal' && r.files.length > 0,
			RESULT_TIMEOUT_MS,
		);
		expect(result.message?.content).toBe('🔊 > \\[Free Nitro](https://evil.example/phish) \\|\\|x\\|\\|');
	});

	it('escapes the author’s name in the Speak caption', async () => {
		const { discord } = world;
		const author = discord.addUser('[x](https://evil.example)');
		const said = discord.userSays(general(), 'Speak me aloud.', author);
		const handle = discord.messageContext('Speak', said, { user: users().member });
		const result = await discord.waitForResponse(
			handle,
			(r) => r.kind === 'editOriginal' && r.files.length > 0,
			RESULT_TIMEOUT_MS,
		);
		expect(result.message?.content).toMatch(/^🔊 A message by \*\*\\\[x\]\(https:\/\/evil\.example\)\*\*: https:/);
	});
});

describe('chat replies and lines', () => {
	it('tells a participant who did not cause a reply that only its cause or a moderator may delete it', async () => {
		const { discord } = world;
		const sailor = discord.addUser('sailor');
		const threadId = await newChat();
		await answerText(discord, sayInChat(threadId, 'Ahoy there!', sailor));
		await nextReply(threadId, 1);
		discord.userSays(threadId, 'Where is the map?', users().member);
		const reply = await nextReply(threadId, byCharacter(threadId).length);

		const pressed = discord.button(reply, `chat:delete:${threadId}`, { user: sailor });
		expect(await answerText(discord, pressed)).toBe(
			'Only the member whose message caused this reply, or a moderator, can delete it.',
		);
	});

	it('names the member behind a /chat say line in Who prompted this?', async () => {
		const { discord } = world;
		const threadId = await newChat();
		const say = sayInChat(threadId, 'I bring news from the north.', users().member);
		const line = await discord.waitForResponse(say, (r) => Boolean(r.message));
		await nextReply(threadId, byCharacter(threadId).length);

		const asked = discord.messageContext('Who prompted this?', line.message as APIMessage, {
			user: users().moderator,
		});
		const answer = await discord.waitForResponse(asked, (r) => Boolean(contentOf(r)));
		expect(contentOf(answer)).toMatch(new RegExp(`^<@${users().member.id}> caused this message, on <t:\\d+:f>`));
	});
});

describe('/setup block with junk names', () => {
	function blockCalls(): number {
		return world.rostro.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/api/account/block/')).length;
	}

	it('refuses invisible, mention-like and malformed tags before Rostro', async () => {
		const before = blockCalls();
		const invisible = "That tag's name has invisible characters in it; type it again.";
		expect(await setup('block', { kind: 'tag', name: '\u200B' })).toBe(invisible);
		expect(await setup('block', { kind: 'tag', name: 'h\u200Borror' })).toBe(invisible);
		const mention = "Give the tag's name as Rostro shows it, not a Discord mention.";
		expect(await setup('block', { kind: 'tag', name: '<@&role>' })).toBe(mention);
		expect(await setup('block', { kind: 'tag', name: '@everyone' })).toBe(mention);
		expect(await setup('block', { kind: 'user', name: '@here' })).toBe(
			"Give the creator's name as Rostro shows it, not a Discord mention.",
		);
		expect(await setup('block', { kind: 'tag', name: 'horror!!' })).toMatch(/^Give the tag as Rostro writes it:/);
		expect(blockCalls()).toBe(before);
		expect(await setup('show', {})).toContain('Tags hidden from results: none.');
	});

	it('says a creator name must match in case, as Rostro looks it up', async () => {
		expect(await setup('block', { kind: 'user', name: 'CREATOR_B' })).toBe(
			'Rostro has no creator called CREATOR\\_B (user names must match in case too), so nothing was blocked.',
		);
	});

	it('still takes a tag written as Rostro writes it', async () => {
		expect(await setup('block', { kind: 'tag', name: '#Slice of Life' })).toMatch(
			/^The tag \*\*Slice of Life\*\* is now hidden here\./,
		);
		expect(await setup('unblock', { kind: 'tag', name: 'slice of life' })).toMatch(/shows again here\./);
	});
});
