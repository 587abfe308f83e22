import { Writable } from 'node:stream';
import { ApplicationCommandOptionType, type Interaction, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../../src/app-context.js';
import type { Command } from '../../src/discord/command.js';
import { Router } from '../../src/discord/router.js';
import { createLogger, silentLogger } from '../../src/log.js';

function autocompleteInteraction() {
	return {
		id: '1',
		guildId: '2',
		channelId: '3',
		user: { id: '4' },
		commandName: 'chat',
		responded: false,
		inGuild: () => true,
		isAutocomplete: () => true,
		isChatInputCommand: () => false,
		isContextMenuCommand: () => false,
		isRepliable: () => false,
		respond: vi.fn(async function (this: { responded: boolean }) {
			this.responded = true;
		}),
	};
}

function routerWith(command: Partial<Command>): Router {
	const commands = new Map([['chat', { data: { name: 'chat', description: 'x' }, ...command } as Command]]);
	return new Router({ logger: silentLogger, commands } as unknown as AppContext);
}

afterEach(() => {
	vi.useRealTimers();
});

describe('Router autocomplete', () => {
	it('answers with nothing when the command is too slow, before Discord gives up', async () => {
		vi.useFakeTimers();
		const interaction = autocompleteInteraction();
		const router = routerWith({ autocomplete: () => new Promise(() => undefined) });
		const handled = router.handle(interaction as unknown as Interaction);

		await vi.advanceTimersByTimeAsync(2_499);
		expect(interaction.respond).not.toHaveBeenCalled();
		await vi.advanceTimersByTimeAsync(1);
		await handled;
		expect(interaction.respond).toHaveBeenCalledWith([]);
	});

	it('answers with nothing when the command fails', async () => {
		const interaction = autocompleteInteraction();
		const router = routerWith({ autocomplete: async () => Promise.reject(new Error('down')) });
		await router.handle(interaction as unknown as Interaction);
		expect(interaction.respond).toHaveBeenCalledWith([]);
	});

	it('lets a command that answered in time stand', async () => {
		const interaction = autocompleteInteraction();
		const router = routerWith({
			autocomplete: async (i) => {
				await i.respond([{ name: 'Ari', value: '1' }]);
			},
		});
		await router.handle(interaction as unknown as Interaction);
		expect(interaction.respond).toHaveBeenCalledOnce();
		expect(interaction.respond).toHaveBeenCalledWith([{ name: 'Ari', value: '1' }]);
	});
});

/** A logger whose lines the test can read, as parsed JSON. */
function recordingLogger() {
	const lines: { level: number; msg: string }[] = [];
	const sink = new Writable({
		write(chunk: Buffer, _encoding, done) {
			lines.push(JSON.parse(chunk.toString()));
			done();
		},
	});
	return { logger: createLogger('debug', sink), lines };
}

type Kind = 'button' | 'select' | 'modal' | 'slash';

/** Just enough of a guild interaction for the router and `sendPrivate`. */
function guildInteraction(kind: Kind, extra: Record<string, unknown> = {}) {
	return {
		id: '1',
		guildId: null, // no feature-role lookup in the store
		channelId: '3',
		user: { id: '4' },
		createdTimestamp: Date.now(),
		deferred: false,
		replied: false,
		ephemeral: null,
		inGuild: () => true,
		isAutocomplete: () => false,
		isChatInputCommand: () => kind === 'slash',
		isContextMenuCommand: () => false,
		isButton: () => kind === 'button',
		isStringSelectMenu: () => kind === 'select',
		isModalSubmit: () => kind === 'modal',
		isRepliable: () => true,
		reply: vi.fn(async () => undefined),
		...extra,
	};
}

function demoRouter(command: Partial<Command>, logger = silentLogger): Router {
	const demo = { data: { name: 'demo', description: 'x' }, execute: vi.fn(), ...command } as Command;
	return new Router({ logger, commands: new Map([['demo', demo]]) } as unknown as AppContext);
}

const privately = (content: string) => expect.objectContaining({ content, flags: MessageFlags.Ephemeral });

describe('Router components', () => {
	const press = vi.fn(async () => undefined);
	const forged = [
		'demo:constructor',
		'demo:toString:x',
		'demo:hasOwnProperty:x',
		'demo:__proto__',
		'demo:__defineGetter__:x',
		'post:constructor',
		'post:toString:x',
		'post:__proto__',
		'constructor:x',
		'__proto__:components',
		'toString',
	];

	it.each(forged)('answers %s, which names an object built-in, as a stale button', async (customId) => {
		const { logger, lines } = recordingLogger();
		const interaction = guildInteraction('button', { customId });
		await demoRouter({ components: { press } }, logger).handle(interaction as unknown as Interaction);

		expect(interaction.reply).toHaveBeenCalledExactlyOnceWith(
			privately('That button no longer works; run the command again.'),
		);
		expect(lines.find((line) => line.msg === 'unknown custom id')?.level).toBe(40);
		expect(lines.filter((line) => line.level >= 50)).toEqual([]);
		expect(press).not.toHaveBeenCalled();
	});

	it('names a form or a menu that no longer works as such', async () => {
		const modal = guildInteraction('modal', { customId: 'demo:valueOf' });
		const menu = guildInteraction('select', { customId: 'demo:gone:1' });
		const router = demoRouter({ components: { press }, modals: { press } });
		await router.handle(modal as unknown as Interaction);
		await router.handle(menu as unknown as Interaction);

		expect(modal.reply).toHaveBeenCalledWith(privately('That form no longer works; run the command again.'));
		expect(menu.reply).toHaveBeenCalledWith(privately('That menu no longer works; run the command again.'));
	});

	it('hands a known action its key, the rest of the custom id', async () => {
		const interaction = guildInteraction('button', { customId: 'demo:press:a:b' });
		await demoRouter({ components: { press } }).handle(interaction as unknown as Interaction);
		expect(press).toHaveBeenCalledWith(interaction, expect.anything(), 'a:b');
	});
});

const T = ApplicationCommandOptionType;

/** `/demo pick name:<string, required> [count:<integer>]`, and `/demo other`. */
const withSubcommands = new SlashCommandBuilder()
	.setName('demo')
	.setDescription('x')
	.addSubcommand((pick) =>
		pick
			.setName('pick')
			.setDescription('x')
			.addStringOption((name) => name.setName('name').setDescription('x').setRequired(true))
			.addIntegerOption((count) => count.setName('count').setDescription('x')),
	)
	.addSubcommand((other) => other.setName('other').setDescription('x'))
	.toJSON();

function slash(options: unknown[]) {
	return guildInteraction('slash', { commandName: 'demo', options: { data: options } });
}

const sub = (options: unknown[]) => [{ type: T.Subcommand, name: 'pick', options }];

describe('Router slash command options', () => {
	const redeploy = "try again, or ask the bot's admin to redeploy its commands (npm run deploy).";

	it.each([
		['without its subcommand', [], 'with no subcommand'],
		['with a subcommand it does not have', [{ type: T.Subcommand, name: 'constructor' }], 'with a subcommand I'],
		['without a required option', sub([]), 'without its name option'],
		['with a required option of null', sub([{ type: T.String, name: 'name', value: null }]), 'without its name'],
		['with a number for a string', sub([{ type: T.String, name: 'name', value: 5 }]), 'name option as something'],
		['with an object for a string', sub([{ type: T.String, name: 'name', value: {} }]), 'name option as'],
		['with a string typed as an integer', sub([{ type: T.Integer, name: 'name', value: 'x' }]), 'name option as'],
		[
			'with a fraction for an integer',
			sub([
				{ type: T.String, name: 'name', value: 'a' },
				{ type: T.Integer, name: 'count', value: 1.5 },
			]),
			'count option as',
		],
	])('refuses a command sent %s, in one sentence logged as a warning', async (_case, options, sentence) => {
		const { logger, lines } = recordingLogger();
		const execute = vi.fn();
		const interaction = slash(options);
		await demoRouter({ data: withSubcommands, execute }, logger).handle(interaction as unknown as Interaction);

		const [[answer]] = interaction.reply.mock.calls as unknown as [[{ content: string }]];
		expect(answer.content).toContain(sentence);
		expect(answer.content.endsWith(redeploy)).toBe(true);
		expect(execute).not.toHaveBeenCalled();
		expect(lines.find((line) => line.msg === 'interaction failed')?.level).toBe(40);
	});

	it('runs a command whose options match its definition', async () => {
		const execute = vi.fn(async () => undefined);
		const options = sub([
			{ type: T.String, name: 'name', value: 'ari' },
			{ type: T.Integer, name: 'count', value: 2 },
		]);
		const interaction = slash(options);
		await demoRouter({ data: withSubcommands, execute }).handle(interaction as unknown as Interaction);
		expect(execute).toHaveBeenCalledOnce();
		expect(interaction.reply).not.toHaveBeenCalled();
	});
});
