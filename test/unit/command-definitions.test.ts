import { ApplicationCommandType, type RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../src/discord/command.js';
import { commandLimitProblems } from '../../src/discord/limits.js';
import { loadCommands } from '../../src/discord/loader.js';

describe('command definitions', () => {
	let commands: Command[];

	beforeAll(async () => {
		commands = [...(await loadCommands()).values()];
	});

	it('loads every module in commands/', () => {
		const names = commands.map((command) => command.data.name);
		expect(names).toEqual(expect.arrayContaining(['setup', 'account', 'help']));
	});

	it('fit within Discord limits', () => {
		expect(commandLimitProblems(commands.map((command) => command.data))).toEqual([]);
	});

	it('are guild-only for now', () => {
		for (const { data } of commands) {
			expect(data.contexts, data.name).toEqual([0]);
			expect(data.integration_types, data.name).toEqual([0]);
		}
	});

	it('hide admin commands behind Manage Server', () => {
		const setup = commands.find((command) => command.data.name === 'setup');
		expect(setup?.data.default_member_permissions).toBe('32');
	});
});

describe('commandLimitProblems', () => {
	const slash = (extra: Partial<RESTPostAPIApplicationCommandsJSONBody>) =>
		({ name: 'ok', description: 'fine', ...extra }) as RESTPostAPIApplicationCommandsJSONBody;

	it('catches names, descriptions, counts and mixed subcommands', () => {
		const options = Array.from({ length: 26 }, (_, i) => ({ type: 3, name: `o${i}`, description: 'd' }));
		const problems = commandLimitProblems([
			slash({ name: 'Upper' }),
			slash({ name: 'a'.repeat(33) }),
			slash({ description: 'x'.repeat(101) }),
			slash({ options } as never),
			slash({
				options: [
					{ type: 1, name: 'sub', description: 'd' },
					{ type: 3, name: 'x', description: 'd' },
				],
			} as never),
			{ type: ApplicationCommandType.Message, name: 'A context menu name that is far too long' },
		]);
		expect(problems).toHaveLength(6);
	});

	it('allows at most five message context menus', () => {
		const menus = Array.from({ length: 6 }, (_, i) => ({
			type: ApplicationCommandType.Message as const,
			name: `Menu ${i}`,
		}));
		expect(commandLimitProblems(menus)).toEqual(['6 message context menus, at most 5']);
	});
});
