import type { APIMessage, APIUser } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answerMessage, componentOf, linkMember } from '../discovery/world-helpers.js';
import type { InteractionHandle, OptionValues } from '../fakes/discord/index.js';
import { answerText, connectServer, expectNoTrouble, startWorld, type World } from './world.js';

// What /setup block hides beyond /search, /character and /user: /chat start, /follow timeline,
// feed channels, and what the audit log says. The server starts without a token, so its blocks
// live in the bot alone and Rostro leaves nothing out by itself: what is hidden here is hidden by
// the bot. The tests run in order and share the blocks the first ones make.

let world: World;
let member: APIUser;

// A feed check every 1.2 s (plus up to a fifth of jitter), so a test sees several within seconds.
const FEED_INTERVAL_MINUTES = '0.02';
const WAIT_MS = 20_000;
const KAEL = 'creator_b/kael-the-exiled-prince';
const LUNA = 'creator_a/luna-moon-spirit'; // tagged Wholesome
const ARI = 'creator_a/ari-the-cartographer';

beforeAll(async () => {
	world = await startWorld({ ROSTRO_BOT_FEED_INTERVAL_MINUTES: FEED_INTERVAL_MINUTES });
	member = world.discord.guild.users.member;
	await linkMember(world, member, world.rostro.tokens.reader); // reader follows creator_b; its account blocks nothing
});
afterAll(() => world?.close());
afterEach(() => expectNoTrouble(world));

function admin(): APIUser {
	return world.discord.guild.users.admin;
}

function channels() {
	return world.discord.guild.channels;
}

function setup(subcommand: string, options: OptionValues): Promise<string> {
	return answerText(world.discord, world.discord.slash('setup', options, { user: admin(), subcommand }));
}

function auditLine(text: string): Promise<APIMessage> {
	const line = `<@${admin().id}> ${text}.`;
	return world.discord.waitForMessage(channels().system, (message) => message.content === line, WAIT_MS);
}

async function choicesOf(handle: InteractionHandle): Promise<string[]> {
	const answer = await world.discord.waitForResponse(handle, (response) => response.callbackType === 8);
	return (answer.body as { choices: { value: string }[] }).choices.map((choice) => choice.value);
}

function chatSuggestions(typed: string): Promise<string[]> {
	const options = { character: typed };
	return choicesOf(world.discord.autocomplete('chat', 'character', options, { user: member, subcommand: 'start' }));
}

async function timeline(): Promise<APIMessage> {
	const handle = world.discord.slash('follow', {}, { user: member, subcommand: 'timeline' });
	return (await answerMessage(world.discord, handle)).message;
}

/** The creators of the items a list shows, from each embed's footer (`by creator`). */
function creatorsOf(message: APIMessage): string[] {
	return message.embeds.map((embed) => embed.footer?.text.replace(/^by /, '').replace(/ · NSFW$/, '') ?? '');
}

function tagsOf(message: APIMessage): string {
	return message.embeds.map((embed) => embed.description ?? '').join('\n');
}

describe('before anything is hidden', () => {
	it('suggests, shows and lists what the tests below hide', async () => {
		expect(await chatSuggestions('Kael')).toContain(KAEL);
		expect(await chatSuggestions('Luna')).toContain(LUNA);

		const page = await timeline();
		expect(creatorsOf(page)).toContain('creator_b');
		expect(page.content).not.toMatch(/this server hides/);
	});
});

describe('/setup block in the audit log', () => {
	it('names the creator or tag hidden, not only the subcommand', async () => {
		await setup('audit-log', { channel: channels().system });

		expect(await setup('block', { kind: 'user', name: '@creator_b' })).toMatch(/^The creator \*\*creator\\_b\*\*/);
		await auditLine('hid the creator creator\\_b');
		expect(await setup('block', { kind: 'tag', name: 'Wholesome' })).toMatch(/^The tag \*\*Wholesome\*\*/);
		await auditLine('hid the tag Wholesome');

		const vague = world.discord.messages(channels().system).filter((m) => m.content.includes('/setup block'));
		expect(vague).toEqual([]);
	});
});

