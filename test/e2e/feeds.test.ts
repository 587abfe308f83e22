import type { APIMessage, APIUser } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type Feed, feedSchema } from '../../src/feeds/index.js';
import { silentLogger } from '../../src/log.js';
import { openStore } from '../../src/store/index.js';
import { connectServer } from '../discovery/world-helpers.js';
import type { NewCharacter } from '../fakes/rostro/seed/build.js';
import { BotProcess, type LogLine } from './bot-process.js';
import { answerText, startWorld, type World } from './world.js';

let world: World;

// A check every 1.2 s (plus up to a fifth of jitter), so a test sees several within seconds.
const INTERVAL_MINUTES = '0.02';
const FEED_TIMEOUT_MS = 20_000;

beforeAll(async () => {
	world = await startWorld({ ROSTRO_BOT_FEED_INTERVAL_MINUTES: INTERVAL_MINUTES });
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

function feedCommand(subcommand: string, options: Record<string, string>, user: APIUser = users().admin) {
	return world.discord.slash('follow', options, { user, group: 'feed', subcommand });
}

/** Adds a feed as an admin; resolves with its id (from the bot's log) and the reply. */
async function addFeed(options: Record<string, string>): Promise<{ feedId: string; reply: string }> {
	const from = world.bot.logs.length;
	const reply = await answerText(world.discord, feedCommand('add', options));
	const added = await world.bot.waitForLog((line) => line.msg === 'feed added' && world.bot.logs.indexOf(line) >= from);
	return { feedId: String(added.feedId), reply };
}

/** Resolves with the next log line of a feed's check (`feed checked` or `feed check failed`). */
function nextCheck(feedId: string, outcome = 'feed checked'): Promise<LogLine> {
	const { bot } = world;
	const from = bot.logs.length;
	return bot.waitForLog(
		(line) => line.msg === outcome && line.feedId === feedId && bot.logs.indexOf(line) >= from,
		FEED_TIMEOUT_MS,
	);
}

function isFeedPost(message: APIMessage): boolean {
	return message.author.id === world.discord.botUser.id && message.content.startsWith('New on Rostro for');
}

/** How many times a project was posted as a feed item in a channel. */
function timesPosted(channelId: string, name: string): number {
	const posts = world.discord.messages(channelId).filter(isFeedPost);
	return posts.flatMap((message) => message.embeds).filter((embed) => embed.title === name).length;
}

/** Waits for a feed post carrying the project; `subject` picks the feed when several post here. */
function waitForPost(channelId: string, name: string, subject = ''): Promise<APIMessage> {
	const carries = (message: APIMessage) =>
		isFeedPost(message) && message.content.includes(subject) && message.embeds.some((e) => e.title === name);
	return world.discord.waitForMessage(channelId, carries, FEED_TIMEOUT_MS);
}

/** Feeds the tests below keep using, by what they follow. */
const feedIds: Record<string, string> = {};

function publish(character: NewCharacter) {
	return world.rostro.addCharacter(character);
}

describe('/follow feed add', () => {
	it('starts quiet, then posts each new project exactly once, across restarts', async () => {
		const { discord, rostro } = world;
		const { feedId, reply } = await addFeed({ channel: channels().general, kind: 'tag', name: 'Fantasy' });
		feedIds.fantasy = feedId;
		expect(reply).toMatch(
			new RegExp(
				`^Feed added: new work for tag \\*\\*Fantasy\\*\\* → <#${channels().general}>\\. It starts quiet: the \\d+ projects`,
			),
		);
		await nextCheck(feedId);
		expect(discord.messages(channels().general).filter(isFeedPost)).toEqual([]);

		publish({ name: 'Fresh Hero', creator: 'creator_b', tags: ['Fantasy'], tagline: 'Brand new.' });
		const post = await waitForPost(channels().general, 'Fresh Hero');
		expect(post.content).toBe('New on Rostro for tag **Fantasy**:');
		expect(discord.allowedMentionsOf(post.id)).toEqual({ parse: [] });
		await nextCheck(feedId);
		await nextCheck(feedId);
		expect(timesPosted(channels().general, 'Fresh Hero')).toBe(1);

		await world.restart();
		await nextCheck(feedId);
		expect(timesPosted(channels().general, 'Fresh Hero')).toBe(1);

		// Published while the bot is down: posted once it is back, not missed.
		await world.bot.stop();
		publish({ name: 'While Away', creator: 'lanternfish', tags: ['Fantasy'] });
		world.bot = new BotProcess(world.env);
		await world.bot.ready();
		await waitForPost(channels().general, 'While Away');
		await nextCheck(feedId);
		expect(timesPosted(channels().general, 'While Away')).toBe(1);
		expect(timesPosted(channels().general, 'Fresh Hero')).toBe(1);
		expect(rostro.serverErrors).toEqual([]);
	});

	it('posts NSFW work only in an age-restricted channel', async () => {
		const normal = await addFeed({ channel: channels().general, kind: 'tag', name: 'Romance' });
		const adult = await addFeed({ channel: channels().nsfw, kind: 'tag', name: 'Romance' });
		await Promise.all([nextCheck(normal.feedId), nextCheck(adult.feedId)]);

		publish({ name: 'Velvet Night', creator: 'creator_b', tags: ['Romance'], nsfw: true });
		publish({ name: 'Sunny Picnic', creator: 'creator_b', tags: ['Romance'] });
		await waitForPost(channels().nsfw, 'Velvet Night');
		await waitForPost(channels().nsfw, 'Sunny Picnic');
		await waitForPost(channels().general, 'Sunny Picnic');
		await nextCheck(normal.feedId);
		expect(timesPosted(channels().general, 'Velvet Night')).toBe(0);
		expect(timesPosted(channels().nsfw, 'Velvet Night')).toBe(1);
	});

	it("follows a creator, and the server account's timeline", async () => {
		const creator = await addFeed({ channel: channels().system, kind: 'user', name: 'lanternfish' });
		const timeline = await addFeed({ channel: channels().system, kind: 'timeline' });
		expect(timeline.reply).toMatch(/^Feed added: new work for the server account's timeline/);
		await Promise.all([nextCheck(creator.feedId), nextCheck(timeline.feedId)]);

		publish({ name: 'Lantern Light', creator: 'lanternfish', tags: ['Wholesome'] });
		publish({ name: 'Quiet Harbour', creator: 'creator_b', tags: ['Slice of Life'] }); // creator_a follows creator_b
		const byCreator = await waitForPost(channels().system, 'Lantern Light', 'creator **lanternfish**');
		expect(byCreator.content).toBe('New on Rostro for creator **lanternfish**:');
		const fromTimeline = await waitForPost(channels().system, 'Quiet Harbour', 'timeline');
		expect(fromTimeline.content).toBe("New on Rostro for the server account's timeline:");
	});

	it('refuses what cannot work, with a sentence', async () => {
		const noName = await answerText(world.discord, feedCommand('add', { channel: channels().general, kind: 'tag' }));
		expect(noName).toBe('Name the tag this feed follows.');
		const unknown = feedCommand('add', { channel: channels().general, kind: 'user', name: 'nobody_here' });
		expect(await answerText(world.discord, unknown)).toBe('Rostro has no creator called nobody\\_here.');
		const twice = feedCommand('add', { channel: channels().general, kind: 'tag', name: 'fantasy' });
		expect(await answerText(world.discord, twice)).toBe('That channel already has this feed.');
	});
});

describe('/follow feed list and remove', () => {
	it('are for admins only, checked when they run', async () => {
		const member = users().member;
		const refusal = 'Only members with the Manage Server permission can do that.';
		expect(await answerText(world.discord, feedCommand('list', {}, member))).toBe(refusal);
		expect(
			await answerText(world.discord, feedCommand('add', { channel: channels().general, kind: 'timeline' }, member)),
		).toBe(refusal);
		expect(await answerText(world.discord, feedCommand('remove', { feed: 'anything' }, member))).toBe(refusal);

		const suggest = world.discord.autocomplete(
			'follow',
			'feed',
			{ feed: '' },
			{ user: member, group: 'feed', subcommand: 'remove' },
		);
		const choices = await world.discord.waitForResponse(suggest, (r) => r.callbackType === 8);
		expect((choices.body as { choices: unknown[] }).choices).toEqual([]);
	});

	it('lists the feeds and removes one picked from the suggestions, which is then never checked', async () => {
		const { discord } = world;
		const list = await discord.waitForResponse(feedCommand('list', {}), (r) => Boolean(r.message?.embeds.length));
		const description = list.message?.embeds[0]?.description ?? '';
		expect(description).toContain(`tag **Fantasy** → <#${channels().general}>`);
		expect(description).toContain(`creator **lanternfish** → <#${channels().system}>`);

		const suggest = discord.autocomplete(
			'follow',
			'feed',
			{ feed: 'lantern' },
			{ user: users().admin, group: 'feed', subcommand: 'remove' },
		);
		const response = await discord.waitForResponse(suggest, (r) => r.callbackType === 8);
		const [choice] = (response.body as { choices: { name: string; value: string }[] }).choices;
		expect(choice?.name).toBe('creator lanternfish → #system');

		const removed = await answerText(discord, feedCommand('remove', { feed: choice?.value ?? '' }));
		expect(removed).toBe(`Feed removed: creator **lanternfish** → <#${channels().system}>.`);
		const from = world.bot.logs.length;
		await nextCheck(feedIds.fantasy ?? '');
		await nextCheck(feedIds.fantasy ?? '');
		const after = world.bot.logs.slice(from);
		expect(after.some((line) => line.feedId === choice?.value && line.msg === 'feed checked')).toBe(false);
	});

	it('leaves the feeds of a server this process does not hold to the process that does', async () => {
		const { env } = world;
		await world.bot.stop();
		const store = await openStore(loadConfig(env), silentLogger);
		const feeds = store.namespace<Feed>('feeds').withSchema(feedSchema);
		const foreign: Feed = {
			id: 'elsewhere01',
			guildId: '123456789012345678',
			channelId: '123456789012345679',
			kind: 'tag',
			name: 'NotHeldHere',
			addedBy: users().admin.id,
			addedAt: Date.now(),
			seen: [],
			failures: 0,
		};
		await feeds.set(foreign.id, foreign);
		await store.close();

		world.bot = new BotProcess(env);
		await world.bot.ready();
		// Two checks of a held feed span more than one sweep of the stored feeds.
		await nextCheck(feedIds.fantasy ?? '');
		await nextCheck(feedIds.fantasy ?? '');
		expect(world.bot.logs.some((line) => line.feedId === foreign.id)).toBe(false);
		expect(world.rostro.requests.some((request) => request.query.tags === 'NotHeldHere')).toBe(false);
	});
});

describe('when Rostro fails', () => {
	it('backs off while Rostro fails, then posts what it missed', async () => {
		const { feedId } = await addFeed({ channel: channels().nsfw, kind: 'user', name: 'velvet_circuit' });
		await nextCheck(feedId);

		world.rostro.fault({ path: '/search' }, { status: 503 });
		const first = await nextCheck(feedId, 'feed check failed');
		const second = await nextCheck(feedId, 'feed check failed');
		expect(second.failures).toBe(Number(first.failures) + 1);
		expect(Number(second.delayMs)).toBeGreaterThan(Number(first.delayMs));

		publish({ name: 'Neon Alley', creator: 'velvet_circuit', tags: ['Cyberpunk'] });
		world.rostro.clearFaults();
		await waitForPost(channels().nsfw, 'Neon Alley');
		await nextCheck(feedId);
		expect(timesPosted(channels().nsfw, 'Neon Alley')).toBe(1);
	}, 60_000);
});

describe('a timeline feed after /setup logout', () => {
	it('logs one line without a stack, shows in /setup show and the logout reply, and resumes after /setup token', async () => {
		const { discord } = world;
		const { feedId } = await addFeed({ channel: channels().general, kind: 'timeline' });
		await nextCheck(feedId);

		const logout = discord.slash('setup', {}, { user: users().admin, subcommand: 'logout' });
		const feed = `the server account's timeline → <#${channels().general}>`;
		const reply = await answerText(discord, logout);
		expect(reply).toMatch(
			/^I forgot this server's Rostro token\. (A feed posts|\d feeds post) nothing until an admin runs `\/setup token`: /,
		);
		expect(reply).toContain(feed);

		const failed = await nextCheck(feedId, 'feed check failed');
		expect(failed).toMatchObject({ reason: 'feed-no-token', level: 40 });
		expect(failed.problem).toMatch(/^A timeline feed follows the server's own Rostro account/);
		expect(failed.err).toBeUndefined();

		const show = discord.slash('setup', {}, { user: users().admin, subcommand: 'show' });
		const shown = await answerText(discord, show);
		expect(shown).toMatch(
			/^Rostro account: none yet; run `\/setup token`\.\n(A feed posts|\d feeds post) nothing until/,
		);
		expect(shown).toContain(feed);

		// Back-off would hold the feed for several intervals; setting the token checks it soon.
		await nextCheck(feedId, 'feed check failed'); // the next one is four intervals (4.8 s or more) away
		const checked = nextCheck(feedId);
		await connectServer(world, world.rostro.tokens.creatorA);
		const connectedAt = Date.now();
		await checked;
		expect(Date.now() - connectedAt).toBeLessThan(3_000);
		const again = discord.slash('setup', {}, { user: users().admin, subcommand: 'show' });
		expect(await answerText(discord, again)).not.toContain('nothing until an admin runs');
	}, 60_000);
});
