import type { APIMessage } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answerMessage, linkMember } from '../discovery/world-helpers.js';
import type { InteractionHandle, OptionValues } from '../fakes/discord/index.js';
import { answerText, expectNoTrouble, startConnectedWorld, type World } from './world.js';

let world: World;

beforeAll(async () => {
	world = await startConnectedWorld();
});
afterAll(() => world?.close());
afterEach(() => {
	world.rostro.clearFaults();
	expectNoTrouble(world);
});

function users() {
	return world.discord.guild.users;
}

/** The server's Rostro account: the connected token is creator_a's. */
function serverAccount() {
	const account = world.rostro.data.users.get('creator_a');
	if (!account) throw new Error('the simulator has no creator_a');
	return account;
}

function setup(subcommand: string, options: OptionValues): Promise<string> {
	const handle = world.discord.slash('setup', options, { user: users().admin, subcommand });
	return answerText(world.discord, handle);
}

async function searchFor(query: string, user = users().member): Promise<APIMessage> {
	const handle = world.discord.slash('search', { query }, { user });
	return (await answerMessage(world.discord, handle)).message;
}

/** The creators of the results a list shows, from each embed's footer (`by creator`). */
function creatorsOf(message: APIMessage): string[] {
	return message.embeds.map((embed) => embed.footer?.text.replace(/^by /, '').replace(/ · NSFW$/, '') ?? '');
}

function tagsOf(message: APIMessage): string {
	return message.embeds.map((embed) => embed.description ?? '').join('\n');
}

async function choicesOf(handle: InteractionHandle): Promise<string[]> {
	const answer = await world.discord.waitForResponse(handle, (response) => response.callbackType === 8);
	return (answer.body as { choices: { value: string }[] }).choices.map((choice) => choice.value);
}

function blockCalls(method: string, path: string) {
	return world.rostro.requests.filter((request) => request.method === method && request.path === path);
}

