import type { APIMessage } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NSFW_IGNORED } from '../../src/discovery/search.js';
import {
	answerMessage,
	componentOf,
	componentsOf,
	connectServer,
	isPrivate,
	linkMember,
	titles,
} from '../discovery/world-helpers.js';
import type { OptionValues } from '../fakes/discord/index.js';
import { answerText, startWorld, type World } from './world.js';

let world: World;

beforeAll(async () => {
	world = await startWorld();
	await connectServer(world, world.rostro.tokens.creatorA);
});
afterAll(() => world?.close());
afterEach(() => {
	world.rostro.clearFaults();
	expect(world.bot.problems()).toEqual([]);
	expect(world.discord.internalErrors).toEqual([]);
	expect(world.rostro.serverErrors).toEqual([]);
});

function users() {
	return world.discord.guild.users;
}

function channels() {
	return world.discord.guild.channels;
}

function search(options: OptionValues, channelId = channels().general, user = users().member) {
	return world.discord.slash('search', options, { user, channelId });
}

function press(message: APIMessage, prefix: string, label?: string, user = users().member) {
	return world.discord.button(message, componentOf(message, prefix, label).custom_id ?? '', { user });
}

/** Turns a list's page in place and resolves with the list as it now reads. */
async function turn(message: APIMessage, label: '◀' | '▶', user = users().member): Promise<APIMessage> {
	const handle = press(message, 'search:page:', label, user);
	const edited = await world.discord.waitForResponse(handle, (r) => r.kind === 'editOriginal');
	return edited.message as APIMessage;
}

