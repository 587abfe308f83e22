import { randomBytes } from 'node:crypto';
import type { APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionHandle } from '../fakes/discord/interactions/driver.js';
import type { OptionValues } from '../fakes/discord/interactions/options.js';
import type { LogLine } from './bot-process.js';
import { answerText, isEphemeral, startConnectedWorld, type World } from './world.js';

// Input real Discord never sends, but a forged or stale interaction can: custom ids naming
// object built-ins, names made of dots, options of the wrong type or missing.

let world: World;

beforeAll(async () => {
	world = await startConnectedWorld();
	// A real /help, whose payload the forged commands below are made from.
	const help = world.discord.slash('help', {}, { user: world.discord.guild.users.member });
	await answerText(world.discord, help);
	template = help.payload as unknown as typeof template;
});
afterAll(() => world?.close());

const WARN = 40;
const ERROR = 50;

function member() {
	return world.discord.guild.users.member;
}

/** What the bot logged while handling one interaction. */
function logsOf(handle: InteractionHandle) {
	return world.bot.logs.filter((line) => line.interactionId === handle.id);
}

/** The bot's private answer, once it has logged the outcome too. */
async function privateAnswer(handle: InteractionHandle): Promise<string> {
	const text = await answerText(world.discord, handle);
	const responses = world.discord.interactionResponses(handle);
	expect(responses.some(isEphemeral)).toBe(true);
	return text;
}

/** A message the bot posted with buttons of these custom ids. */
async function messageWithButtons(customIds: string[]): Promise<APIMessage> {
	const { discord } = world;
	const buttons = customIds.map((custom_id) => ({ type: 2, style: 2, label: custom_id.slice(0, 80), custom_id }));
	const rows = [];
	for (let at = 0; at < buttons.length; at += 5) rows.push({ type: 1, components: buttons.slice(at, at + 5) });
	const response = await fetch(`${discord.apiUrl}/v10/channels/${discord.guild.channels.general}/messages`, {
		method: 'POST',
		headers: { authorization: `Bot ${discord.botToken}`, 'content-type': 'application/json' },
		body: JSON.stringify({ content: 'buttons', components: rows }),
	});
	return (await response.json()) as APIMessage;
}

let template: { data: Record<string, unknown> } & Record<string, unknown>;
let forgedCount = 0n;

/** A slash command exactly as given, options and all, whatever its definition says. */
function rawSlash(name: string, options: unknown[] | undefined): InteractionHandle {
	const { options: _dropped, ...data } = template.data;
	forgedCount += 1n;
	return world.discord.rawInteraction({
		...template,
		id: (((BigInt(Date.now()) - 1_420_070_400_000n) << 22n) + forgedCount).toString(),
		token: `raw-${randomBytes(16).toString('hex')}`,
		data: { ...data, name, ...(options === undefined ? {} : { options }) },
	});
}

describe('custom ids that name object built-ins', () => {
	const forged = [
		'post:constructor',
		'post:toString:x',
		'post:__proto__',
		'imagine:constructor:x',
		'imagine:hasOwnProperty:x',
		'imagine:__defineGetter__:x',
		'constructor:x',
		'__proto__:components:x',
	];

	it('are answered as a button that no longer works, logged as a warning', async () => {
		const message = await messageWithButtons(forged);
		for (const customId of forged) {
			const handle = world.discord.button(message, customId, { user: member() });
			expect(await privateAnswer(handle)).toBe('That button no longer works; run the command again.');
			const logged = await world.bot.waitForLog(
				(line) => line.interactionId === handle.id && line.msg === 'unknown custom id',
			);
			expect(logged.level).toBe(WARN);
			expect(logsOf(handle).filter((line) => line.level >= ERROR)).toEqual([]);
		}
	});
});