describe('/setup block and /setup unblock', () => {
	it('hides a creator from search, cards, profiles and suggestions, and blocks them on the server account', async () => {
		expect((await searchFor('creator_b')).embeds.length).toBeGreaterThan(0);

		const answer = await setup('block', { kind: 'user', name: '@creator_b' });
		expect(answer).toBe(
			"The creator **creator\\_b** is now hidden here. The server's Rostro account blocks it too, in Rostro's own search.",
		);
		const [call] = blockCalls('POST', '/api/account/block/user/creator_b');
		expect(call?.token?.value).toBe(world.rostro.tokens.creatorA);
		expect([...serverAccount().blockedUsers]).toEqual(['creator_b']);

		// The server's token searches for members without their own: Rostro leaves them out.
		expect((await searchFor('creator_b')).content).toBe('Nothing on Rostro matches “creator\\_b”.');
		expect(creatorsOf(await searchFor('a'))).not.toContain('creator_b');

		const card = world.discord.slash(
			'character',
			{ name: 'creator_b/kael-the-exiled-prince' },
			{ user: users().member },
		);
		expect(await answerText(world.discord, card)).toMatch(/^This server hides characters by creator\\_b, so /);
		const profile = world.discord.slash('user', { name: 'creator_b' }, { user: users().member });
		expect(await answerText(world.discord, profile)).toBe('This server hides the creator creator\\_b.');

		const suggest = world.discord.autocomplete('character', 'name', { name: 'Kael' }, { user: users().member });
		const kael = world.rostro.project('creator_b/kael-the-exiled-prince');
		expect(await choicesOf(suggest)).not.toContain(String(kael.id));
	});

	it('hides them from members searching with their own token too, whose account blocks nothing', async () => {
		const reader = users().moderator;
		await linkMember(world, reader, world.rostro.tokens.reader);

		const list = await searchFor('creator_b', reader);
		expect(list.content).toBe('Every result on this page is by a creator or has a tag this server hides.');
		expect(list.embeds).toEqual([]);
		expect(creatorsOf(await searchFor('a', reader))).not.toContain('creator_b');
	});

	it('hides a tag: Rostro is asked to leave it out, and a search for it says it is hidden', async () => {
		expect(await setup('block', { kind: 'tag', name: 'Horror' })).toMatch(
			/^The tag \*\*Horror\*\* is now hidden here\./,
		);
		expect(blockCalls('POST', '/api/account/block/tag/Horror')).toHaveLength(1);
		expect([...serverAccount().blockedTags]).toEqual(['Horror']);

		const reader = users().moderator; // linked to reader's account, which hides no tag
		const list = await searchFor('mystery', reader);
		const sent = world.rostro.requests.filter((request) => request.path === '/search').at(-1);
		expect(sent?.query.exclude_tags).toBe('Horror');
		expect(list.embeds.length).toBeGreaterThan(0);
		expect(tagsOf(list)).not.toContain('Horror');

		const tagged = world.discord.slash('search', { query: 'a', tags: 'horror' }, { user: reader });
		expect(await answerText(world.discord, tagged)).toBe('This server hides the tag “Horror”.');
	});

	it('lists what is hidden in /setup show and offers it to unblock', async () => {
		const show = await setup('show', {});
		expect(show).toContain('Creators hidden from results: creator\\_b.');
		expect(show).toContain('Tags hidden from results: Horror.');

		const { discord } = world;
		const options = { kind: 'user', name: '' };
		const suggest = discord.autocomplete('setup', 'name', options, { user: users().admin, subcommand: 'unblock' });
		expect(await choicesOf(suggest)).toEqual(['creator_b']);
		const asMember = discord.autocomplete('setup', 'name', options, { user: users().member, subcommand: 'unblock' });
		expect(await choicesOf(asMember)).toEqual([]);
	});

	it('refuses a creator Rostro does not know, and members who are not admins', async () => {
		const unknown = await setup('block', { kind: 'user', name: 'nobody_at_all' });
		expect(unknown).toBe('Rostro has no creator called nobody\\_at\\_all, so nothing was blocked.');
		expect(blockCalls('POST', '/api/account/block/user/nobody_at_all')).toEqual([]);

		const handle = world.discord.slash(
			'setup',
			{ kind: 'user', name: 'lanternfish' },
			{
				user: users().member,
				subcommand: 'block',
			},
		);
		expect(await answerText(world.discord, handle)).toBe('Only members with the Manage Server permission can do that.');
		expect(serverAccount().blockedUsers.has('lanternfish')).toBe(false);
	});

	it('stores nothing when Rostro refuses the block on the server account', async () => {
		world.rostro.fault({ method: 'POST', path: '/api/account/block/user/lanternfish' }, { status: 503 });
		const answer = await setup('block', { kind: 'user', name: 'lanternfish' });
		expect(answer).toBe('Rostro is not answering right now; try again shortly.');
		expect(await setup('show', {})).toContain('Creators hidden from results: creator\\_b.');
	});

	it('unblocks on the server account and in this server, after a restart too', async () => {
		await world.restart();
		const answer = await setup('unblock', { kind: 'user', name: 'creator_b' });
		expect(answer).toBe(
			"The creator **creator\\_b** shows again here. The server's Rostro account no longer blocks it either.",
		);
		const [call] = blockCalls('DELETE', '/api/account/block/user/creator_b');
		expect(call?.token?.value).toBe(world.rostro.tokens.creatorA);
		expect(serverAccount().blockedUsers.size).toBe(0);
		expect(creatorsOf(await searchFor('creator_b'))).toContain('creator_b');

		expect(await setup('unblock', { kind: 'tag', name: 'horror' })).toMatch(
			/^The tag \*\*Horror\*\* shows again here\./,
		);
		expect(serverAccount().blockedTags.size).toBe(0);
		expect(await setup('unblock', { kind: 'tag', name: 'Horror' })).toBe(
			'The tag **Horror** is not hidden in this server.',
		);
	});
});
