import {
	type BaseMessageOptions,
	DiscordAPIError,
	type Interaction,
	MessageFlags,
	RESTJSONErrorCodes,
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

const deadTokenCodes: unknown[] = [
	RESTJSONErrorCodes.InvalidWebhookToken,
	RESTJSONErrorCodes.UnknownWebhook,
	RESTJSONErrorCodes.UnknownInteraction,
];

/** Whether Discord refused a call because the interaction token no longer works. */
export function isDeadTokenError(error: unknown): boolean {
	return error instanceof DiscordAPIError && deadTokenCodes.includes(error.code);
}

/**
 * Answers through the interaction while its token works; when it has expired (by the clock, or
 * because Discord says so) the fallback delivers instead.
 */
async function throughInteraction(
	interaction: Interaction,
	answer: () => Promise<unknown>,
	fallback: () => Promise<unknown>,
): Promise<void> {
	if (tokenExpired(interaction)) {
		await fallback();
		return;
	}
	try {
		await answer();
	} catch (error) {
		if (!isDeadTokenError(error)) throw error;
		await fallback();
	}
}

/** A component acknowledged with deferUpdate: its "placeholder" is the message the button is on. */
function deferredUpdate(interaction: RepliableInteraction): boolean {
	return interaction.deferred && interaction.ephemeral === null;
}

async function answerPrivately(interaction: RepliableInteraction, message: BaseMessageOptions): Promise<void> {
	if (deferredUpdate(interaction)) {
		await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
		return;
	}
	if (!interaction.deferred && !interaction.replied) {
		await interaction.reply({ ...message, flags: MessageFlags.Ephemeral });
		return;
	}
	if (interaction.deferred && !interaction.replied && interaction.ephemeral) {
		await interaction.editReply(message);
		return;
	}
	if (interaction.deferred && !interaction.replied) {
		// A public "thinking…" placeholder must not stay behind a private answer. Discord turns the
		// first follow-up after a defer into the placeholder itself, public, and refuses follow-ups
		// once the placeholder is deleted (discord-api-docs #2739): settle it first, answer
		// privately, then remove it.
		await interaction.editReply({ content: '…', embeds: [], components: [], allowedMentions: noMentions });
		await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
		await interaction.deleteReply().catch(() => undefined); // already gone is as good as deleted
		return;
	}
	await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
}

/**
 * Sends a private answer in whatever state the interaction is: a first reply, an edit of a
 * private placeholder, or a private follow-up. Once the token has expired it goes to the member
 * by direct message instead, and never to the channel.
 */
export async function sendPrivate(interaction: RepliableInteraction, payload: BaseMessageOptions): Promise<void> {
	const message = { allowedMentions: noMentions, ...payload };
	await throughInteraction(
		interaction,
		() => answerPrivately(interaction, message),
		() => interaction.user.send(message),
	);
}

async function answerPublicly(interaction: RepliableInteraction, message: BaseMessageOptions): Promise<void> {
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

/**
 * Sends a public answer: the reply (or the edit of a deferred one) while the token lives, and a
 * plain channel message after it has expired.
 */
export async function sendPublic(interaction: RepliableInteraction, payload: BaseMessageOptions): Promise<void> {
	const message = { allowedMentions: noMentions, ...payload };
	await throughInteraction(
		interaction,
		() => answerPublicly(interaction, message),
		async () => {
			if (!interaction.channel?.isSendable()) throw new Error('the interaction channel is gone');
			await interaction.channel.send(message);
		},
	);
}

/** Acknowledges at once, privately or publicly, so slow work stays inside Discord's 3 seconds. */
export async function defer(interaction: RepliableInteraction, visibility: 'private' | 'public'): Promise<void> {
	if (interaction.deferred || interaction.replied) return;
	await interaction.deferReply(visibility === 'private' ? { flags: MessageFlags.Ephemeral } : {});
}
