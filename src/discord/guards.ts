import type { Interaction } from 'discord.js';
import { isAdmin, missingBotPermissions } from './permissions.js';
import { UserError } from './user-error.js';

/** Refuses anyone without Manage Server, whatever Discord's command permissions let through. */
export function requireAdmin(interaction: Interaction): void {
	if (!isAdmin(interaction)) {
		throw new UserError('not-admin', 'Only members with the Manage Server permission can do that.');
	}
}

/** The guild id of an interaction that the router already checked happened in a server. */
export function guildIdOf(interaction: Interaction): string {
	if (!interaction.guildId) throw new UserError('guild-only', 'Use me inside a server.');
	return interaction.guildId;
}

/** Refuses, naming what is missing, when the bot lacks any of these permissions where the interaction happened. */
export function requireBotPermissions(interaction: Interaction, needed: readonly bigint[]): void {
	const missing = missingBotPermissions(interaction, needed);
	if (missing.length === 0) return;
	throw new UserError(
		'bot-missing-permissions',
		`I lack ${missing.join(', ')} in this channel; an admin can grant it in the channel's settings.`,
	);
}
