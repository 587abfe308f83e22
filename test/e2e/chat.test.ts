import { ChannelType, PermissionFlagsBits } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OptionValues } from '../fakes/discord/index.js';
import { answerText, expectNoTrouble, startConnectedWorld, type World } from './world.js';

let world: World;

beforeAll(async () => {
	world = await startConnectedWorld();
});
afterAll(() => world?.close());
afterEach(() => {
	expectNoTrouble(world);
});

function startChat(options: OptionValues, channelId = world.discord.guild.channels.general) {
	const { discord } = world;
	return discord.slash('chat', options, { user: discord.guild.users.member, subcommand: 'start', channelId });
}

async function openedThread(handle: ReturnType<typeof startChat>): Promise<string> {
	const text = await answerText(world.discord, handle);
	const threadId = text.match(/<#(\d+)>/)?.[1];
	if (!threadId) throw new Error(`no thread in: ${text}`);
	return threadId;
}

describe('/chat start', () => {
	it('opens a thread named after the character and greets in its name through the bot webhook', async () => {
		const { discord } = world;
		const threadId = await openedThread(startChat({ character: 'creator_a/ari-the-cartographer' }));
		const thread = discord.threads(discord.guild.channels.general).find((t) => t.id === threadId);
		expect(thread).toMatchObject({ name: 'Ari', type: ChannelType.PublicThread });

		const [greeting] = discord.messages(threadId);
		expect(greeting?.author.username).toBe('Ari');
		expect(greeting?.webhook_id).toBeDefined();
		expect(greeting?.content).toMatch(
			/^\*Ari looks up from a half-finished chart\.\* Oh, good, a traveller\. Tell me, /,
		);
		expect(greeting?.content).not.toContain('{{');
		expect(discord.allowedMentionsOf(greeting?.id as string)).toEqual({ parse: [] });

		const [webhook] = discord.webhooks(discord.guild.channels.general);
		expect(webhook?.application_id).toBe(discord.applicationId);
	});

	it('reuses its one webhook per channel and picks the alternate greeting asked for', async () => {
		const { discord } = world;
		const threadId = await openedThread(startChat({ character: 'creator_a/ari-the-cartographer', greeting: '1' }));
		expect(discord.messages(threadId)[0]?.content).toMatch(/soaked to the knees/);
		expect(discord.webhooks(discord.guild.channels.general)).toHaveLength(1);
	});

	it('cleans names Discord refuses for webhooks', async () => {
		const threadId = await openedThread(startChat({ character: 'creator_a/discord-kitten' }));
		const author = world.discord.messages(threadId)[0]?.author.username ?? '';
		expect(author.toLowerCase()).not.toContain('discord');
	});

	it('opens a private thread with the starter added', async () => {
		const { discord } = world;
		const threadId = await openedThread(startChat({ character: 'creator_a/ari-the-cartographer', private: true }));
		const thread = discord.threads(discord.guild.channels.general).find((t) => t.id === threadId);
		expect(thread?.type).toBe(ChannelType.PrivateThread);
		const added = discord.calls.find(
			(call) => call.method === 'PUT' && call.path.includes(`/channels/${threadId}/thread-members/`),
		);
		expect(added?.path).toContain(discord.guild.users.member.id);
	});

	it('opens a new post in a forum channel', async () => {
		const { discord } = world;
		const threadId = await openedThread(
			startChat({ character: 'creator_a/ari-the-cartographer' }, discord.guild.channels.forum),
		);
		const post = discord.threads(discord.guild.channels.forum).find((t) => t.id === threadId);
		expect(post?.name).toBe('Ari');
		expect(discord.messages(threadId)[0]?.author.username).toBe('Ari');
	});

	it('refuses an NSFW character outside age-restricted channels, and allows it inside', async () => {
		const refused = startChat({ character: 'creator_a/madame-velvet-rose' });
		expect(await answerText(world.discord, refused)).toBe('Velvet is for age-restricted channels only.');
		const threadId = await openedThread(
			startChat({ character: 'creator_a/madame-velvet-rose' }, world.discord.guild.channels.nsfw),
		);
		expect(world.discord.messages(threadId)).toHaveLength(1);
	});

	it('refuses a model Rostro does not list before opening a thread', async () => {
		const { discord } = world;
		const threads = discord.threads(discord.guild.channels.general).length;
		const refused = startChat({ character: 'creator_a/ari-the-cartographer', model: 'gpt-17' });
		expect(await answerText(discord, refused)).toBe('Rostro has no chat model called gpt-17.');
		expect(discord.threads(discord.guild.channels.general)).toHaveLength(threads);
	});

	it('explains that chats start outside threads', async () => {
		const threadId = await openedThread(startChat({ character: 'creator_a/ari-the-cartographer' }));
		const inside = startChat({ character: 'creator_a/ari-the-cartographer' }, threadId);
		expect(await answerText(world.discord, inside)).toBe(
			'Chats start from a text or forum channel; run /chat start there.',
		);
	});

	it('speaks as itself, the name in bold, without Manage Webhooks', async () => {
		const { discord } = world;
		const channelId = discord.guild.channels.system;
		discord.setPermissions(channelId, [
			{ id: discord.guild.roles.bot, type: 0, deny: PermissionFlagsBits.ManageWebhooks },
		]);
		const threadId = await openedThread(startChat({ character: 'creator_a/ari-the-cartographer' }, channelId));
		const [greeting] = discord.messages(threadId);
		expect(greeting?.author.id).toBe(discord.botUser.id);
		expect(greeting?.content).toMatch(/^\*\*Ari\*\*\n\*Ari looks up/);
	});

	it('suggests characters by name, without NSFW ones outside age-restricted channels', async () => {
		const { discord } = world;
		const user = discord.guild.users.member;
		const normal = discord.autocomplete('chat', 'character', { character: 'a' }, { user, subcommand: 'start' });
		const choices = await discord.waitForResponse(normal, (r) => r.callbackType === 8);
		const names = (choices.body as { choices: { name: string; value: string }[] }).choices;
		expect(names.length).toBeGreaterThan(0);
		expect(names.map((choice) => choice.value)).not.toContain('creator_a/madame-velvet-rose');

		const nsfwChannel = discord.guild.channels.nsfw;
		const adult = discord.autocomplete(
			'chat',
			'character',
			{ character: 'velvet' },
			{ user, subcommand: 'start', channelId: nsfwChannel },
		);
		const adultChoices = await discord.waitForResponse(adult, (r) => r.callbackType === 8);
		expect(JSON.stringify(adultChoices.body)).toContain('creator_a/madame-velvet-rose');
	});
});
