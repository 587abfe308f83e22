import type { Interaction } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../../src/app-context.js';
import type { Command } from '../../src/discord/command.js';
import { Router } from '../../src/discord/router.js';
import { silentLogger } from '../../src/log.js';

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
