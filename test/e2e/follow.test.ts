import type { APIMessage, APIUser } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	answerMessage,
	componentOf,
	connectServer,
	isPrivate,
	linkMember,
	titles,
} from '../discovery/world-helpers.js';
import type { OptionValues } from '../fakes/discord/index.js';
import { answerText, startWorld, type World } from './world.js';

let world: World;
let reader: APIUser;

beforeAll(async () => {
	world = await startWorld();
	await connectServer(world, world.rostro.tokens.creatorA);
	reader = world.discord.addUser('reader-of-rostro');
	await linkMember(world, reader, world.rostro.tokens.reader);
});
afterAll(() => world?.close());
afterEach(() => {
	expect(world.bot.problems()).toEqual([]);
	expect(world.discord.internalErrors).toEqual([]);
	expect(world.rostro.serverErrors).toEqual([]);
});

function users() {
	return world.discord.guild.users;
}

function follow(subcommand: string, options: OptionValues, user: APIUser, channelId?: string) {
	return world.discord.slash('follow', options, { user, subcommand, channelId });
}

function simUser(name: string) {
	const user = world.rostro.data.users.get(name);
	if (!user) throw new Error(`no simulator user ${name}`);
	return user;
}

async function turn(message: APIMessage, label: '◀' | '▶', user: APIUser): Promise<APIMessage> {
	const button = componentOf(message, 'follow:page:', label);
	const handle = world.discord.button(message, button.custom_id ?? '', { user });
	return (await world.discord.waitForResponse(handle, (r) => r.kind === 'editOriginal')).message as APIMessage;
}

describe('/follow user and /follow tag', () => {
	it("lets an admin change whom the server's account follows", async () => {
		const handle = follow('user', { name: 'velvet_circuit' }, users().admin);
		expect(await answerText(world.discord, handle)).toBe('**creator\\_a** now follows **velvet\\_circuit** on Rostro.');
		expect(simUser('creator_a').followsUsers.has('velvet_circuit')).toBe(true);
		const sent = world.rostro.requests.find((request) => request.path === '/api/follow/velvet_circuit');
		expect(sent?.token?.value).toBe(world.rostro.tokens.creatorA);
	});

	it("refuses a plain member the server's account, before asking Rostro", async () => {
		const asked = world.rostro.requests.length;
		const handle = follow('user', { name: 'reader' }, users().member);
		expect(await answerText(world.discord, handle)).toMatch(
			/^Your commands here use the server's Rostro account, and only members with Manage Server/,
		);
		expect(world.rostro.requests.slice(asked).some((request) => request.method === 'POST')).toBe(false);
		expect(simUser('creator_a').followsUsers.has('reader')).toBe(false);
	});

	it('acts for a member’s linked account first', async () => {
		const user = await answerText(world.discord, follow('user', { name: 'lanternfish' }, reader));
		expect(user).toBe('**reader** now follows **lanternfish** on Rostro.');
		const tag = await answerText(world.discord, follow('tag', { name: 'Sci-Fi' }, reader));
		expect(tag).toBe('**reader** now follows the tag **Sci-Fi** on Rostro.');
		expect(simUser('reader').followsUsers.has('lanternfish')).toBe(true);
		expect(simUser('reader').followsTags.has('Sci-Fi')).toBe(true);
	});

	it('says plainly when the creator does not exist, or Rostro refuses', async () => {
		expect(await answerText(world.discord, follow('user', { name: 'nobody_here' }, reader))).toBe(
			'Rostro has no creator called nobody\\_here.',
		);
		expect(await answerText(world.discord, follow('user', { name: 'reader' }, reader))).toBe(
			'Rostro refused: You cannot follow yourself.',
		);
	});

	it('refuses a Discord mention or anything no tag could be, before asking Rostro', async () => {
		const asked = world.rostro.requests.length;
		for (const name of ['@everyone', `<@&${world.discord.guild.roles.moderator}>`]) {
			expect(await answerText(world.discord, follow('tag', { name }, reader))).toBe(
				"Give the tag's name as Rostro shows it, not a Discord mention.",
			);
		}
		expect(await answerText(world.discord, follow('tag', { name: 'Horror, Dark' }, reader))).toBe(
			'Follow one tag at a time.',
		);
		expect(world.rostro.requests.slice(asked).some((request) => request.method === 'POST')).toBe(false);
		expect([...simUser('reader').followsTags].some((tag) => /[@<,]/.test(tag))).toBe(false);
	});

	it('says so when no project on Rostro has the tag followed', async () => {
		expect(await answerText(world.discord, follow('tag', { name: 'Zzyzx Lore' }, reader))).toBe(
			'**reader** now follows the tag **Zzyzx Lore** on Rostro. No project on Rostro has that tag yet.',
		);
	});

	it('suggests tags from Rostro', async () => {
		const handle = world.discord.autocomplete('follow', 'name', { name: 'sci' }, { user: reader, subcommand: 'tag' });
		const response = await world.discord.waitForResponse(handle, (r) => r.callbackType === 8);
		const values = (response.body as { choices: { value: string }[] }).choices.map((choice) => choice.value);
		expect(values).toContain('Sci-Fi');
	});
});

