import { DiscordAPIError, MessageFlags, type RepliableInteraction } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { INTERACTION_TOKEN_LIFETIME_MS, sendPrivate, sendPublic } from '../../src/discord/replies.js';

function interaction(
	state: { deferred?: boolean; replied?: boolean; ephemeral?: boolean | null; ageMs?: number } = {},
) {
	return {
		deferred: state.deferred ?? false,
		replied: state.replied ?? false,
		ephemeral: state.ephemeral === undefined ? false : state.ephemeral,
		createdTimestamp: Date.now() - (state.ageMs ?? 0),
		reply: vi.fn(async () => undefined),
		editReply: vi.fn(async () => undefined),
		deleteReply: vi.fn(async () => undefined),
		followUp: vi.fn(async () => undefined),
		user: { send: vi.fn(async () => undefined) },
		channel: { isSendable: () => true, send: vi.fn(async () => undefined) },
	};
}

const asInteraction = (stub: ReturnType<typeof interaction>) => stub as unknown as RepliableInteraction;
const expired = INTERACTION_TOKEN_LIFETIME_MS + 1;
const deadToken = () =>
	new DiscordAPIError({ code: 50027, message: 'Invalid Webhook Token' }, 50027, 401, 'PATCH', '/x', {});

describe('sendPrivate', () => {
	it('replies ephemerally to a fresh interaction, pinging nobody', async () => {
		const stub = interaction();
		await sendPrivate(asInteraction(stub), { content: 'hi' });
		expect(stub.reply).toHaveBeenCalledWith({
			content: 'hi',
			allowedMentions: { parse: [] },
			flags: MessageFlags.Ephemeral,
		});
	});

	it('fills a private placeholder', async () => {
		const stub = interaction({ deferred: true, ephemeral: true });
		await sendPrivate(asInteraction(stub), { content: 'done' });
		expect(stub.editReply).toHaveBeenCalledOnce();
	});

	it('settles a public placeholder, answers privately, then removes the placeholder', async () => {
		const stub = interaction({ deferred: true, ephemeral: false });
		const calls: string[] = [];
		for (const name of ['editReply', 'followUp', 'deleteReply'] as const) {
			stub[name].mockImplementation(async () => void calls.push(name));
		}
		await sendPrivate(asInteraction(stub), { content: 'oops' });
		expect(calls).toEqual(['editReply', 'followUp', 'deleteReply']);
		expect(stub.followUp).toHaveBeenCalledWith(expect.objectContaining({ flags: MessageFlags.Ephemeral }));
	});

	it('leaves the message of a button acknowledged with deferUpdate alone', async () => {
		const stub = interaction({ deferred: true, ephemeral: null });
		await sendPrivate(asInteraction(stub), { content: 'not yours' });
		expect(stub.editReply).not.toHaveBeenCalled();
		expect(stub.deleteReply).not.toHaveBeenCalled();
		expect(stub.followUp).toHaveBeenCalledWith(expect.objectContaining({ flags: MessageFlags.Ephemeral }));
	});

	it('goes to direct messages once the token is 15 minutes old, never to the channel', async () => {
		const stub = interaction({ deferred: true, ephemeral: true, ageMs: expired });
		await sendPrivate(asInteraction(stub), { content: 'late' });
		expect(stub.user.send).toHaveBeenCalledOnce();
		expect(stub.editReply).not.toHaveBeenCalled();
		expect(stub.channel.send).not.toHaveBeenCalled();
	});

	it('goes to direct messages when Discord says the token is dead', async () => {
		const stub = interaction({ deferred: true, ephemeral: true });
		stub.editReply.mockRejectedValueOnce(deadToken());
		await sendPrivate(asInteraction(stub), { content: 'late' });
		expect(stub.user.send).toHaveBeenCalledOnce();
	});
});

describe('sendPublic', () => {
	it('fills the public placeholder while the token lives', async () => {
		const stub = interaction({ deferred: true });
		await sendPublic(asInteraction(stub), { content: 'result' });
		expect(stub.editReply).toHaveBeenCalledWith({ content: 'result', allowedMentions: { parse: [] } });
	});

	it('posts in the channel after the token expired', async () => {
		const stub = interaction({ deferred: true, ageMs: expired });
		await sendPublic(asInteraction(stub), { content: 'result' });
		expect(stub.channel.send).toHaveBeenCalledOnce();
	});

	it('posts in the channel when Discord says the token is dead', async () => {
		const stub = interaction({ deferred: true });
		stub.editReply.mockRejectedValueOnce(deadToken());
		await sendPublic(asInteraction(stub), { content: 'result' });
		expect(stub.channel.send).toHaveBeenCalledOnce();
	});

	it('lets other Discord errors through', async () => {
		const stub = interaction({ deferred: true });
		stub.editReply.mockRejectedValueOnce(new Error('boom'));
		await expect(sendPublic(asInteraction(stub), { content: 'x' })).rejects.toThrow('boom');
	});
});
