import {
	ActionRowBuilder,
	type APIActionRowComponent,
	type APIButtonComponent,
	ButtonBuilder,
	ButtonStyle,
	MessageFlags,
} from 'discord.js';
import type { AppContext } from '../app-context.js';
import { type ComponentInteraction, customId, type Handler } from '../discord/command.js';
import { isModerator } from '../discord/permissions.js';
import { UserError } from '../discord/user-error.js';

/**
 * The custom-id prefix of buttons that any public post can carry, whichever command made it.
 * The router hands them here; no command may take this name.
 */
export const POST_COMPONENTS = 'post';
const DELETE_ACTION = 'delete';

/** The Delete button of a public post made on a member's behalf. */
export function deletePostButton(): ButtonBuilder {
	return new ButtonBuilder()
		.setCustomId(customId(POST_COMPONENTS, DELETE_ACTION))
		.setLabel('Delete')
		.setStyle(ButtonStyle.Danger);
}

/** A row holding only the Delete button, as message JSON. */
export function deletePostRow(): APIActionRowComponent<APIButtonComponent> {
	return new ActionRowBuilder<ButtonBuilder>().addComponents(deletePostButton()).toJSON();
}

/** Who may delete: the member the posted-message record names, else moderators only. */
async function requireMayDelete(interaction: ComponentInteraction, ctx: AppContext): Promise<string | undefined> {
	const record = await ctx.store.posted.get(interaction.message.id);
	const causer = record && record.guildId === interaction.guildId ? record.userId : undefined;
	if (causer === interaction.user.id || isModerator(interaction)) return causer;

	throw new UserError(
		'not-poster',
		causer
			? 'Only the member who asked for this, or a moderator, can delete it.'
			: 'I no longer know who asked for this, so only a moderator can delete it.',
	);
}

/**
 * Delete on a public post: the member who caused it (as `recordPosted` noted) and moderators
 * (Manage Messages) may delete it; anyone else is told why, privately. It works after a restart
 * because everything it needs is the message itself and its posted-message record.
 */
export async function deletePost(interaction: ComponentInteraction, ctx: AppContext): Promise<void> {
	if (interaction.message.flags.has(MessageFlags.Ephemeral)) {
		throw new UserError('delete-private', 'Only you can see this message; dismiss it instead.');
	}
	const causer = await requireMayDelete(interaction, ctx);

	// After deferUpdate, the interaction's original message is the one the button is on.
	await interaction.deferUpdate();
	await interaction.deleteReply();
	await ctx.store.posted.delete(interaction.message.id);
	ctx.logger.info(
		{ messageId: interaction.message.id, byCauser: causer === interaction.user.id },
		'public post deleted',
	);
}

/** The handlers of the `post:` buttons, by action. */
export const postComponents: Record<string, Handler<ComponentInteraction>> = {
	[DELETE_ACTION]: (interaction, ctx) => deletePost(interaction, ctx),
};