describe('/follow list and /follow followers', () => {
	it('lists whom the member’s account follows, privately', async () => {
		const handle = follow('list', {}, reader);
		const { message } = await answerMessage(world.discord, handle);
		expect(isPrivate(world.discord.interactionResponses(handle)[0] as never)).toBe(true);
		const followed = [...simUser('reader').followsUsers].sort();
		expect(message.embeds[0]?.title).toBe(`Creators reader follows · ${followed.length} in all`);
		expect(message.embeds[0]?.description).toContain('• [creator\\_b](https://rostro.dev/users/creator_b)');
		expect(message.embeds[0]?.description?.split('\n')).toHaveLength(followed.length);
	});

	it('lists who follows a creator, or the member’s own account', async () => {
		const { message } = await answerMessage(world.discord, follow('followers', { name: 'creator_b' }, reader));
		const followers = [...world.rostro.data.users.values()].filter((user) => user.followsUsers.has('creator_b'));
		expect(message.embeds[0]?.title).toBe(`Who follows creator\\_b · ${followers.length} in all`);
		expect(message.embeds[0]?.description).toContain('[reader]');
		expect(message.embeds[0]?.description).toContain('[creator\\_a]');

		const own = await answerMessage(world.discord, follow('followers', {}, reader));
		expect(own.message.content).toBe('Nobody follows reader yet.');
	});
});

describe('/follow timeline', () => {
	it('pages through new work of what the account follows, NSFW left out here and said so', async () => {
		const { message: page1 } = await answerMessage(world.discord, follow('timeline', {}, reader));
		expect(page1.content).toMatch(
			/^New from the creators and tags \*\*reader\*\* follows · page 1\n\d NSFW items? (is|are) left out/,
		);
		expect(page1.embeds.length).toBeGreaterThan(0);
		expect(page1.embeds.every((embed) => !embed.footer?.text.includes('NSFW'))).toBe(true);
		expect(componentOf(page1, 'follow:page:', '◀').disabled).toBe(true);

		const page2 = await turn(page1, '▶', reader);
		expect(page2.content).toMatch(/· page 2/);
		expect(titles(page2).some((title) => titles(page1).includes(title))).toBe(false);

		await world.restart();
		const back = await turn(page2, '◀', reader);
		expect(titles(back)).toEqual(titles(page1));
	});

	it('shows NSFW work in an age-restricted channel', async () => {
		const channelId = world.discord.guild.channels.nsfw;
		const { message } = await answerMessage(world.discord, follow('timeline', {}, reader, channelId));
		expect(message.content).toBe('New from the creators and tags **reader** follows · page 1');
		expect(message.embeds.some((embed) => embed.footer?.text.includes('NSFW'))).toBe(true);
	});
});

describe('/unfollow', () => {
	it('stops following a creator and a tag', async () => {
		const { discord } = world;
		const user = discord.slash('unfollow', { name: 'lanternfish' }, { user: reader, subcommand: 'user' });
		expect(await answerText(discord, user)).toBe('**reader** no longer follows **lanternfish** on Rostro.');
		const tag = discord.slash('unfollow', { name: 'Sci-Fi' }, { user: reader, subcommand: 'tag' });
		expect(await answerText(discord, tag)).toBe('**reader** no longer follows the tag **Sci-Fi** on Rostro.');
		expect(simUser('reader').followsUsers.has('lanternfish')).toBe(false);
		expect(simUser('reader').followsTags.has('Sci-Fi')).toBe(false);
	});

	it("refuses a plain member the server's account", async () => {
		const handle = world.discord.slash('unfollow', { name: 'creator_b' }, { user: users().member, subcommand: 'user' });
		expect(await answerText(world.discord, handle)).toMatch(/only members with Manage Server/);
		expect(simUser('creator_a').followsUsers.has('creator_b')).toBe(true);
	});
});

describe('/follow feed add kind:tag', () => {
	function addFeed(name: string) {
		const options = { channel: world.discord.guild.channels.general, kind: 'tag', name };
		return answerText(
			world.discord,
			world.discord.slash('follow', options, { user: users().admin, group: 'feed', subcommand: 'add' }),
		);
	}

	it('refuses a mention as a tag, and says when no project has the tag yet', async () => {
		expect(await addFeed(`<@&${world.discord.guild.roles.moderator}>`)).toBe(
			"Give the tag's name as Rostro shows it, not a Discord mention.",
		);
		expect(await addFeed('@everyone')).toBe("Give the tag's name as Rostro shows it, not a Discord mention.");
		expect(await addFeed('Zzyzx Lore')).toBe(
			`Feed added: new work for tag **Zzyzx Lore** → <#${world.discord.guild.channels.general}>. ` +
				'No project on Rostro has that tag yet; new work with it will be posted here.',
		);
	});

	it('keeps feed subcommands for admins', async () => {
		const handle = world.discord.slash('follow', {}, { user: users().member, group: 'feed', subcommand: 'list' });
		expect(await answerText(world.discord, handle)).toMatch(/Manage Server/);
	});
});
