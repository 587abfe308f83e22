import type { APIMessage } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { openStore } from '../../src/store/index.js';
import { answerText, startConnectedWorld, type World } from './world.js';

let world: World;

beforeAll(async () => {
	world = await startConnectedWorld();
});
afterAll(() => world?.close());
afterEach(() => world.rostro.clearFaults());

function accountStatus(user = world.discord.guild.users.member) {
	return answerText(world.discord, world.discord.slash('account', {}, { user, subcommand: 'status' }));
}

/** A message the bot posted long ago, with buttons no handler knows any more. */
async function postOldBotMessage(customIds: string[]): Promise<APIMessage> {
	const { discord } = world;
	const buttons = customIds.map((custom_id) => ({ type: 2, style: 2, label: custom_id, custom_id }));
	const response = await fetch(`${discord.apiUrl}/v10/channels/${discord.guild.channels.general}/messages`, {
		method: 'POST',
		headers: { authorization: `Bot ${discord.botToken}`, 'content-type': 'application/json' },
		body: JSON.stringify({ content: 'an old message', components: [{ type: 1, components: buttons }] }),
	});
	return (await response.json()) as APIMessage;
}

const accountRoute = { method: 'GET', path: '/api/account' };

describe('every error reaches the member as one readable sentence', () => {
	it("a rejected server token names the server's token and the fix", async () => {
		world.rostro.fault(accountRoute, { status: 401, body: { detail: 'Invalid token' } }, 1);
		expect(await accountStatus()).toBe("This server's Rostro token was rejected; an admin can run /setup token.");
	});

	it('a forbidden call says the same', async () => {
		world.rostro.fault(accountRoute, { status: 403, body: { detail: 'Forbidden' } }, 1);
		expect(await accountStatus()).toMatch(/^This server's Rostro token was rejected/);
	});

	it('a 429 says when to try again', async () => {
		world.rostro.fault(accountRoute, { status: 429, retryAfter: 1, body: { detail: 'busy' } }, 3);
		expect(await accountStatus()).toBe('Rostro is busy with another request on this account; try again in 1 second.');
	});

	it('a server error says Rostro is not answering', async () => {
		world.rostro.fault(accountRoute, { status: 503, body: { detail: 'down' } }, 3);
		expect(await accountStatus()).toBe('Rostro is not answering right now; try again shortly.');
	});

	it('a dropped connection says the same', async () => {
		world.rostro.fault(accountRoute, { reset: true }, 3);
		expect(await accountStatus()).toBe('Rostro is not answering right now; try again shortly.');
	});

	it('an answer of the wrong shape gives a reference that matches the log line', async () => {
		world.rostro.fault(accountRoute, { malformedJson: true }, 3);
		const text = await accountStatus();
		const reference = text.match(/reference ([0-9a-f]{8})\.$/)?.[1];
		expect(reference).toBeDefined();
		await world.bot.waitForLog((line) => line.reference === reference && line.msg === 'interaction failed');
		world.bot.logs.splice(0); // that error line was expected
	});

	it("a member's own rejected token names theirs", async () => {
		const { discord, rostro } = world;
		const member = discord.guild.users.moderator;
		await discord.waitForResponse(discord.slash('account', {}, { user: member, subcommand: 'link' }));
		await answerText(discord, discord.modalSubmit('account:link', { token: rostro.tokens.reader }, { user: member }));
		rostro.fault(accountRoute, { status: 401, body: { detail: 'Invalid token' } }, 1);
		expect(await accountStatus(member)).toBe(
			'Rostro rejected your linked token; run /account link with a new one, or /account unlink.',
		);
	});
});

describe('Discord trouble', () => {
	it('retries an interaction callback answered 429', async () => {
		world.discord.fail({ method: 'POST', path: /\/callback$/ }, { status: 429, retryAfter: 0.2 }, 1);
		const handle = world.discord.slash('help', {}, { user: world.discord.guild.users.member });
		expect(await answerText(world.discord, handle)).toContain('/account status');
	});
});

describe('hostile and stale input', () => {
	it('survives malformed interaction payloads', async () => {
		const { discord, bot } = world;
		discord.rawInteraction({ id: '1', type: 2, token: 'x', application_id: discord.applicationId, data: {} });
		discord.rawInteraction({ id: '2', type: 99, token: 'y', application_id: discord.applicationId });
		discord.rawInteraction({ garbage: true });

		const after = discord.slash('help', {}, { user: discord.guild.users.member });
		expect(await answerText(discord, after)).toContain('/account status');
		expect(bot.exitCode).toBeNull();
		// discord.js itself throws on some malformed packets; the bot logs those and goes on.
		const foreign = bot.problems().filter((line) => !/discord\.js|@discordjs/.test(JSON.stringify(line.err)));
		expect(foreign).toEqual([]);
		bot.logs.splice(0);
	});

	it('answers unknown and stale custom ids with a sentence', async () => {
		const { discord } = world;
		const user = discord.guild.users.member;
		const customIds = ['nope', 'setup:no-such-action:1', 'unknown-command:x', 'setup'];
		const message = await postOldBotMessage(customIds);
		for (const customId of customIds) {
			const handle = discord.button(message, customId, { user });
			expect(await answerText(discord, handle)).toBe('That button no longer works; run the command again.');
		}
	});

	it('refuses an empty or junk token field with a sentence', async () => {
		const { discord } = world;
		for (const token of ['', ' '.repeat(40), '\u0000\u0001binary']) {
			const handle = discord.modalSubmit('account:link', { token }, { user: discord.guild.users.member });
			expect(await answerText(discord, handle)).toBe(
				'That does not look like a Rostro API token, so nothing was stored.',
			);
		}
	});
});

describe('arriving and leaving', () => {
	it('welcomes a new server in its system channel, mentioning nobody', async () => {
		const { discord } = world;
		const added = discord.addGuild({ name: 'Second server' });
		const welcome = await discord.waitForMessage(added.channels.general, (message) =>
			message.content.includes('/setup token'),
		);
		expect(discord.allowedMentionsOf(welcome.id)).toEqual({ parse: [] });
	});

	it('deletes everything stored for a server it is removed from', async () => {
		const { discord, bot, env } = world;
		discord.removeGuild(discord.guild.id);
		await bot.waitForLog((line) => line.msg === 'removed from a server; its data was deleted');
		await bot.stop();

		const store = await openStore(loadConfig(env), silentLogger);
		expect(await store.guilds.get(discord.guild.id)).toBeUndefined();
		await store.close();
	});
});

describe('after every test', () => {
	it('logged no unexpected error and no unhandled rejection', () => {
		expect(world.bot.problems()).toEqual([]);
		expect(world.discord.internalErrors).toEqual([]);
	});
});
