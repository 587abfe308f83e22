import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { APIUser } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AddedGuild, InteractionHandle, OptionValues } from '../fakes/discord/index.js';
import type { RecordedRequest } from '../fakes/rostro/index.js';
import { answerText, expectNoTrouble, isEphemeral, startConnectedWorld, type World } from './world.js';

// Server A (the main guild) is connected with creator_a's token. Server B is added later, first
// with no token, then with creator_b's. One member belongs to both.

const run = promisify(execFile);
const deployScript = new URL('../../dist/src/scripts/deploy.js', import.meta.url).pathname;

let world: World;
let serverB: AddedGuild;
/** A member of both servers, with no role in either. */
let both: APIUser;
/** Every interaction made in server B, to check nothing it showed carries a token. */
const inB: InteractionHandle[] = [];

beforeAll(async () => {
	world = await startConnectedWorld();
	both = world.discord.guild.users.member;
	serverB = world.discord.addGuild({ name: 'Server B', alsoJoining: [both] });
	// `npm run deploy` for server B too, as its admins would have it: B's commands are B's own.
	await run(process.execPath, [deployScript], {
		env: { PATH: process.env.PATH ?? '', ...world.env, DISCORD_DEV_GUILD_ID: serverB.id },
	});
	await world.bot.waitForLog((line) => line.msg === 'joined a server' && line.guildId === serverB.id);
});
afterAll(() => world?.close());
afterEach(() => {
	world.rostro.clearFaults();
	expectNoTrouble(world);
});

const RESULT_TIMEOUT_MS = 20_000;

function tokens() {
	return world.rostro.tokens;
}

function inServerB(name: string, options: OptionValues, user: APIUser, subcommand?: string): InteractionHandle {
	const handle = world.discord.slash(name, options, { user, subcommand, channelId: serverB.channels.general });
	inB.push(handle);
	return handle;
}

function answerInB(name: string, options: OptionValues, user: APIUser, subcommand?: string): Promise<string> {
	return answerText(world.discord, inServerB(name, options, user, subcommand), RESULT_TIMEOUT_MS);
}

/** The sentence a member was told privately about a command in server B. */
async function privatelyInB(name: string, options: OptionValues, user: APIUser): Promise<string> {
	const handle = inServerB(name, options, user);
	const told = await world.discord.waitForResponse(
		handle,
		(response) => Boolean((response.body as { content?: string } | undefined)?.content) && isEphemeral(response),
		RESULT_TIMEOUT_MS,
	);
	return (told.body as { content?: string }).content ?? '';
}

/** The Rostro requests made while `work` ran (each test waits for its interactions to finish). */
async function requestsDuring(work: () => Promise<unknown>): Promise<RecordedRequest[]> {
	const before = world.rostro.requests.length;
	await work();
	return world.rostro.requests.slice(before);
}

/** The tokens API calls carried; media files are public URLs, fetched without one. */
function tokensUsed(requests: RecordedRequest[]): (string | undefined)[] {
	return requests.filter((request) => !request.path.startsWith('/media/')).map((request) => request.token?.value);
}

/** The first public message a /tts in server B answered with, as text or file. */
async function ttsInB(text: string, user: APIUser): Promise<void> {
	const handle = inServerB('tts', { text }, user);
	await world.discord.waitForResponse(
		handle,
		(response) => response.kind === 'editOriginal' && response.files.length > 0,
		RESULT_TIMEOUT_MS,
	);
	await world.bot.waitForLog((line) => line.msg === 'speech delivered' && line.interactionId === handle.id);
}

async function linkToken(user: APIUser, token: string): Promise<void> {
	const { discord } = world;
	await discord.waitForResponse(inServerB('account', {}, user, 'link'));
	const submit = discord.modalSubmit('account:link', { token }, { user, channelId: serverB.channels.general });
	inB.push(submit);
	await answerText(discord, submit);
}