/** A public thread in the age-restricted channel, opened by starting a chat there. */
async function threadInNsfwChannel(): Promise<string> {
	const { discord } = world;
	const start = discord.slash(
		'chat',
		{ character: 'creator_a/ari-the-cartographer' },
		{ user: users().member, subcommand: 'start', channelId: channels().nsfw },
	);
	const threadId = (await answerText(discord, start)).match(/<#(\d+)>/)?.[1];
	if (!threadId) throw new Error('no chat thread opened');
	return threadId;
}

function fieldOf(message: APIMessage, index: number, name: string): string | undefined {
	return message.embeds[index]?.fields?.find((field) => field.name === name)?.value;
}

describe('/search', () => {
	it('answers privately with one embed per result, ten to a page, with stats, tags and a link', async () => {
		const handle = search({ query: 'a' });
		const { message } = await answerMessage(world.discord, handle);
		expect(isPrivate(world.discord.interactionResponses(handle)[0] as never)).toBe(true);
		expect(message.embeds).toHaveLength(10);
		expect(message.content).toMatch(/^Results 1–10 of \d+ for “a” · page 1 of \d+$/);

		const [first] = message.embeds;
		const project = world.rostro.project(first?.url?.replace('https://rostro.dev/characters/', '') ?? '');
		expect(first?.title).toBe(project.name.replace(/([*_~`|])/g, '\\$1'));
		expect(first?.thumbnail?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\/avatars\//);
		expect(fieldOf(message, 0, 'Downloads')).toBe(project.downloads.toLocaleString('en'));
		expect(fieldOf(message, 0, 'Rating')).toMatch(/^★ \d\.\d/);
		expect(fieldOf(message, 0, 'Tokens')).toMatch(/^[\d,]+$/);
		expect(fieldOf(message, 0, 'Favorites')).toMatch(/^[\d,]+$/);
		expect(first?.description).toContain(project.topics[0]);
		expect(titles(message).join(' ')).not.toContain('Madame Velvet Rose');

		const sent = world.rostro.requests.filter((request) => request.path === '/search').at(-1);
		expect(sent?.query.nsfw).toBe('false');
		expect(sent?.query.first).toBe('10');
	});

	it('pages with ◀ ▶, also after a restart', async () => {
		const { message: page1 } = await answerMessage(world.discord, search({ query: 'a' }));
		expect(componentOf(page1, 'search:page:', '◀').disabled).toBe(true);

		const page2 = await turn(page1, '▶');
		expect(page2.id).toBe(page1.id);
		expect(page2.content).toMatch(/^Results 11–20 of \d+/);
		expect(titles(page2).some((title) => titles(page1).includes(title))).toBe(false);

		await world.restart();
		const page3 = await turn(page2, '▶');
		expect(page3.content).toMatch(/^Results 21–/);
		const back = await turn(page3, '◀');
		expect(titles(back)).toEqual(titles(page2));
	});

	it('passes tags and the sort order to Rostro', async () => {
		const handle = search({ query: 'a', tags: 'Fantasy, Female', sort: 'rating' });
		const { message } = await answerMessage(world.discord, handle);
		const sent = world.rostro.requests.filter((request) => request.path === '/search').at(-1);
		expect(sent?.query.tags).toBe('Fantasy,Female');
		expect(sent?.query.sort).toBe('rating');
		expect(message.content).toContain('tagged Fantasy, Female');
		const ratings = message.embeds.map((_, index) => Number(fieldOf(message, index, 'Rating')?.slice(2, 5)));
		expect(ratings).toEqual([...ratings].sort((a, b) => b - a));
	});

	it('ignores nsfw in a channel that is not age-restricted, and says so', async () => {
		const { message } = await answerMessage(world.discord, search({ query: 'velvet', nsfw: true }));
		expect(message.content).toContain(NSFW_IGNORED);
		expect(titles(message)).not.toContain('Madame Velvet Rose');
		expect(message.embeds.every((embed) => !embed.footer?.text.includes('NSFW'))).toBe(true);
		const sent = world.rostro.requests.filter((request) => request.path === '/search').at(-1);
		expect(sent?.query.nsfw).toBe('false');
	});

	it('shows NSFW results in an age-restricted channel and in its threads, only when asked', async () => {
		const inChannel = await answerMessage(world.discord, search({ query: 'velvet', nsfw: true }, channels().nsfw));
		expect(titles(inChannel.message)).toContain('Madame Velvet Rose');
		expect(inChannel.message.content).not.toContain(NSFW_IGNORED);

		const threadId = await threadInNsfwChannel();
		const inThread = await answerMessage(world.discord, search({ query: 'velvet', nsfw: true }, threadId));
		expect(titles(inThread.message)).toContain('Madame Velvet Rose');

		const unasked = await answerMessage(world.discord, search({ query: 'velvet' }, channels().nsfw));
		expect(titles(unasked.message)).not.toContain('Madame Velvet Rose');
	});

	it('shares results with public, and gives others a private copy of the page they turn to', async () => {
		const handle = search({ query: 'a', public: true });
		const { message } = await answerMessage(world.discord, handle);
		expect(isPrivate(world.discord.interactionResponses(handle)[0] as never)).toBe(false);

		const other = press(message, 'search:page:', '▶', users().moderator);
		const copy = await answerMessage(world.discord, other);
		expect(isPrivate(world.discord.interactionResponses(other)[0] as never)).toBe(true);
		expect(copy.message.content).toMatch(/^Results 11–20/);
		expect(world.discord.message(message.id)?.content).toMatch(/^Results 1–10/);
	});

	it('completes the last of several tags from Rostro’s tag list', async () => {
		const { discord } = world;
		const handle = discord.autocomplete(
			'search',
			'tags',
			{ query: 'a', tags: 'Fantasy, Fe' },
			{ user: users().member },
		);
		const choices = await discord.waitForResponse(handle, (r) => r.callbackType === 8);
		const values = (choices.body as { choices: { value: string }[] }).choices.map((choice) => choice.value);
		expect(values[0]).toBe('Fantasy, Female');
	});

	it('opens a result’s card privately, and starts a chat from the menu', async () => {
		const { discord } = world;
		const { message } = await answerMessage(discord, search({ query: 'cartographer' }));
		const open = componentOf(message, 'character:open');
		const ari = open.options?.find((option) => option.label === 'Ari the Cartographer');
		const card = await answerMessage(
			discord,
			discord.select(message, open.custom_id ?? '', [ari?.value ?? ''], { user: users().member }),
		);
		expect(card.message.embeds[0]?.title).toBe('Ari the Cartographer');

		const chat = componentOf(message, 'character:chat');
		const started = discord.select(message, chat.custom_id ?? '', [ari?.value ?? ''], { user: users().member });
		const threadId = (await answerText(discord, started)).match(/<#(\d+)>/)?.[1] ?? '';
		const [greeting] = discord.messages(threadId);
		expect(greeting?.author.username).toBe('Ari');
		const thread = discord.threads(channels().general).find((candidate) => candidate.id === threadId);
		expect(thread?.type).toBe(11); // a public thread
	});

	it('explains that a chat cannot start from inside a thread', async () => {
		const { discord } = world;
		const threadId = await threadInNsfwChannel();
		const { message } = await answerMessage(discord, search({ query: 'cartographer' }, threadId));
		const chat = componentOf(message, 'character:chat');
		const value = chat.options?.[0]?.value ?? '';
		const started = discord.select(message, chat.custom_id ?? '', [value], { user: users().member });
		expect(await answerText(discord, started)).toMatch(/^Chats open their own thread/);
	});
});

describe('/character', () => {
	async function suggested(typed: string, channelId = channels().general) {
		const handle = world.discord.autocomplete(
			'character',
			'name',
			{ name: typed },
			{ user: users().member, channelId },
		);
		const response = await world.discord.waitForResponse(handle, (r) => r.callbackType === 8);
		return (response.body as { choices: { name: string; value: string }[] }).choices;
	}

	function character(name: string, channelId = channels().general, user = users().member) {
		return world.discord.slash('character', { name }, { user, channelId });
	}

	it('suggests characters by name, without NSFW ones outside age-restricted channels', async () => {
		const choices = await suggested('ari');
		expect(choices.map((choice) => choice.name)).toContain(
			'Ari the Cartographer — A mapmaker who has charted every road except the one home.',
		);
		expect((await suggested('velvet')).map((choice) => choice.name).join()).not.toContain('Velvet');
		expect((await suggested('velvet', channels().nsfw)).map((choice) => choice.name).join()).toContain('Velvet');
	});

	it('shows the card: image, tagline, notes, tags, stats, a greeting preview, and its buttons', async () => {
		const ari = world.rostro.project('creator_a/ari-the-cartographer');
		const { message } = await answerMessage(world.discord, character(String(ari.id)));
		const [card] = message.embeds;
		expect(card?.title).toBe('Ari the Cartographer');
		expect(card?.url).toBe('https://rostro.dev/characters/creator_a/ari-the-cartographer');
		expect(card?.image?.url).toMatch(/\/media\/cards\/\d+\.png$/);
		expect(card?.description).toMatch(/^\*A mapmaker who has charted every road except the one home\.\*/);
		expect(card?.description).toContain('**A mapmaker'); // the notes' heading, made bold
		const greeting = card?.fields?.find((field) => field.name === 'Greeting')?.value ?? '';
		expect(greeting).toContain('*Ari looks up from a half-finished chart.*');
		expect(greeting).not.toContain('{{');
		expect(card?.fields?.find((field) => field.name === 'Tags')?.value).toBe('Fantasy · Female · Adventure · OC');
		const labels = componentsOf(message).map((component) => component.label);
		expect(labels).toEqual(['Chat', 'Favorite', 'Similar', 'On Rostro']);
	});

	it('finds a character by the name typed when no suggestion was picked', async () => {
		const { message } = await answerMessage(world.discord, character('Grandma Hilde'));
		expect(message.embeds[0]?.title).toBe('Grandma Hilde');
	});

	it('refuses an NSFW character outside age-restricted channels and shows it inside', async () => {
		const velvet = String(world.rostro.project('creator_a/madame-velvet-rose').id);
		expect(await answerText(world.discord, character(velvet))).toBe('Velvet is for age-restricted channels only.');
		const { message } = await answerMessage(world.discord, character(velvet, channels().nsfw));
		expect(message.embeds[0]?.title).toBe('Madame Velvet Rose');
	});

	it('says plainly when Rostro has no such character', async () => {
		expect(await answerText(world.discord, character('creator_a/nobody-at-all'))).toBe(
			'Rostro has no character called creator\\_a/nobody-at-all.',
		);
	});

	it('favorites on the member’s own account, and keeps the server’s account for admins', async () => {
		const { discord, rostro } = world;
		const ari = rostro.project('creator_a/ari-the-cartographer');
		const { message } = await answerMessage(discord, character(String(ari.id)));

		const refused = press(message, 'character:favorite:');
		expect(await answerText(discord, refused)).toMatch(/^Favorites go on your own Rostro account/);
		expect(rostro.data.users.get('creator_a')?.favorites.has(ari.id)).toBe(false);

		const byAdmin = press(message, 'character:favorite:', undefined, users().admin);
		expect(await answerText(discord, byAdmin)).toBe('⭐ **Ari** is now among the favorites on Rostro.');
		expect(rostro.data.users.get('creator_a')?.favorites.has(ari.id)).toBe(true);

		const reader = discord.addUser('a-reader');
		await linkMember(world, reader, rostro.tokens.reader);
		const favorites = () => rostro.data.users.get('reader')?.favorites.has(ari.id);
		const before = favorites();
		const first = await answerText(discord, press(message, 'character:favorite:', undefined, reader));
		expect(first).toMatch(before ? /no longer/ : /now among/);
		expect(favorites()).toBe(!before);
		await answerText(discord, press(message, 'character:favorite:', undefined, reader));
		expect(favorites()).toBe(before);
	});

	it('lists similar characters privately, without NSFW ones in a normal channel', async () => {
		const { discord, rostro } = world;
		const kael = rostro.project('creator_b/kael-the-exiled-prince');
		const { message } = await answerMessage(discord, character(String(kael.id)));
		const similar = await answerMessage(discord, press(message, 'character:similar:'));
		expect(similar.message.content).toBe('Characters like this one:');
		expect(similar.message.embeds.length).toBeGreaterThan(0);
		expect(similar.message.embeds.every((embed) => !embed.footer?.text.includes('NSFW'))).toBe(true);
		const asked = rostro.requests.filter((request) => request.path.startsWith('/api/projects/similar/')).at(-1);
		expect(asked?.path).toBe(`/api/projects/similar/${kael.id}/true/true`);
	});

	it('starts a chat from the Chat button with the defaults', async () => {
		const { discord } = world;
		const ari = world.rostro.project('creator_a/ari-the-cartographer');
		const { message } = await answerMessage(discord, character(String(ari.id), channels().general));
		const threadId = (await answerText(discord, press(message, 'character:chat:'))).match(/<#(\d+)>/)?.[1] ?? '';
		expect(discord.messages(threadId)[0]?.content).toMatch(/^\*Ari looks up/);
	});
});

describe('/user', () => {
	function profile(name: string, channelId = channels().general) {
		return world.discord.slash('user', { name }, { user: users().member, channelId });
	}

	it('shows a creator’s profile and top projects, NSFW left out (and said so) in a normal channel', async () => {
		const { message } = await answerMessage(world.discord, profile('creator_a'));
		expect(message.embeds[0]?.title).toBe('creator\\_a');
		expect(message.content).toMatch(/^Top projects, most downloaded first:\n\d NSFW items? (is|are) left out/);
		const shown = message.embeds.slice(1);
		expect(shown.length).toBeGreaterThan(0);
		expect(shown.length).toBeLessThanOrEqual(5);
		expect(shown.every((embed) => !embed.footer?.text.includes('NSFW'))).toBe(true);
		const downloads = shown.map((_, index) => Number(fieldOf(message, index + 1, 'Downloads')?.replace(/,/g, '')));
		expect(downloads).toEqual([...downloads].sort((a, b) => b - a));
	});

	it('shows NSFW projects in an age-restricted channel', async () => {
		const { message } = await answerMessage(world.discord, profile('creator_a', channels().nsfw));
		expect(message.content).toBe('Top projects, most downloaded first:');
	});

	it('says plainly when Rostro has no such creator', async () => {
		expect(await answerText(world.discord, profile('nobody_here'))).toBe('Rostro has no creator called nobody\\_here.');
	});
});