describe('/chat start', () => {
	it('leaves characters by hidden creators, or with hidden tags, out of its suggestions', async () => {
		expect(await chatSuggestions('Kael')).not.toContain(KAEL);
		expect(await chatSuggestions('Luna')).not.toContain(LUNA);
		expect(await chatSuggestions('Ari')).toContain(ARI);

		const everything = await chatSuggestions('');
		expect(everything.length).toBeGreaterThan(0);
		expect(everything.filter((path) => path.startsWith('creator_b/'))).toEqual([]);
	});

	it('refuses a hidden character typed by id or path, in one sentence, before opening a thread', async () => {
		const { discord } = world;
		const threadsBefore = discord.threads(channels().general).length;
		const start = (character: string) =>
			discord.slash('chat', { character }, { user: member, subcommand: 'start', channelId: channels().general });

		const byId = start(String(world.rostro.project(KAEL).id));
		expect(await answerText(discord, byId)).toBe(
			'This server hides characters by creator\\_b, so a chat with Kael cannot be started.',
		);
		expect(await answerText(discord, start(LUNA))).toBe(
			'This server hides the tag “Wholesome”, which Luna has, so a chat with it cannot be started.',
		);
		expect(discord.threads(channels().general)).toHaveLength(threadsBefore);
		expect(discord.webhooks(channels().general)).toEqual([]);

		expect(await answerText(discord, start(ARI))).toMatch(/^Your chat is open: <#\d+>\.$/);
	});
});

describe('/follow timeline', () => {
	it('leaves out work by hidden creators and with hidden tags, and says how much', async () => {
		// The newest ten are all creator_b's (three of them NSFW besides).
		const first = await timeline();
		expect(first.content).toBe(
			'Nothing on page 1 can be shown here.\n10 items by a creator or with a tag this server hides are left out.',
		);
		expect(first.embeds).toEqual([]);

		const next = componentOf(first, 'follow:page:', '▶');
		const turned = world.discord.button(first, next.custom_id ?? '', { user: member });
		const response = await world.discord.waitForResponse(turned, (r) => r.kind === 'editOriginal');
		const second = response.message as APIMessage;
		expect(second.content).toMatch(/· page 2\n/);
		expect(second.content).toMatch(/\n\d+ items? by a creator or with a tag this server hides (is|are) left out\./);
		expect(second.embeds.length).toBeGreaterThan(0);
		expect(creatorsOf(second)).not.toContain('creator_b');
		expect(tagsOf(second)).not.toContain('Wholesome');
	});
});

describe('feed channels', () => {
	function isFeedPost(message: APIMessage): boolean {
		return message.author.id === world.discord.botUser.id && message.content.startsWith('New on Rostro for');
	}

	function timesPosted(name: string): number {
		const posts = world.discord.messages(channels().general).filter(isFeedPost);
		return posts.flatMap((message) => message.embeds).filter((embed) => embed.title === name).length;
	}

	function waitForPost(name: string): Promise<APIMessage> {
		const carries = (message: APIMessage) => isFeedPost(message) && message.embeds.some((e) => e.title === name);
		return world.discord.waitForMessage(channels().general, carries, WAIT_MS);
	}

	function nextCheck(feedId: string) {
		const { bot } = world;
		const from = bot.logs.length;
		const checked = (line: (typeof bot.logs)[number]) =>
			line.msg === 'feed checked' && line.feedId === feedId && bot.logs.indexOf(line) >= from;
		return bot.waitForLog(checked, WAIT_MS);
	}

	it('do not post new work that is hidden, and do not post it after an unblock either', async () => {
		const { bot, discord, rostro } = world;
		const from = bot.logs.length;
		const feed = discord.slash(
			'follow',
			{ channel: channels().general, kind: 'tag', name: 'Fantasy' },
			{ user: admin(), group: 'feed', subcommand: 'add' },
		);
		expect(await answerText(discord, feed)).toMatch(/^Feed added: new work for tag \*\*Fantasy\*\*/);
		const added = await bot.waitForLog((line) => line.msg === 'feed added' && bot.logs.indexOf(line) >= from);
		const feedId = String(added.feedId);
		await nextCheck(feedId);

		rostro.addCharacter({ name: 'Hidden Heir', creator: 'creator_b', tags: ['Fantasy'] });
		rostro.addCharacter({ name: 'Hidden Picnic', creator: 'lanternfish', tags: ['Fantasy', 'wholesome'] });
		rostro.addCharacter({ name: 'Shown Lantern', creator: 'lanternfish', tags: ['Fantasy'] });
		await waitForPost('Shown Lantern');
		const posting = await bot.waitForLog(
			(line) => line.msg === 'feed checked' && line.feedId === feedId && line.posted === 1,
		);
		expect(posting).toMatchObject({ posted: 1, withheld: 2 });
		await nextCheck(feedId);
		expect(timesPosted('Hidden Heir')).toBe(0);
		expect(timesPosted('Hidden Picnic')).toBe(0);

		// Recorded as seen when withheld: showing them again brings no burst of old work.
		expect(await setup('unblock', { kind: 'user', name: 'creator_b' })).toMatch(/shows again here\.$/);
		await auditLine('showed the creator creator\\_b again');
		expect(await setup('unblock', { kind: 'tag', name: 'wholesome' })).toMatch(/shows again here\.$/);
		await auditLine('showed the tag Wholesome again');
		await nextCheck(feedId);
		await nextCheck(feedId);
		expect(timesPosted('Hidden Heir')).toBe(0);
		expect(timesPosted('Hidden Picnic')).toBe(0);

		rostro.addCharacter({ name: 'Heir Returns', creator: 'creator_b', tags: ['Fantasy'] });
		await waitForPost('Heir Returns');
		expect(timesPosted('Shown Lantern')).toBe(1);
	});
});

describe('/setup block on the server account, in the audit log', () => {
	it("says when the server's Rostro account blocked or unblocked it too", async () => {
		await connectServer(world);
		await setup('block', { kind: 'user', name: 'lanternfish' });
		await auditLine("hid the creator lanternfish and blocked it on the server's Rostro account");
		await setup('block', { kind: 'user', name: 'lanternfish' });
		await auditLine("hid the creator lanternfish again and blocked it on the server's Rostro account");
		await setup('unblock', { kind: 'user', name: 'lanternfish' });
		await auditLine("showed the creator lanternfish again and unblocked it on the server's Rostro account");
	});
});
