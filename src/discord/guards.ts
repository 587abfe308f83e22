import type { Interaction } from 'discord.js';
import { isAdmin } from './permissions.js';
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
