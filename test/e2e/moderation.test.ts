import type { APIMessage, APIUser } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionHandle } from '../fakes/discord/index.js';
import {
	answerText,
	expectNoTrouble,
	privateSentence as privateAnswer,
	startConnectedWorld,
	type World,
} from './world.js';

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

function privateSentence(handle: InteractionHandle): Promise<string> {
	return privateAnswer(world.discord, handle, RESULT_TIMEOUT_MS);
}

function whoPrompted(message: APIMessage, user: APIUser = users().moderator): Promise<string> {
	return privateSentence(world.discord.messageContext('Who prompted this?', message, { user }));
}

function rostroCalls(path: string): number {
	return world.rostro.requests.filter((request) => request.path.endsWith(path)).length;
}

async function setup(subcommand: string, options: Record<string, string | number | boolean>): Promise<string> {
	const handle = world.discord.slash('setup', options, { user: users().admin, subcommand });
	return privateSentence(handle);
}

async function newChat(): Promise<string> {
	const handle = world.discord.slash(
		'chat',
		{ character: 'creator_a/ari-the-cartographer' },
		{ user: users().member, subcommand: 'start', channelId: general() },
	);
	const text = await answerText(world.discord, handle);
	return text.match(/<#(\d+)>/)?.[1] as string;
}

/** The character's finished reply in a thread: its last message carries the reply buttons. */
async function characterReply(threadId: string, after: number): Promise<APIMessage> {
	const { discord } = world;
	const byCharacter = (m: APIMessage) => m.webhook_id !== undefined && m.author.id !== discord.botUser.id;
	await discord.waitFor(
		() =>
			discord
				.messages(threadId)
				.slice(after)
				.some((m) => byCharacter(m) && m.components?.length),
		RESULT_TIMEOUT_MS,
	);
	return discord.messages(threadId).slice(after).filter(byCharacter)[0] as APIMessage;
}

describe('Who prompted this?', () => {
	it('names the member behind a character’s webhook reply, privately, with the time', async () => {
		const { discord } = world;
		const threadId = await newChat();
		const count = discord.messages(threadId).length;
		discord.userSays(threadId, 'Which way to the harbour?', users().member);
		const reply = await characterReply(threadId, count);
		expect(reply.webhook_id).toBeDefined();

		const answer = await whoPrompted(reply);
		expect(answer).toMatch(new RegExp(`^<@${users().member.id}> caused this message, on <t:\\d+:f>`));

		const greeting = discord.messages(threadId).find((m) => m.webhook_id !== undefined) as APIMessage;
		expect(await whoPrompted(greeting)).toContain(`<@${users().member.id}> caused this message`);
	});

	it('names the member behind a /tts result', async () => {
		const { discord } = world;
		const handle = discord.slash('tts', { text: 'The tide is in.' }, { user: users().member });
		const result = await discord.waitForResponse(
			handle,
			(response) => response.kind === 'editOriginal' && response.files.length > 0,
			RESULT_TIMEOUT_MS,
		);
		await world.bot.waitForLog((line) => line.msg === 'speech delivered', RESULT_TIMEOUT_MS);

		const answer = await whoPrompted(result.message as APIMessage, users().admin);
		expect(answer).toContain(`<@${users().member.id}> caused this message`);
	});

	it('names the member behind an /imagine result', async () => {
		const { discord } = world;
		const handle = discord.slash('imagine', { prompt: 'a lighthouse at dusk' }, { user: users().member });
		const result = await discord.waitForResponse(
			handle,
			(response) => response.kind === 'editOriginal' && Boolean(response.message?.embeds.length),
			RESULT_TIMEOUT_MS,
		);
		await world.bot.waitForLog((line) => line.msg === 'media delivered', RESULT_TIMEOUT_MS);

		const answer = await whoPrompted(result.message as APIMessage);
		expect(answer).toContain(`<@${users().member.id}> caused this message`);
	});

	it('says a member’s own message was not posted by the bot', async () => {
		const said = world.discord.userSays(general(), 'just me talking', users().member);
		expect(await whoPrompted(said)).toBe(`I did not post that message: <@${users().member.id}> wrote it themselves.`);
	});

	it('says so for a webhook message it has no record of', async () => {
		const { discord } = world;
		const webhook = discord.addWebhook(general(), { name: 'Someone else' });
		const posted = await fetch(`${discord.apiUrl}/v10/webhooks/${webhook.id}/${webhook.token}?wait=true`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ content: 'posted by another app' }),
		});
		const message = (await posted.json()) as APIMessage;
		expect(message.webhook_id).toBe(webhook.id);
		expect(await whoPrompted(message)).toMatch(/^I have no record of who caused that message/);
	});
});

