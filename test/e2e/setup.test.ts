import type { APIMessage } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BotProcess } from './bot-process.js';
import { answerText, isEphemeral, privateSentence, startWorld, type World } from './world.js';

let world: World;

beforeAll(async () => {
	world = await startWorld();
});
afterAll(() => world?.close());
afterEach(() => {
	expect(world.bot.problems()).toEqual([]);
	expect(world.discord.internalErrors).toEqual([]);
});

function users() {
	return world.discord.guild.users;
}

async function setToken(token: string, user = users().admin) {
	const { discord } = world;
	const command = discord.slash('setup', {}, { user, subcommand: 'token' });
	await discord.waitForResponse(command, (response) => response.callbackType === 9);
	const submit = discord.modalSubmit('setup:token', { token }, { user });
	return { submit, text: await answerText(discord, submit) };
}

describe('logging in', () => {
	it('connects to the gateway, logs ready and registers nothing at start-up', async () => {
		expect(world.discord.identifyCount).toBe(1);
		const registrations = world.discord.calls.filter(
			(call) => call.method === 'PUT' && call.path.includes('/commands'),
		);
		expect(registrations).toHaveLength(1); // the deploy script's, before the bot started
	});
});

describe('/setup token', () => {
	it('opens a modal, verifies the token with Rostro and answers privately with the account name', async () => {
		const { submit, text } = await setToken(world.rostro.tokens.creatorA);
		expect(text).toBe('This server now uses the Rostro account **creator\\_a**.');
		expect(isEphemeral(world.discord.interactionResponses(submit)[0] as never)).toBe(true);
		const check = world.rostro.requests.find((request) => request.path === '/api/self');
		expect(check?.headers.authorization).toBe(`Bearer ${world.rostro.tokens.creatorA}`);
	});

	it('never echoes the token anywhere Discord can see', () => {
		const everything = JSON.stringify(world.discord.calls.map((call) => call.body));
		expect(everything).not.toContain(world.rostro.tokens.creatorA);
	});

	it('refuses a plain member, even though Discord hides the command from them', async () => {
		const handle = world.discord.slash('setup', {}, { user: users().member, subcommand: 'token' });
		expect(await answerText(world.discord, handle)).toBe('Only members with the Manage Server permission can do that.');
		const forged = world.discord.modalSubmit(
			'setup:token',
			{ token: world.rostro.tokens.reader },
			{ user: users().member },
		);
		expect(await answerText(world.discord, forged)).toBe('Only members with the Manage Server permission can do that.');
	});

	it('refuses a token Rostro rejects and keeps the one it had', async () => {
		const { text } = await setToken('not-a-real-token-123');
		expect(text).toMatch(/^Rostro did not accept that token, so nothing was stored/);
		const show = world.discord.slash('setup', {}, { user: users().admin, subcommand: 'show' });
		expect(await answerText(world.discord, show)).toMatch(/Rostro account: \*\*creator\\_a\*\*/);
	});

	it('refuses something that is not a token at all without asking Rostro', async () => {
		const asked = world.rostro.requests.length;
		const { text } = await setToken('two words');
		expect(text).toBe('That does not look like a Rostro API token, so nothing was stored.');
		expect(world.rostro.requests.length).toBe(asked);
	});
});

describe('/setup show', () => {
	it('shows the account, the policy and the permissions missing in this channel', async () => {
		const handle = world.discord.slash('setup', {}, { user: users().admin, subcommand: 'show' });
		const text = await answerText(world.discord, handle);
		expect(text).toContain('NSFW content: only in age-restricted channels');
		expect(text).toContain('In this channel I have every permission I need.');
	});
});

describe('a server token stored under another ROSTRO_BOT_SECRET', () => {
	it('is named in /setup show, with what to do, while members are told an admin must set it again', async () => {
		await world.bot.stop();
		world.bot = new BotProcess({ ...world.env, ROSTRO_BOT_SECRET: 'cd'.repeat(32) });
		await world.bot.ready();
		const show = world.discord.slash('setup', {}, { user: users().admin, subcommand: 'show' });
		const text = await answerText(world.discord, show);
		expect(text).toMatch(
			/^Rostro account: \*\*creator\\_a\*\*, but its token cannot be used\. The saved Rostro token was encrypted with a different ROSTRO_BOT_SECRET and cannot be read; run \/setup token again to store it anew\. \(Or restart the bot with the ROSTRO_BOT_SECRET it was stored with\.\)/,
		);
		expect(text).not.toMatch(/^Rostro account: \*\*creator\\_a\*\*\.$/m);

		const status = world.discord.slash('account', {}, { user: users().member, subcommand: 'status' });
		expect(await privateSentence(world.discord, status)).toBe(
			"This server's Rostro token can no longer be read; an admin must run /setup token again.",
		);
		const logged = await world.bot.waitForLog((line) => line.msg === 'a stored token could not be decrypted');
		expect(logged).toMatchObject({ reason: 'unknown-key', source: 'guild' });
		expect(logged.err).toBeUndefined(); // expected, and said in one line: no stack
		await world.restart();
		const again = world.discord.slash('setup', {}, { user: users().admin, subcommand: 'show' });
		expect(await answerText(world.discord, again)).toMatch(/^Rostro account: \*\*creator\\_a\*\*\.\n/);
	});
});