describe('another server’s token', () => {
	it('is never used in a server without a token of its own, even by a member of both', async () => {
		const { admin, member } = serverB.users;
		const notConnected = 'This server is not connected to Rostro yet; an admin must run /setup token.';
		const requests = await requestsDuring(async () => {
			expect(await privatelyInB('tts', { text: 'Hello from B.' }, both)).toBe(notConnected);
			expect(await privatelyInB('imagine', { prompt: 'a lighthouse' }, both)).toBe(notConnected);
			expect(await privatelyInB('imagine', { prompt: 'a harbour' }, member)).toBe(notConnected);
			expect(await answerInB('search', { query: 'ari' }, both)).toMatch(/^Results 1–/);
			const suggestion = world.discord.autocomplete(
				'tts',
				'voice',
				{ text: 'hi', voice: '' },
				{ user: both, channelId: serverB.channels.general },
			);
			const offered = await world.discord.waitForResponse(suggestion, (response) => response.callbackType === 8);
			expect((offered.body as { choices: unknown[] }).choices).toEqual([]);
		});

		expect(requests.map((request) => request.path)).toContain('/search');
		expect(tokensUsed(requests).every((token) => token === undefined)).toBe(true);
		expect(requests.some((request) => request.path === '/tts' || request.path.startsWith('/imagine'))).toBe(false);

		const status = await answerInB('account', {}, both, 'status');
		expect(status).not.toMatch(/creator\\?_a/);
		const show = await answerInB('setup', {}, admin, 'show');
		expect(show).toContain('Rostro account: none yet; run `/setup token`.');
		expect(show).not.toMatch(/creator\\?_a/);
	});

	it('stays out of a server with a token of its own, whose commands use only that token', async () => {
		const { admin, member } = serverB.users;
		// Hidden before B has a token: nothing to tell Rostro yet, until the token is set.
		expect(await answerInB('setup', { kind: 'tag', name: 'Horror' }, admin, 'block')).toMatch(/^The tag/);
		await world.discord.waitForResponse(inServerB('setup', {}, admin, 'token'));
		const submit = world.discord.modalSubmit(
			'setup:token',
			{ token: tokens().creatorB },
			{
				user: admin,
				channelId: serverB.channels.general,
			},
		);
		inB.push(submit);
		expect(await answerText(world.discord, submit)).toBe('This server now uses the Rostro account **creator\\_b**.');
		const pushed = world.rostro.requests.find((request) => request.path === '/api/account/block/tag/Horror');
		expect(pushed?.token?.value).toBe(tokens().creatorB);

		const requests = await requestsDuring(async () => {
			await ttsInB('Speech paid by B.', both);
			await ttsInB('Speech paid by B again.', member);
			const imagine = inServerB('imagine', { prompt: 'a lighthouse paid by B' }, both);
			await world.discord.waitForResponse(
				imagine,
				(response) => response.kind === 'editOriginal' && response.files.length > 0,
				RESULT_TIMEOUT_MS,
			);
			expect(await answerInB('search', { query: 'ari' }, both)).toMatch(/^Results 1–/);
			const status = await answerInB('account', {}, both, 'status');
			expect(status).toContain('creator\\_b');
			expect(status).not.toMatch(/creator\\?_a/);
		});
		expect(requests.some((request) => request.path.startsWith('/imagine'))).toBe(true);
		expect(new Set(tokensUsed(requests))).toEqual(new Set([tokens().creatorB]));

		const show = await answerInB('setup', {}, admin, 'show');
		expect(show).toContain('Rostro account: **creator\\_b**.');
		expect(show).toContain('Tags hidden from results: Horror.');

		// Server A's own policy and account are untouched by B's.
		const showA = world.discord.slash('setup', {}, { user: world.discord.guild.users.admin, subcommand: 'show' });
		const inA = await answerText(world.discord, showA);
		expect(inA).toContain('Rostro account: **creator\\_a**.');
		expect(inA).toContain('Tags hidden from results: none.');
		expect(world.rostro.data.users.get('creator_a')?.blockedTags.size).toBe(0);
	});

	it('is not B’s admin’s to read: /setup show in either server prints no token', async () => {
		const all = Object.values(tokens());
		const showB = await answerInB('setup', {}, serverB.users.admin, 'show');
		const showA = await answerText(
			world.discord,
			world.discord.slash('setup', {}, { user: world.discord.guild.users.admin, subcommand: 'show' }),
		);
		for (const token of all) {
			expect(showB).not.toContain(token);
			expect(showA).not.toContain(token);
		}
	});
});

describe('a member’s own linked token, stored per member for every server', () => {
	it('pays for that member in every server, and shows in neither server’s setup', async () => {
		await linkToken(both, tokens().reader);

		const duringB = await requestsDuring(() => ttsInB('My own token, in B.', both));
		expect(new Set(tokensUsed(duringB))).toEqual(new Set([tokens().reader]));

		const handleA = world.discord.slash('tts', { text: 'My own token, in A.' }, { user: both });
		const duringA = await requestsDuring(async () => {
			await world.discord.waitForResponse(
				handleA,
				(response) => response.kind === 'editOriginal' && response.files.length > 0,
				RESULT_TIMEOUT_MS,
			);
		});
		expect(new Set(tokensUsed(duringA))).toEqual(new Set([tokens().reader]));

		const show = await answerInB('setup', {}, serverB.users.admin, 'show');
		expect(show).not.toContain(tokens().reader);
		expect(show).not.toContain('reader');
	});
});

describe('what server B was shown', () => {
	it('never carried a Rostro token', () => {
		const shown = inB.flatMap((handle) => world.discord.interactionResponses(handle).map((r) => JSON.stringify(r)));
		const posted = world.discord.messages(serverB.channels.general).map((message) => JSON.stringify(message));
		expect(shown.length).toBeGreaterThan(10);
		for (const token of Object.values(tokens())) {
			for (const text of [...shown, ...posted]) expect(text).not.toContain(token);
		}
	});
});