describe('names made of dots', () => {
	const cases: [string, OptionValues, { subcommand?: string; group?: string; admin?: boolean }, RegExp][] = [
		['user', { name: '..' }, {}, /^Rostro has no creator called \.\.\.?$/],
		['user', { name: '.' }, {}, /^Rostro has no creator called \.\.?$/],
		['character', { name: '../..' }, {}, /^Rostro has no character/],
		['follow', { name: '..' }, { subcommand: 'user', admin: true }, /^Rostro has no/],
		['follow', { name: '..' }, { subcommand: 'tag', admin: true }, /^Give the tag as Rostro writes it/],
		['unfollow', { name: '..' }, { subcommand: 'user', admin: true }, /^Rostro has no/],
		['follow', { name: '..' }, { subcommand: 'followers' }, /^Rostro has no/],
		['setup', { kind: 'user', name: '..' }, { subcommand: 'block', admin: true }, /^Rostro has no creator called/],
		['chat', { character: '../..' }, { subcommand: 'start' }, /Rostro has no character|Rostro has nothing called/],
		['unfollow', { name: '..' }, { subcommand: 'tag', admin: true }, /^Rostro has no/],
		['setup', { kind: 'user', name: '..' }, { subcommand: 'unblock', admin: true }, /\S/],
		['report', { project: '..', reason: 'x' }, {}, /\S/],
		['gallery', { project: '..' }, { subcommand: 'view' }, /\S/],
		['character', { name: '..' }, {}, /^Rostro has no character/],
	];

	it.each(cases)(
		'/%s %o %o is answered as not found, not as an internal error',
		async (name, options, context, sentence) => {
			const { discord } = world;
			const user = context.admin ? discord.guild.users.admin : member();
			const handle = discord.slash(name, options, { user, subcommand: context.subcommand, group: context.group });
			const text = await answerText(discord, handle);
			expect(text).toMatch(sentence);
			expect(text).not.toMatch(/reference/);
			const failed = (line: LogLine) => line.interactionId === handle.id && line.msg === 'interaction failed';
			expect((await world.bot.waitForLog(failed)).level).toBeLessThan(ERROR);
		},
	);
});

describe('a character Rostro does not have', () => {
	it('is one sentence and a warning, whichever command met the 404', async () => {
		const { discord } = world;
		const handle = discord.slash('chat', { character: 'creator_a/nobody' }, { user: member(), subcommand: 'start' });
		const text = await answerText(discord, handle);
		expect(text).not.toMatch(/reference/);
		expect(text).toMatch(/^Rostro (has no character|could not find what this asked for)/);
		const failed = (line: LogLine) => line.interactionId === handle.id && line.msg === 'interaction failed';
		expect((await world.bot.waitForLog(failed)).level).toBeLessThan(ERROR);
	});
});

describe('a feed of a creator named with dots', () => {
	it('is refused as an unknown creator', async () => {
		const { discord } = world;
		const options = { channel: discord.guild.channels.general, kind: 'user', name: '..' };
		const context = { user: discord.guild.users.admin, group: 'feed', subcommand: 'add' };
		const handle = discord.slash('follow', options, context);
		expect(await answerText(discord, handle)).toBe('Rostro has no creator called ...');
	});
});

describe('options of the wrong type, or missing', () => {
	const malformed: [string, string, unknown[] | undefined, RegExp][] = [
		['a number for a string option', 'user', [{ name: 'name', type: 3, value: 5 }], /name option as something/],
		['an object for a string option', 'user', [{ name: 'name', type: 3, value: { x: 1 } }], /name option as/],
		['an integer option for a string one', 'user', [{ name: 'name', type: 4, value: 5 }], /name option as/],
		['a missing required option', 'user', [], /without its name option/],
		['a required option of null', 'user', [{ name: 'name', type: 3, value: null }], /without its name option/],
		['no subcommand', 'setup', undefined, /with no subcommand/],
		['a subcommand named after a built-in', 'setup', [{ name: 'constructor', type: 1 }], /a subcommand I do not/],
	];

	it.each(malformed)(
		'%s gets one sentence about redeploying, logged as a warning',
		async (_case, name, options, sentence) => {
			const handle = rawSlash(name, options);
			const text = await privateAnswer(handle);
			expect(text).toMatch(/^Discord sent this command/);
			expect(text).toMatch(sentence);
			expect(text).toMatch(/redeploy its commands \(npm run deploy\)\.$/);
			const logged = await world.bot.waitForLog(
				(line) => line.interactionId === handle.id && line.msg === 'interaction failed',
			);
			expect(logged.level).toBe(WARN);
		},
	);
});

describe('after every test', () => {
	it('logged nothing at error level', () => {
		expect(world.bot.logs.filter((line) => line.level >= ERROR)).toEqual([]);
	});
});
