import type { APIUser } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OptionValues } from '../fakes/discord/index.js';
import { answerText, expectNoTrouble, startConnectedWorld, type World } from './world.js';

// /help lists the commands the member may use here: what Discord shows them, what the server's
// `/setup roles` rules let them use (the router's own check), and admin-only subcommands only
// for admins.

let world: World;

beforeAll(async () => {
	world = await startConnectedWorld();
});
afterAll(() => world?.close());
afterEach(() => expectNoTrouble(world));

function users() {
	return world.discord.guild.users;
}

function setup(subcommand: string, options: OptionValues): Promise<string> {
	return answerText(world.discord, world.discord.slash('setup', options, { user: users().admin, subcommand }));
}

/** The lines of a member's /help. */
async function help(user: APIUser = users().member): Promise<string[]> {
	return (await answerText(world.discord, world.discord.slash('help', {}, { user }))).split('\n');
}

const starts = (lines: string[], prefix: string) => lines.some((line) => line.startsWith(prefix));

describe('/help', () => {
	it('lists admin-only commands and subcommands to admins only', async () => {
		const member = await help();
		expect(starts(member, '`/follow tag`')).toBe(true);
		expect(starts(member, '`/follow feed')).toBe(false);
		expect(starts(member, '`/setup')).toBe(false);

		const admin = await help(users().admin);
		for (const line of ['`/follow feed add`', '`/follow feed remove`', '`/follow feed list`', '`/setup nsfw`']) {
			expect(starts(admin, line)).toBe(true);
		}
	});

	it('leaves out what the server’s roles keep the member from, as the router refuses it', async () => {
		const before = await help();
		for (const line of ['`/tts`', '**Speak**', '**Transcribe**', '`/search`', '`/character`', '`/user`']) {
			expect(starts(before, line)).toBe(true);
		}

		const { guild } = world.discord;
		await setup('roles', { feature: 'tts', role: guild.roles.moderator, allow: true });
		await setup('roles', { feature: 'search', role: guild.id, allow: false }); // @everyone
		try {
			const member = await help();
			for (const line of ['`/tts`', '**Speak**', '**Transcribe**', '`/search`', '`/character`', '`/user`']) {
				expect(starts(member, line)).toBe(false);
			}
			expect(starts(member, '`/imagine`')).toBe(true);
			expect(starts(member, '`/help`')).toBe(true);
			const search = world.discord.slash('search', { query: 'a' }, { user: users().member });
			expect(await answerText(world.discord, search)).toBe(
				'Your roles do not allow search in this server; ask an admin.',
			);

			const moderator = await help(users().moderator);
			expect(starts(moderator, '`/tts`')).toBe(true);
			expect(starts(moderator, '`/search`')).toBe(false);
			expect(starts(await help(users().admin), '`/search`')).toBe(true);
		} finally {
			await setup('roles-reset', { feature: 'tts' });
			await setup('roles-reset', { feature: 'search' });
		}
		expect(await help()).toEqual(before);
	});
});