describe('Detect emotion', () => {
	it('reads the emotion of a message’s text with Rostro and answers privately', async () => {
		const said = world.discord.userSays(general(), 'I am so happy and glad today!', users().member);
		const handle = world.discord.messageContext('Detect emotion', said, { user: users().member });
		const answer = await privateSentence(handle);

		const request = world.rostro.requests.filter((r) => r.path === '/api/infer/emotion').at(-1);
		expect((request?.body as { text?: string } | undefined)?.text).toBe('I am so happy and glad today!');
		expect(answer).toMatch(/^Rostro reads \*\*\w+\*\* in that message \(\d+% confidence\)\.$/);
	});

	it('says so for a message without text, and asks Rostro for nothing', async () => {
		const before = rostroCalls('/api/infer/emotion');
		const picture = world.discord.userSays(general(), '', users().member, [
			{ filename: 'cat.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
		]);
		const handle = world.discord.messageContext('Detect emotion', picture, { user: users().member });
		expect(await privateSentence(handle)).toBe('That message has no text to read an emotion in.');
		expect(rostroCalls('/api/infer/emotion')).toBe(before);
	});
});

describe('/report', () => {
	it('suggests characters by project id and files the report with Rostro', async () => {
		const { discord, rostro } = world;
		const suggestions = discord.autocomplete('report', 'project', { project: 'ari' }, { user: users().member });
		const response = await discord.waitForResponse(suggestions, (r) => r.callbackType === 8);
		const choices = (response.body as { choices: { name: string; value: string }[] }).choices;
		const ari = choices.find((choice) => choice.name.includes('ari-the-cartographer'));
		expect(ari?.value).toMatch(/^\d+$/);

		const handle = discord.slash(
			'report',
			{ project: ari?.value ?? '', reason: 'Spam in the greeting' },
			{
				user: users().member,
			},
		);
		expect(await privateSentence(handle)).toMatch(/^Thank you: your report about \*\*.+\*\* went to Rostro’s/);
		const report = rostro.data.reports.at(-1);
		expect(report?.projectId).toBe(Number(ari?.value));
		expect(report?.reason).toBe('Spam in the greeting');
	});
});

describe('/setup blocked-words', () => {
	it('adds, lists and removes words, for admins only', async () => {
		expect(await setup('blocked-words', { action: 'add', words: 'Kraken, sea serpent, kraken' })).toBe(
			'Blocked now: “Kraken”, “sea serpent”.',
		);
		expect(await setup('blocked-words', { action: 'list' })).toBe('Blocked now: “Kraken”, “sea serpent”.');

		const member = world.discord.slash(
			'setup',
			{ action: 'list' },
			{ user: users().member, subcommand: 'blocked-words' },
		);
		expect(await privateSentence(member)).toBe('Only members with the Manage Server permission can do that.');
		expect(await setup('show', {})).toContain('Blocked words and phrases: 2.');
	});

	it('refuses an /imagine prompt with a blocked word before any call to Rostro', async () => {
		const before = rostroCalls('/imagine');
		const handle = world.discord.slash('imagine', { prompt: 'a KRÄKEN rising' }, { user: users().member });
		expect(await privateSentence(handle)).toBe(
			'This server blocks “Kraken”, so your prompt was not sent to Rostro. Reword it and try again.',
		);
		expect(rostroCalls('/imagine')).toBe(before);
	});

	it('refuses /tts text with a blocked phrase hidden by zero-width characters', async () => {
		const before = rostroCalls('/tts');
		const handle = world.discord.slash('tts', { text: 'Beware the sea\u200B serpent!' }, { user: users().member });
		expect(await privateSentence(handle)).toMatch(/^This server blocks “sea serpent”, so your text was not sent/);
		expect(rostroCalls('/tts')).toBe(before);
	});

	it('refuses /chat say privately and keeps a plain message from the character', async () => {
		const { discord } = world;
		const threadId = await newChat();
		const completionsBefore = rostroCalls('/chat/completions');
		const say = discord.slash(
			'chat',
			{ message: 'Tell me of the kraken' },
			{
				user: users().member,
				subcommand: 'say',
				channelId: threadId,
			},
		);
		expect(await privateSentence(say)).toMatch(/^This server blocks “Kraken”, so your line was not sent/);

		discord.userSays(threadId, 'the Kraken, again', users().member);
		const notice = await discord.waitForMessage(threadId, (m) => m.content.includes('was not sent'), RESULT_TIMEOUT_MS);
		expect(notice.content).not.toContain('Kraken');
		expect(rostroCalls('/chat/completions')).toBe(completionsBefore);
	});

	it('lets a blocked word inside a longer word through', async () => {
		const { discord } = world;
		const threadId = await newChat();
		const count = discord.messages(threadId).length;
		const say = discord.slash(
			'chat',
			{ message: 'The krakens are only a tale' },
			{
				user: users().member,
				subcommand: 'say',
				channelId: threadId,
			},
		);
		expect(await answerText(discord, say)).toMatch(/The krakens are only a tale$/);
		await characterReply(threadId, count);
	});

	it('removes words, after which prompts with them go through', async () => {
		expect(await setup('blocked-words', { action: 'remove', words: 'KRAKEN, sea serpent' })).toBe(
			'No words are blocked now.',
		);
		const before = rostroCalls('/tts');
		const handle = world.discord.slash('tts', { text: 'Beware the sea serpent!' }, { user: users().member });
		await world.discord.waitForResponse(
			handle,
			(r) => r.kind === 'editOriginal' && r.files.length > 0,
			RESULT_TIMEOUT_MS,
		);
		expect(rostroCalls('/tts')).toBe(before + 1);
	});
});

describe('/setup nsfw', () => {
	async function suggestionsInNsfwChannel(command: string, option: string, subcommand?: string): Promise<string> {
		const handle = world.discord.autocomplete(
			command,
			option,
			{ [option]: 'velvet' },
			{
				user: users().member,
				channelId: world.discord.guild.channels.nsfw,
				...(subcommand ? { subcommand } : {}),
			},
		);
		const response = await world.discord.waitForResponse(handle, (r) => r.callbackType === 8);
		return JSON.stringify(response.body);
	}

	it('off hides NSFW characters even in age-restricted channels; age-restricted shows them there again', async () => {
		expect(await setup('nsfw', { mode: 'off' })).toBe(
			'NSFW content is now off everywhere in this server, age-restricted channels included.',
		);
		expect(await setup('show', {})).toContain('NSFW content: off everywhere.');
		expect(await suggestionsInNsfwChannel('chat', 'character', 'start')).not.toContain('madame-velvet-rose');
		expect(await suggestionsInNsfwChannel('report', 'project')).not.toContain('madame-velvet-rose');

		const nsfw = world.discord.guild.channels.nsfw;
		const start = world.discord.slash(
			'chat',
			{ character: 'creator_a/madame-velvet-rose' },
			{ user: users().member, subcommand: 'start', channelId: nsfw },
		);
		expect(await privateSentence(start)).toMatch(/is NSFW, and this server has NSFW content turned off\.$/);
		const card = world.discord.slash(
			'character',
			{ name: 'creator_a/madame-velvet-rose' },
			{ user: users().member, channelId: nsfw },
		);
		expect(await privateSentence(card)).toMatch(/is NSFW, and this server has NSFW content turned off\.$/);

		expect(await setup('nsfw', { mode: 'age-restricted' })).toBe(
			'NSFW content now shows only in age-restricted channels (and their threads).',
		);
		expect(await setup('show', {})).toContain('NSFW content: only in age-restricted channels');
		expect(await suggestionsInNsfwChannel('chat', 'character', 'start')).toContain('madame-velvet-rose');
		expect(await suggestionsInNsfwChannel('report', 'project')).toContain('madame-velvet-rose');
	});
});

describe('/setup roles', () => {
	function roles() {
		return world.discord.guild.roles;
	}

	async function ttsBy(user: APIUser, text: string): Promise<InteractionHandle> {
		return world.discord.slash('tts', { text }, { user });
	}

	it('limits a feature to a role: others are refused before Rostro, the role and admins may', async () => {
		expect(await setup('roles', { feature: 'tts', role: roles().moderator, allow: true })).toBe(
			`Who may use tts: only <@&${roles().moderator}>.`,
		);

		const before = rostroCalls('/tts');
		const refused = await ttsBy(users().member, 'Let me speak.');
		expect(await privateSentence(refused)).toBe('Your roles do not allow tts in this server; ask an admin.');
		expect(rostroCalls('/tts')).toBe(before);

		for (const user of [users().moderator, users().admin]) {
			const allowed = await ttsBy(user, `Spoken by ${user.username}.`);
			await world.discord.waitForResponse(
				allowed,
				(r) => r.kind === 'editOriginal' && r.files.length > 0,
				RESULT_TIMEOUT_MS,
			);
		}
		expect(rostroCalls('/tts')).toBe(before + 2);
		expect(await setup('show', {})).toContain(`Who may use tts: only <@&${roles().moderator}>.`);
	});

	it('keeps a denied role from a feature, and roles-reset lets everyone use it again', async () => {
		expect(await setup('roles', { feature: 'tts', role: roles().moderator, allow: false })).toBe(
			`Who may use tts: everyone but not <@&${roles().moderator}>.`,
		);
		const said = world.discord.userSays(general(), 'Hear this.', users().member);
		const speak = world.discord.messageContext('Speak', said, { user: users().moderator });
		expect(await privateSentence(speak)).toBe('Your roles do not allow tts in this server; ask an admin.');

		expect(await setup('roles-reset', { feature: 'tts' })).toBe('Everyone may use tts again.');
		const allowed = await ttsBy(users().moderator, 'Back again.');
		await world.discord.waitForResponse(
			allowed,
			(r) => r.kind === 'editOriginal' && r.files.length > 0,
			RESULT_TIMEOUT_MS,
		);
	});

	it('keeps chat from a member without an allowed role: commands, buttons and plain lines', async () => {
		const { discord } = world;
		const threadId = await newChat();
		expect(await setup('roles', { feature: 'chat', role: roles().moderator, allow: true })).toBe(
			`Who may use chat: only <@&${roles().moderator}>.`,
		);
		const completionsBefore = rostroCalls('/chat/completions');
		const say = discord.slash(
			'chat',
			{ message: 'Hello?' },
			{ user: users().member, subcommand: 'say', channelId: threadId },
		);
		expect(await privateSentence(say)).toBe('Your roles do not allow chat in this server; ask an admin.');

		discord.userSays(threadId, 'Anyone there?', users().member);
		const notice = await discord.waitForMessage(threadId, (m) => m.content.includes('your roles do not allow'));
		expect(notice.content).toMatch(/^-# That line was not sent/);
		expect(rostroCalls('/chat/completions')).toBe(completionsBefore);
		expect(await setup('roles-reset', { feature: 'chat' })).toBe('Everyone may use chat again.');
	});

	it('refuses a plain member who tries to change the rules', async () => {
		const handle = world.discord.slash(
			'setup',
			{ feature: 'chat', role: roles().moderator, allow: false },
			{ user: users().member, subcommand: 'roles' },
		);
		expect(await privateSentence(handle)).toBe('Only members with the Manage Server permission can do that.');
	});
});

describe('/setup cooldown and /setup quota', () => {
	function ttsBy(user: APIUser, text: string): InteractionHandle {
		return world.discord.slash('tts', { text }, { user });
	}

	async function spoken(handle: InteractionHandle): Promise<void> {
		await world.discord.waitForResponse(
			handle,
			(r) => r.kind === 'editOriginal' && r.files.length > 0,
			RESULT_TIMEOUT_MS,
		);
	}

	it('counts a daily quota across a restart; a member’s own token is exempt from it, not from roles', async () => {
		const { discord, rostro } = world;
		expect(await setup('quota', { feature: 'tts', daily: 1 })).toBe(
			"Each member may now use tts 1 time a day on the server's account.",
		);
		await spoken(ttsBy(users().member, 'First of the day.'));

		const before = rostroCalls('/tts');
		const refusal = /^You have used tts 1 time today, this server's daily limit; try again <t:\d+:R>\.$/;
		expect(await privateSentence(ttsBy(users().member, 'Second of the day.'))).toMatch(refusal);
		await world.restart();
		expect(await privateSentence(ttsBy(users().member, 'After the restart.'))).toMatch(refusal);
		expect(rostroCalls('/tts')).toBe(before);
		expect(await setup('show', {})).toContain(
			"Limits on tts (server's account only): no cooldown, 1 a day per member.",
		);

		await discord.waitForResponse(discord.slash('account', {}, { user: users().member, subcommand: 'link' }));
		await answerText(
			discord,
			discord.modalSubmit('account:link', { token: rostro.tokens.reader }, { user: users().member }),
		);
		await spoken(ttsBy(users().member, 'On my own account.'));

		await setup('roles', { feature: 'tts', role: world.discord.guild.roles.moderator, allow: true });
		expect(await privateSentence(ttsBy(users().member, 'Still mine.'))).toBe(
			'Your roles do not allow tts in this server; ask an admin.',
		);

		await setup('roles-reset', { feature: 'tts' });
		await answerText(discord, discord.slash('account', {}, { user: users().member, subcommand: 'unlink' }));
		expect(await setup('quota', { feature: 'tts', daily: 0 })).toBe('tts has no daily quota now.');
	});

	it('makes a member wait between uses, and tells them when they may go again', async () => {
		expect(await setup('cooldown', { feature: 'tts', seconds: 3_600 })).toBe(
			"Members now wait 3600 s between uses of tts on the server's account.",
		);
		await spoken(ttsBy(users().moderator, 'Once.'));
		expect(await privateSentence(ttsBy(users().moderator, 'Twice.'))).toMatch(/^You can use tts again <t:\d+:R>\.$/);
		await spoken(ttsBy(users().admin, 'Someone else is not held back.'));
		expect(await setup('cooldown', { feature: 'tts', seconds: 0 })).toBe('tts has no cooldown now.');
		await spoken(ttsBy(users().moderator, 'Free again.'));
	});
});

describe('/setup audit-log', () => {
	function system(): string {
		return world.discord.guild.channels.system;
	}

	function auditLine(pattern: RegExp): Promise<APIMessage> {
		return world.discord.waitForMessage(system(), (m) => pattern.test(m.content), RESULT_TIMEOUT_MS);
	}

	it('logs setup changes, generations and public chats, and only the start of a private chat', async () => {
		const { discord } = world;
		expect(await setup('audit-log', { channel: system() })).toBe(`The audit log now goes to <#${system()}>.`);
		await setup('nsfw', { mode: 'age-restricted' });
		await auditLine(new RegExp(`^<@${users().admin.id}> changed the setup: /setup nsfw\\.$`));

		const tts = discord.slash('tts', { text: 'Ring the harbour bell.' }, { user: users().member });
		await discord.waitForResponse(tts, (r) => r.kind === 'editOriginal' && r.files.length > 0, RESULT_TIMEOUT_MS);
		// Earlier tests' generations may still be reaching the log as it turns on: match this one only.
		const spoken = await auditLine(/made speech with \/tts[\s\S]*Ring the harbour bell/);
		expect(spoken.content).toContain(`<@${users().member.id}> made speech with /tts in <#${general()}>.`);
		expect(spoken.content).toContain('> Ring the harbour bell.');
		expect(spoken.content).toContain(`https://discord.com/channels/${discord.guild.id}/${general()}/`);

		const threadId = await newChat();
		await auditLine(new RegExp(`started a chat with .+ in <#${threadId}>\\.$`));
		const end = discord.slash('chat', {}, { user: users().member, subcommand: 'end', channelId: threadId });
		await answerText(discord, end);
		await auditLine(new RegExp(`^<@${users().member.id}> ended the chat with .+ in <#${threadId}>\\.$`));

		const secret = discord.slash(
			'chat',
			{ character: 'creator_a/ari-the-cartographer', private: true },
			{ user: users().member, subcommand: 'start', channelId: general() },
		);
		await answerText(discord, secret);
		const started = await auditLine(/started a private chat/);
		expect(started.content).toBe(`<@${users().member.id}> started a private chat.`);
		for (const message of discord.messages(system())) {
			expect(world.discord.allowedMentionsOf(message.id)).toEqual({ parse: [] });
		}

		discord.slash('imagine', { prompt: 'a bell tower in fog' }, { user: users().member });
		const made = await auditLine(/generated image with \/imagine[\s\S]*a bell tower in fog/);
		expect(made.content).toMatch(
			new RegExp(`^<@${users().member.id}> generated image with /imagine in <#${general()}>\\.`),
		);
		expect(made.content).toContain('> a bell tower in fog');

		expect(await setup('audit-log', {})).toBe('The audit log is off now.');
	});
});