describe('/setup roles and @everyone', () => {
	function setRoles(role: string, allow: boolean) {
		const options = { feature: 'search', role, allow };
		return answerText(
			world.discord,
			world.discord.slash('setup', options, { user: users().admin, subcommand: 'roles' }),
		);
	}

	it('words a denied @everyone as it works: nobody but admins', async () => {
		const { guild } = world.discord;
		expect(await setRoles(guild.roles.everyone, false)).toBe(
			'Who may use search: nobody but admins, since @everyone is denied.',
		);
		const search = world.discord.slash('search', { query: 'luna' }, { user: users().member });
		expect(await privateSentence(world.discord, search)).toBe(
			'Your roles do not allow search in this server; ask an admin.',
		);
		const show = world.discord.slash('setup', {}, { user: users().admin, subcommand: 'show' });
		expect(await answerText(world.discord, show)).toContain(
			'Who may use search: nobody but admins, since @everyone is denied.',
		);

		expect(await setRoles(guild.roles.everyone, true)).toBe('Who may use search: everyone.');
		const reset = world.discord.slash(
			'setup',
			{ feature: 'search' },
			{ user: users().admin, subcommand: 'roles-reset' },
		);
		expect(await answerText(world.discord, reset)).toBe('Everyone may use search again.');
	});
});

describe('/account', () => {
	it('uses the server account for members who linked none', async () => {
		const handle = world.discord.slash('account', {}, { user: users().moderator, subcommand: 'status' });
		expect(await answerText(world.discord, handle)).toMatch(
			/^Your commands here use this server's Rostro account, \*\*creator\\_a\*\*\. It has [\d,]+ credits\.$/,
		);
	});

	it('lets a member link a personal token that overrides the server token for them only', async () => {
		const { discord, rostro } = world;
		const link = discord.slash('account', {}, { user: users().member, subcommand: 'link' });
		await discord.waitForResponse(link, (response) => response.callbackType === 9);
		const submit = discord.modalSubmit('account:link', { token: rostro.tokens.creatorB }, { user: users().member });
		expect(await answerText(discord, submit)).toMatch(/your Rostro account \*\*creator\\_b\*\*/);

		const mine = discord.slash('account', {}, { user: users().member, subcommand: 'status' });
		expect(await answerText(discord, mine)).toMatch(/your linked Rostro account, \*\*creator\\_b\*\*/);
		const accountCall = rostro.requests.filter((request) => request.path === '/api/account').at(-1);
		expect(accountCall?.headers.authorization).toBe(`Bearer ${rostro.tokens.creatorB}`);

		const theirs = discord.slash('account', {}, { user: users().moderator, subcommand: 'status' });
		expect(await answerText(discord, theirs)).toMatch(/this server's Rostro account, \*\*creator\\_a\*\*/);
	});

	it('unlinks and forgets', async () => {
		const { discord } = world;
		const unlink = discord.slash('account', {}, { user: users().member, subcommand: 'unlink' });
		expect(await answerText(discord, unlink)).toMatch(/^I forgot your Rostro token/);
		const forget = discord.slash('account', {}, { user: users().member, subcommand: 'forget' });
		const question = await discord.waitForResponse(forget, (response) => Boolean(response.message?.content));
		expect(question.message?.content).toMatch(/^\*\*Forget everything\?\*\*/);
		const confirmId = `account:forget-confirm:${users().member.id}`;
		const confirm = discord.button(question.message as APIMessage, confirmId, { user: users().member });
		expect(await answerText(discord, confirm)).toMatch(/^I deleted everything I stored about you/);
		const status = discord.slash('account', {}, { user: users().member, subcommand: 'status' });
		expect(await answerText(discord, status)).toMatch(/this server's Rostro account/);
	});
});

describe('/help', () => {
	it('lists only what the member may use', async () => {
		const member = world.discord.slash('help', {}, { user: users().member });
		const text = await answerText(world.discord, member);
		expect(text).toContain('/account status');
		expect(text).not.toContain('/setup');
		const admin = world.discord.slash('help', {}, { user: users().admin });
		expect(await answerText(world.discord, admin)).toContain('/setup token');
	});
});

describe('/setup logout', () => {
	it("forgets the server's token, after which commands ask for /setup token", async () => {
		const audit = world.discord.slash(
			'setup',
			{ channel: world.discord.guild.channels.system },
			{ user: users().admin, subcommand: 'audit-log' },
		);
		await answerText(world.discord, audit);
		const logout = world.discord.slash('setup', {}, { user: users().admin, subcommand: 'logout' });
		expect(await answerText(world.discord, logout)).toBe("I forgot this server's Rostro token.");
		const status = world.discord.slash('account', {}, { user: users().member, subcommand: 'status' });
		expect(await answerText(world.discord, status)).toMatch(/^No Rostro account is set up for you here/);
		await world.discord.waitForMessage(world.discord.guild.channels.system, (message) =>
			message.content.includes('changed the setup: /setup logout'),
		);
	});

	it('says so when there is no token to forget, and writes nothing to the audit log', async () => {
		const { discord } = world;
		const logout = discord.slash('setup', {}, { user: users().admin, subcommand: 'logout' });
		expect(await answerText(discord, logout)).toBe('This server had no Rostro token to forget, so nothing changed.');
		// A later audited change lands after anything the second logout could have written.
		const nsfw = discord.slash('setup', { mode: 'age-restricted' }, { user: users().admin, subcommand: 'nsfw' });
		await answerText(discord, nsfw);
		await discord.waitForMessage(discord.guild.channels.system, (message) => message.content.includes('/setup nsfw'));
		const logouts = discord
			.messages(discord.guild.channels.system)
			.filter((message) => message.content.includes('/setup logout'));
		expect(logouts).toHaveLength(1);
	});
});
