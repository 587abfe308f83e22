import type { ChatInputCommandInteraction } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../../src/app-context.js';
import { UserError } from '../../src/discord/user-error.js';
import { cooldownSetup, quotaSetup } from '../../src/moderation/limits.js';

/** A `/setup` interaction whose number option holds `value`, as a forged or stale one may. */
function withNumber(name: string, value: unknown): ChatInputCommandInteraction {
	const options = {
		get: (asked: string) => (asked === name ? { name, type: 4, value } : null),
		getString: () => 'chat',
	};
	return { guildId: '111111111111111111', options } as unknown as ChatInputCommandInteraction;
}

function untouchedContext(): AppContext {
	const refuse = vi.fn(() => {
		throw new Error('the store must not be reached');
	});
	return { store: { guilds: { get: refuse, set: refuse } }, logger: { info: vi.fn() } } as unknown as AppContext;
}

async function refusal(run: Promise<void>): Promise<string> {
	const error = await run.then(
		() => undefined,
		(thrown: unknown) => thrown,
	);
	if (!(error instanceof UserError)) throw new Error(`expected a UserError, got ${String(error)}`);
	return error.message;
}

describe('cooldownSetup', () => {
	it('refuses anything but a whole number of seconds in range, before reading the policy', async () => {
		for (const value of [-1, 86_401, 1.5, 'abc', '30', null, Number.NaN]) {
			const message = await refusal(cooldownSetup(withNumber('seconds', value), untouchedContext()));
			expect(message, String(value)).toBe(
				'Give the cooldown as a whole number of seconds from 0 to 86,400; nothing was changed.',
			);
		}
	});
});

describe('quotaSetup', () => {
	it('refuses anything but a whole number of uses in range, before reading the policy', async () => {
		for (const value of [-5, 10_001, 2.5, 'many']) {
			const message = await refusal(quotaSetup(withNumber('daily', value), untouchedContext()));
			expect(message, String(value)).toBe(
				'Give the quota as a whole number of uses a day from 0 to 10,000; nothing was changed.',
			);
		}
	});
});
