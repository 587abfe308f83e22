import { OAuth2Scopes, PermissionsBitField } from 'discord.js';
import { botChannelPermissions } from './permissions.js';

/** The permission integer the invite asks for: exactly what the bot uses in channels. */
export const invitePermissions = new PermissionsBitField(botChannelPermissions).bitfield;

/** The scopes the invite asks for: the bot user and its slash commands. */
export const inviteScopes = [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands];

/** The URL a server admin opens to add the bot. */
export function inviteUrl(applicationId: string): string {
	const query = new URLSearchParams({
		client_id: applicationId,
		scope: inviteScopes.join(' '),
		permissions: invitePermissions.toString(),
		integration_type: '0',
	});
	return `https://discord.com/oauth2/authorize?${query}`;
}
