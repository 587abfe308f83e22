import { type Interaction, PermissionFlagsBits, type PermissionResolvable, PermissionsBitField } from 'discord.js';

/** Readable names for the permissions the bot asks about, as Discord's settings show them. */
export const permissionNames: Partial<Record<keyof typeof PermissionFlagsBits, string>> = {
	ViewChannel: 'View Channel',
	SendMessages: 'Send Messages',
	SendMessagesInThreads: 'Send Messages in Threads',
	CreatePublicThreads: 'Create Public Threads',
	CreatePrivateThreads: 'Create Private Threads',
	EmbedLinks: 'Embed Links',
	AttachFiles: 'Attach Files',
	ManageWebhooks: 'Manage Webhooks',
	ManageThreads: 'Manage Threads',
	ManageMessages: 'Manage Messages',
	ManageGuild: 'Manage Server',
	ReadMessageHistory: 'Read Message History',
};

/** Everything the bot may need in a channel; the invite asks for exactly these. */
export const botChannelPermissions = [
	PermissionFlagsBits.ViewChannel,
	PermissionFlagsBits.SendMessages,
	PermissionFlagsBits.SendMessagesInThreads,
	PermissionFlagsBits.CreatePublicThreads,
	PermissionFlagsBits.CreatePrivateThreads,
	PermissionFlagsBits.EmbedLinks,
	PermissionFlagsBits.AttachFiles,
	PermissionFlagsBits.ReadMessageHistory,
	PermissionFlagsBits.ManageWebhooks,
	PermissionFlagsBits.ManageThreads,
] as const;

/** The names of the given flags, in the order given. */
export function namePermissions(flags: readonly bigint[]): string[] {
	const names = new PermissionsBitField(flags).toArray();
	return names.map((name) => permissionNames[name] ?? name);
}

/**
 * The bot's permissions where an interaction happened. Discord sends them with every
 * interaction (`app_permissions`), threads and overwrites included, so no cache is needed.
 */
export function botPermissions(interaction: Interaction): Readonly<PermissionsBitField> {
	return interaction.appPermissions ?? new PermissionsBitField();
}

/** The names of the needed permissions the bot lacks where the interaction happened. */
export function missingBotPermissions(interaction: Interaction, needed: readonly bigint[]): string[] {
	const have = botPermissions(interaction);
	return namePermissions(needed.filter((flag) => !have.has(flag)));
}

function memberHas(interaction: Interaction, permission: PermissionResolvable): boolean {
	return interaction.memberPermissions?.has(permission) ?? false;
}

/** Admins are members with Manage Server. */
export function isAdmin(interaction: Interaction): boolean {
	return memberHas(interaction, PermissionFlagsBits.ManageGuild);
}

/** Moderators are members with Manage Messages in the channel. */
export function isModerator(interaction: Interaction): boolean {
	return memberHas(interaction, PermissionFlagsBits.ManageMessages);
}
