import {
	type BaseMessageOptions,
	type Interaction,
	type InteractionReplyOptions,
	MessageFlags,
	type RepliableInteraction,
} from 'discord.js';

/** Discord lets an app use an interaction token (follow-ups, edits) for 15 minutes. */
export const INTERACTION_TOKEN_LIFETIME_MS = 15 * 60_000;
const EXPIRY_MARGIN_MS = 30_000; // stop trusting the token a little early; a late call fails anyway

/** Nothing the bot sends pings anyone unless a caller says otherwise. */
export const noMentions = { parse: [] } as const;

/** Whether the interaction's token is too old to answer through. */
export function tokenExpired(interaction: Interaction, now = Date.now()): boolean {
	return now - interaction.createdTimestamp > INTERACTION_TOKEN_LIFETIME_MS - EXPIRY_MARGIN_MS;
}

/**
 * Sends a private answer in whatever state the interaction is: a first reply, an edit of a
 * private placeholder, or a private follow-up. Once the token has expired it goes to the member
 * by direct message instead, and never to the channel.
 */
export async function sendPrivate(interaction: RepliableInteraction, payload: BaseMessageOptions): Promise<void> {
	const message = { allowedMentions: noMentions, ...payload };
	if (tokenExpired(interaction)) {
		await interaction.user.send(message);
		return;
	}

	if (!interaction.deferred && !interaction.replied) {
		await interaction.reply({ ...message, flags: MessageFlags.Ephemeral } satisfies InteractionReplyOptions);
		return;
	}
	if (interaction.deferred && !interaction.replied && interaction.ephemeral) {
		await interaction.editReply(message);
		return;
	}
	if (interaction.deferred && !interaction.replied) {
		// A public "thinking…" placeholder must not stay behind a private answer.
		await interaction.deleteReply().catch(() => undefined); // already gone is as good as deleted
	}
	await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
}

/**
 * Sends a public answer: the reply (or the edit of a deferred one) while the token lives, and a
 * plain channel message after it has expired.
 */
export async function sendPublic(interaction: RepliableInteraction, payload: BaseMessageOptions): Promise<void> {
	const message = { allowedMentions: noMentions, ...payload };
	if (tokenExpired(interaction)) {
		if (!interaction.channel?.isSendable()) throw new Error('the interaction channel is gone');
		await interaction.channel.send(message);
		return;
	}

	if (interaction.deferred && !interaction.replied) {
		await interaction.editReply(message);
		return;
	}
	if (interaction.replied) {
		await interaction.followUp(message);
		return;
	}
	await interaction.reply(message);
}

/** Acknowledges at once, privately or publicly, so slow work stays inside Discord's 3 seconds. */
export async function defer(interaction: RepliableInteraction, visibility: 'private' | 'public'): Promise<void> {
	if (interaction.deferred || interaction.replied) return;
	await interaction.deferReply(visibility === 'private' ? { flags: MessageFlags.Ephemeral } : {});
}
