import type { APIMessage, APIUser } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answerMessage, componentOf, linkMember } from '../discovery/world-helpers.js';
import type { InteractionHandle, OptionValues } from '../fakes/discord/index.js';
import { encodePng } from '../fakes/rostro/index.js';
import {
	answerText,
	expectNoTrouble,
	privateSentence as privateAnswer,
	startConnectedWorld,
	type World,
} from './world.js';

// Cooldowns and quotas on chat, search, follow and gallery, what /account status says is left,
// and the audit lines of uploads and follow changes. Each test uses members of its own, so the
// counters of one never meet another's.

let world: World;
let reader: APIUser;

beforeAll(async () => {
	world = await startConnectedWorld({ DISCORD_MESSAGE_CONTENT: 'true' });
	reader = world.discord.addUser('reader-with-own-token');
	await linkMember(world, reader, world.rostro.tokens.reader);
});
afterAll(() => world?.close());
afterEach(() => {
	expectNoTrouble(world);
});

const RESULT_TIMEOUT_MS = 40_000;
const COOLDOWN = (feature: string) => new RegExp(`^You can use ${feature} again <t:\\d+:R>\\.$`);
const QUOTA = (feature: string) =>
	new RegExp(`^You have used ${feature} 1 time today, this server's daily limit; try again <t:\\d+:R>\\.$`);

function users() {
	return world.discord.guild.users;
}

function general(): string {
	return world.discord.guild.channels.general;
}

function newAdmin(name: string): APIUser {
	return world.discord.addUser(name, [world.discord.guild.roles.admin]);
}

function privateSentence(handle: InteractionHandle): Promise<string> {
	return privateAnswer(world.discord, handle, RESULT_TIMEOUT_MS);
}

function rostroCalls(matches: (path: string, method: string) => boolean): number {
	return world.rostro.requests.filter((request) => matches(request.path, request.method)).length;
}

async function setup(subcommand: string, options: Record<string, string | number>): Promise<string> {
	return privateSentence(world.discord.slash('setup', options, { user: users().admin, subcommand }));
}

async function accountStatus(user: APIUser): Promise<string> {
	return privateSentence(world.discord.slash('account', {}, { user, subcommand: 'status' }));
}

function project(slug: string) {
	return world.rostro.project(`creator_a/${slug}`);
}

interface SelectMenu {
	custom_id: string;
}

/** Upload to gallery on a new message, up to its caption modal; resolves with the modal's id and the message. */
async function openUploadModal(user: APIUser): Promise<{ modalId: string; posted: APIMessage }> {
	const { discord } = world;
	const png = encodePng({ width: 12, height: 12 }, 'sketch');
	const posted = discord.userSays(general(), 'a sketch', user, [{ filename: 'sketch.png', data: png }]);
	const handle = discord.messageContext('Upload to gallery', posted, { user });
	const menuOf = (message: APIMessage | undefined) =>
		((message?.components ?? []) as unknown as { components: SelectMenu[] }[])[0]?.components[0];
	const picker = await discord.waitForResponse(handle, (response) => Boolean(menuOf(response.message)));
	const menu = menuOf(picker.message) as SelectMenu;
	const select = discord.select(picker.message as APIMessage, menu.custom_id, [String(project('unit-7').id)], {
		user,
	});
	const modal = await discord.waitForResponse(select, (response) => response.callbackType === 9);
	return { modalId: (modal.body as { custom_id: string }).custom_id, posted };
}

