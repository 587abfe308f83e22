import {
	type Client,
	CommandInteractionOptionResolver,
	DiscordAPIError,
	type Interaction,
	PermissionFlagsBits,
	PermissionsBitField,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import { describeError, UserError } from '../../src/discord/errors.js';
import { RostroNotFoundError, RostroRateLimitError, RostroUnexpectedResponseError } from '../../src/rostro/errors.js';
import { path } from '../../src/rostro/path.js';

function interactionWith(...permissions: bigint[]): Interaction {
	return { appPermissions: new PermissionsBitField(permissions) } as unknown as Interaction;
}

function discordError(code: number, status: number): DiscordAPIError {
	return new DiscordAPIError(
		{ code, message: 'Missing Permissions' },
		code,
		status,
		'POST',
		'/channels/1/webhooks',
		{},
	);
}

describe('describeError', () => {
	it('shows a user error as it is, quietly', () => {
		expect(describeError(new UserError('x', 'Pick a character first.'), interactionWith())).toEqual({
			message: 'Pick a character first.',
			level: 'debug',
		});
	});

	it('names the permissions the bot lacks on Discord 50013 and 50001', () => {
		const here = interactionWith(PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages);
		for (const [code, status] of [
			[50013, 403],
			[50001, 403],
		] as const) {
			const { message } = describeError(discordError(code, status), here);
			expect(message).toMatch(/^I can't do that here: I lack .* in this channel\./);
			expect(message).toContain('Send Messages in Threads');
			expect(message).toContain('Manage Webhooks');
			expect(message).not.toContain('View Channel');
		}
	});

	it('rounds the wait of a 429 up to whole seconds', () => {
		const error = Object.assign(Object.create(RostroRateLimitError.prototype) as RostroRateLimitError, {
			retryAfterMs: 2_100,
		});
		expect(describeError(error, interactionWith()).message).toMatch(/try again in 3 seconds\.$/);
	});

	it('gives anything unexpected a reference to find in the log', () => {
		const unexpected = describeError(new TypeError('boom'), interactionWith());
		expect(unexpected.level).toBe('error');
		expect(unexpected.message).toBe(
			`Something went wrong; if it keeps happening, tell the bot's admin: reference ${unexpected.reference}.`,
		);
		const shape = Object.create(RostroUnexpectedResponseError.prototype) as Error;
		expect(describeError(shape, interactionWith()).message).toMatch(/^Rostro gave an answer I did not expect/);
	});
});

describe('requireBotPermissions', () => {
	it('names every permission the bot lacks, and passes when it has them all', async () => {
		const { requireBotPermissions } = await import('../../src/discord/guards.js');
		const here = interactionWith(PermissionFlagsBits.ViewChannel);
		const needed = [
			PermissionFlagsBits.ViewChannel,
			PermissionFlagsBits.ManageWebhooks,
			PermissionFlagsBits.AttachFiles,
		];
		expect(() => requireBotPermissions(here, needed)).toThrow(
			"I lack Attach Files, Manage Webhooks in this channel; an admin can grant it in the channel's settings.",
		);
		expect(() => requireBotPermissions(interactionWith(...needed), needed)).not.toThrow();
	});
});

describe('humanWait', () => {
	it('says a wait in the unit a person would use', async () => {
		const { humanWait } = await import('../../src/discord/errors.js');
		expect(humanWait(400)).toBe('1 second');
		expect(humanWait(30_000)).toBe('30 seconds');
		expect(humanWait(5 * 60_000)).toBe('5 minutes');
		expect(humanWait(86_400_000)).toBe('24 hours');
	});
});

describe('describeError, for what Discord or a member sent', () => {
	it("explains discord.js's refusals of a command's options in a sentence, as a warning", () => {
		// discord.js builds these itself; its typings keep the constructor private.
		const Resolver = CommandInteractionOptionResolver as unknown as new (
			client: Client,
			options: unknown[],
		) => CommandInteractionOptionResolver;
		const options = new Resolver({} as Client, [{ name: 'count', type: 4, value: 2 }]);
		const refusals = [
			() => options.getString('name', true),
			() => options.getString('count'),
			() => options.getSubcommand(),
			() => options.getSubcommandGroup(true),
		];
		for (const refusal of refusals) {
			let thrown: unknown;
			try {
				refusal();
			} catch (error) {
				thrown = error;
			}
			expect(thrown).toBeInstanceOf(TypeError);
			expect(describeError(thrown, interactionWith())).toEqual({
				message:
					"Discord sent this command without an option it needs, or with one I cannot read; try again, or ask the bot's admin to redeploy its commands (npm run deploy).",
				level: 'warn',
			});
		}
	});

	it('says that Rostro has nothing called a name of dots, without a reference', () => {
		let thrown: unknown;
		try {
			path`/api/users/${'..'}`;
		} catch (error) {
			thrown = error;
		}
		expect(describeError(thrown, interactionWith())).toEqual({
			message: 'Rostro has nothing called `..`.',
			level: 'debug',
		});
	});

	it('says Rostro could not find what was asked for when a command left a 404 unexplained', () => {
		const missing = new RostroNotFoundError('Rostro answered 404: Project not found', {
			method: 'GET',
			path: '/api/characters/creator_a/nobody',
			status: 404,
		});
		expect(describeError(missing, interactionWith())).toEqual({
			message: 'Rostro could not find what this asked for; check the name or id and try again.',
			level: 'warn',
		});
	});
});