describe('chat limits', () => {
	const completions = () => rostroCalls((path) => path.endsWith('/chat/completions'));

	async function newChat(user: APIUser): Promise<string> {
		const start = world.discord.slash(
			'chat',
			{ character: 'creator_a/ari-the-cartographer' },
			{ user, subcommand: 'start', channelId: general() },
		);
		return (await answerText(world.discord, start)).match(/<#(\d+)>/)?.[1] as string;
	}

	function say(threadId: string, message: string, user: APIUser): InteractionHandle {
		return world.discord.slash('chat', { message }, { user, subcommand: 'say', channelId: threadId });
	}

	/** Waits for the character's finished reply after message `after`: its last message carries the buttons. */
	async function characterAnswered(threadId: string, after: number): Promise<void> {
		const { discord } = world;
		await discord.waitFor(
			() =>
				discord
					.messages(threadId)
					.slice(after)
					.some((m) => m.webhook_id !== undefined && m.components?.length),
			RESULT_TIMEOUT_MS,
		);
	}

	it('a cooldown refuses /chat say privately and notes a plain line once, without asking Rostro', async () => {
		const { discord } = world;
		const writer = discord.addUser('chat-cooldown-say');
		const plainWriter = discord.addUser('chat-cooldown-plain');
		const threadId = await newChat(writer);
		expect(await setup('cooldown', { feature: 'chat', seconds: 3_600 })).toBe(
			"Members now wait 3600 s between uses of chat on the server's account.",
		);

		let count = discord.messages(threadId).length;
		await answerText(discord, say(threadId, 'Where does the river go?', writer));
		await characterAnswered(threadId, count);
		count = discord.messages(threadId).length;
		discord.userSays(threadId, 'And the mountains?', plainWriter);
		await characterAnswered(threadId, count);
		const before = completions();

		expect(await privateSentence(say(threadId, 'Tell me more!', writer))).toMatch(COOLDOWN('chat'));
		discord.userSays(threadId, 'Hello again?', plainWriter);
		const note = await discord.waitForMessage(threadId, (m) => m.content.includes('You can use chat again'));
		expect(note.content).toMatch(
			/^-# That line was not sent to the character\. You can use chat again <t:\d+:R>\. Lines written before then/,
		);
		expect(discord.allowedMentionsOf(note.id)).toMatchObject({ parse: [] });

		discord.userSays(threadId, 'Anyone?', plainWriter);
		await world.bot.waitForLog(
			(line) => line.msg === 'chat line over the limits' && line.userId === plainWriter.id && line.first === false,
		);
		const notes = discord.messages(threadId).filter((m) => m.content.includes('That line was not sent'));
		expect(notes).toHaveLength(1);
		expect(completions()).toBe(before);
		expect(await setup('cooldown', { feature: 'chat', seconds: 0 })).toBe('chat has no cooldown now.');
	});

	it('a daily quota refuses the next line with when to try again; /account status shows it is used up', async () => {
		const { discord } = world;
		const writer = discord.addUser('chat-quota');
		const threadId = await newChat(writer);
		await setup('quota', { feature: 'chat', daily: 1 });

		const count = discord.messages(threadId).length;
		await answerText(discord, say(threadId, 'One question only.', writer));
		await characterAnswered(threadId, count);
		const before = completions();

		expect(await privateSentence(say(threadId, 'A second one?', writer))).toMatch(QUOTA('chat'));
		const reply = discord.messages(threadId).findLast((m) => m.webhook_id !== undefined && m.components?.length);
		if (!reply) throw new Error('no reply with buttons');
		// Another take costs credits like a line does, so it is refused too.
		const regenerate = discord.button(reply, `chat:regen:${threadId}`, { user: writer });
		expect(await privateSentence(regenerate)).toMatch(QUOTA('chat'));
		expect(completions()).toBe(before);
		expect(await accountStatus(writer)).toMatch(
			/\nLeft for you today on the server's account \(a day ends at midnight UTC\):\n- chat: 0 of 1 left today; more <t:\d+:R>$/,
		);
		await setup('quota', { feature: 'chat', daily: 0 });
	});
});

describe('search limits', () => {
	const searches = () => rostroCalls((path) => path === '/search');

	function search(user: APIUser, query = 'a'): InteractionHandle {
		return world.discord.slash('search', { query }, { user, channelId: general() });
	}

	it('a cooldown refuses a new search without asking Rostro, while page turns still work', async () => {
		const searcher = world.discord.addUser('search-cooldown');
		await setup('cooldown', { feature: 'search', seconds: 3_600 });
		const { message: list } = await answerMessage(world.discord, search(searcher));
		const before = searches();

		expect(await privateSentence(search(searcher, 'b'))).toMatch(COOLDOWN('search'));
		expect(searches()).toBe(before);

		const next = componentOf(list, 'search:page:', '▶').custom_id ?? '';
		const turned = world.discord.button(list, next, { user: searcher });
		const page2 = await world.discord.waitForResponse(turned, (r) => r.kind === 'editOriginal');
		expect(page2.message?.content).toMatch(/^Results 11–20/);
		expect(await accountStatus(searcher)).toMatch(/\n- search: ready again <t:\d+:R>$/);
		await setup('cooldown', { feature: 'search', seconds: 0 });
	});

	it('a daily quota refuses the next search; a member’s linked token is exempt and told so', async () => {
		const searcher = world.discord.addUser('search-quota');
		await setup('quota', { feature: 'search', daily: 1 });
		expect(await accountStatus(searcher)).toContain('\n- search: 1 of 1 left today');
		await answerMessage(world.discord, search(searcher));
		const before = searches();

		expect(await privateSentence(search(searcher))).toMatch(QUOTA('search'));
		expect(searches()).toBe(before);

		for (const query of ['a', 'b']) await answerMessage(world.discord, search(reader, query));
		expect(searches()).toBe(before + 2);
		expect(await accountStatus(reader)).toMatch(
			/\nYour linked token is exempt from this server's cooldowns and quotas \(on search\)\.$/,
		);
		await setup('quota', { feature: 'search', daily: 0 });
	});
});

describe('follow limits', () => {
	const changes = () => rostroCalls((path, method) => path.startsWith('/api/follow/') && method !== 'GET');

	function followChange(command: 'follow' | 'unfollow', name: string, user: APIUser): InteractionHandle {
		return world.discord.slash(command, { name }, { user, subcommand: 'user', channelId: general() });
	}

	it('a cooldown refuses the next change of follows without asking Rostro; lists still work', async () => {
		const admin = newAdmin('follow-cooldown-admin');
		await setup('cooldown', { feature: 'follow', seconds: 3_600 });
		expect(await answerText(world.discord, followChange('follow', 'velvet_circuit', admin))).toContain(
			'now follows **velvet\\_circuit**',
		);
		const before = changes();

		expect(await privateSentence(followChange('unfollow', 'velvet_circuit', admin))).toMatch(COOLDOWN('follow'));
		expect(changes()).toBe(before);
		const list = world.discord.slash('follow', {}, { user: admin, subcommand: 'list' });
		await answerMessage(world.discord, list);
		await setup('cooldown', { feature: 'follow', seconds: 0 });
	});

	it('a daily quota refuses the next change; a member’s linked token is exempt', async () => {
		const admin = newAdmin('follow-quota-admin');
		await setup('quota', { feature: 'follow', daily: 1 });
		await answerText(world.discord, followChange('unfollow', 'velvet_circuit', admin));
		const before = changes();

		expect(await privateSentence(followChange('follow', 'velvet_circuit', admin))).toMatch(QUOTA('follow'));
		expect(changes()).toBe(before);

		expect(await answerText(world.discord, followChange('follow', 'creator_b', reader))).toBe(
			'**reader** now follows **creator\\_b** on Rostro.',
		);
		await answerText(world.discord, followChange('unfollow', 'creator_b', reader));
		expect(changes()).toBe(before + 2);
		await setup('quota', { feature: 'follow', daily: 0 });
	});
});

describe('gallery limits', () => {
	const uploads = () => rostroCalls((path) => path === '/api/gallery/upload');

	function uploadCommand(user: APIUser, caption: string): InteractionHandle {
		const image = world.discord.hostFile('map.png', encodePng({ width: 16, height: 16 }, caption));
		const options = { image, project: String(project('ari-the-cartographer').id), caption } as unknown as OptionValues;
		return world.discord.slash('gallery', options, { user, subcommand: 'upload', channelId: general() });
	}

	it('a cooldown refuses the next /gallery upload without uploading anything', async () => {
		const uploader = world.discord.addUser('gallery-cooldown');
		await setup('cooldown', { feature: 'gallery', seconds: 3_600 });
		const first = await world.discord.waitForResponse(
			uploadCommand(uploader, 'first'),
			(r) => Boolean(r.message?.embeds.length),
			RESULT_TIMEOUT_MS,
		);
		expect(first.message?.embeds[0]?.title).toBe('Added to the gallery of Ari the Cartographer');
		const before = uploads();

		expect(await privateSentence(uploadCommand(uploader, 'second'))).toMatch(COOLDOWN('gallery'));
		expect(uploads()).toBe(before);
		await setup('cooldown', { feature: 'gallery', seconds: 0 });
	});

	it('a daily quota counts one Upload to gallery, refusing the next at its modal and at its first step', async () => {
		const uploader = world.discord.addUser('gallery-quota');
		await setup('quota', { feature: 'gallery', daily: 1 });
		const { modalId: firstModal } = await openUploadModal(uploader);
		const { modalId: secondModal } = await openUploadModal(uploader); // opened while one use was still left

		const done = world.discord.modalSubmit(firstModal, { caption: '' }, { user: uploader });
		expect(await privateSentence(done)).toMatch(/^Uploaded 1 of 1 to the gallery of \*\*UNIT-7\*\*\./);
		const before = uploads();

		const late = world.discord.modalSubmit(secondModal, { caption: '' }, { user: uploader });
		expect(await privateSentence(late)).toMatch(QUOTA('gallery'));
		const posted = world.discord.userSays(general(), 'another', uploader, [
			{ filename: 'more.png', data: encodePng({ width: 8, height: 8 }, 'more') },
		]);
		const again = world.discord.messageContext('Upload to gallery', posted, { user: uploader });
		expect(await privateSentence(again)).toMatch(QUOTA('gallery'));
		expect(uploads()).toBe(before);
		expect(await accountStatus(uploader)).toMatch(/\n- gallery: 0 of 1 left today; more <t:\d+:R>$/);
		await setup('quota', { feature: 'gallery', daily: 0 });
	});
});

describe('/account status', () => {
	it('lists every limited feature with what is left, and nothing when the server limits nothing', async () => {
		const member = world.discord.addUser('status-reader');
		expect(await accountStatus(member)).toMatch(/^Your commands here use this server's Rostro account, \*\*.+\*\*\./);
		expect(await accountStatus(member)).not.toContain('Left for you today');

		await setup('quota', { feature: 'imagine', daily: 5 });
		await setup('cooldown', { feature: 'tts', seconds: 60 });
		expect(await accountStatus(member)).toMatch(
			/\nLeft for you today on the server's account \(a day ends at midnight UTC\):\n- imagine: 5 of 5 left today\n- tts: ready now \(60 s between uses\)$/,
		);
		await setup('quota', { feature: 'imagine', daily: 0 });
		await setup('cooldown', { feature: 'tts', seconds: 0 });
	});
});

describe('audit log of uploads and follow changes', () => {
	function system(): string {
		return world.discord.guild.channels.system;
	}

	function auditLine(pattern: RegExp): Promise<APIMessage> {
		return world.discord.waitForMessage(system(), (m) => pattern.test(m.content), RESULT_TIMEOUT_MS);
	}

	it('posts who uploaded what where, and who followed or unfollowed whom with which account, pinging nobody', async () => {
		const { discord } = world;
		await setup('audit-log', { channel: system() });
		const uploader = discord.addUser('audited-uploader');
		const image = discord.hostFile('harbour.png', encodePng({ width: 16, height: 16 }, 'harbour'));
		const ari = world.rostro.project('creator_a/ari-the-cartographer');
		const options = { image, project: String(ari.id), caption: 'The harbour at @everyone dawn' } as never;
		discord.slash('gallery', options, { user: uploader, subcommand: 'upload', channelId: general() });

		const uploaded = await auditLine(new RegExp(`^<@${uploader.id}> uploaded an image`));
		expect(uploaded.content).toBe(
			`<@${uploader.id}> uploaded an image to the gallery of Ari the Cartographer in <#${general()}>.\n` +
				'> The harbour at @everyone dawn',
		);

		const { modalId, posted } = await openUploadModal(uploader);
		discord.modalSubmit(modalId, { caption: 'Two sketches' }, { user: uploader });
		const fromMessage = await auditLine(/uploaded an image to the gallery of UNIT-7/);
		expect(fromMessage.content).toBe(
			`<@${uploader.id}> uploaded an image to the gallery of UNIT-7 in <#${general()}>.\n> Two sketches\n` +
				`https://discord.com/channels/${discord.guild.id}/${general()}/${posted.id}`,
		);

		const admin = newAdmin('audited-admin');
		discord.slash('follow', { name: 'Sci-Fi' }, { user: admin, subcommand: 'tag', channelId: general() });
		const followed = await auditLine(new RegExp(`^<@${admin.id}> followed`));
		expect(followed.content).toBe(
			`<@${admin.id}> followed the tag Sci-Fi with the server's Rostro account in <#${general()}>.`,
		);
		discord.slash('follow', { name: '@creator_b' }, { user: reader, subcommand: 'user', channelId: general() });
		const own = await auditLine(new RegExp(`^<@${reader.id}> followed`));
		expect(own.content).toBe(
			`<@${reader.id}> followed the creator creator\\_b with their own Rostro account in <#${general()}>.`,
		);

		const feed = { channel: general(), kind: 'tag', name: 'Fantasy' };
		await answerText(discord, discord.slash('follow', feed, { user: admin, group: 'feed', subcommand: 'add' }));
		const added = await auditLine(new RegExp(`^<@${admin.id}> added a feed`));
		expect(added.content).toBe(`<@${admin.id}> added a feed of tag **Fantasy** in <#${general()}>.`);
		const context = { user: admin, group: 'feed', subcommand: 'remove' };
		const suggested = await discord.waitForResponse(
			discord.autocomplete('follow', 'feed', { feed: 'Fantasy' }, context),
			(r) => r.callbackType === 8,
		);
		const [choice] = (suggested.body as { choices: { value: string }[] }).choices;
		await answerText(discord, discord.slash('follow', { feed: choice?.value ?? '' }, context));
		const removed = await auditLine(new RegExp(`^<@${admin.id}> removed`));
		expect(removed.content).toBe(`<@${admin.id}> removed the feed of tag **Fantasy** in <#${general()}>.`);

		for (const message of discord.messages(system())) {
			expect(discord.allowedMentionsOf(message.id)).toEqual({ parse: [] });
		}
		await setup('audit-log', {});
	});
});
