import { OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';
import * as errors from './errors.js';
import type { ChannelRecord, World } from './state/world.js';

/** Every permission bit Discord defines. */
export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

const P = PermissionFlagsBits;

/** Without Send Messages these cannot be used either, whatever the roles say. */
const NEEDS_SEND = P.MentionEveryone | P.AttachFiles | P.EmbedLinks | P.SendTTSMessages;

/** A member's guild-wide permissions: @everyone, then their roles; owners and admins get all. */
export function guildPermissions(world: World, guildId: string, userId: string): bigint {
	const guild = world.guild(guildId);
	if (guild.ownerId === userId) return ALL_PERMISSIONS;

	const member = guild.members.get(userId);
	if (!member) return 0n;

	let permissions = BigInt(guild.roles.get(guild.id)?.permissions ?? '0');
	for (const roleId of member.roles) permissions |= BigInt(guild.roles.get(roleId)?.permissions ?? '0');

	return permissions & P.Administrator ? ALL_PERMISSIONS : permissions;
}

/**
 * A member's permissions in a channel, by Discord's documented order: guild permissions, the
 * @everyone overwrite, role overwrites together, then the member's own overwrite. Threads use
 * their parent's overwrites. DMs allow everything a DM can do.
 */
export function channelPermissions(world: World, channel: ChannelRecord, userId: string): bigint {
	if (!channel.guildId) return ALL_PERMISSIONS;

	const base = guildPermissions(world, channel.guildId, userId);
	if (base === ALL_PERMISSIONS) return ALL_PERMISSIONS;

	const overwrites = world.permissionChannel(channel).overwrites;
	const roles = new Set(world.guild(channel.guildId).members.get(userId)?.roles ?? []);
	const apply = (permissions: bigint, allow: string, deny: string) => (permissions & ~BigInt(deny)) | BigInt(allow);

	let permissions = base;
	const everyone = overwrites.find((overwrite) => overwrite.id === channel.guildId);
	if (everyone) permissions = apply(permissions, everyone.allow, everyone.deny);

	let roleAllow = 0n;
	let roleDeny = 0n;
	for (const overwrite of overwrites) {
		if (overwrite.type !== OverwriteType.Role || !roles.has(overwrite.id)) continue;
		roleAllow |= BigInt(overwrite.allow);
		roleDeny |= BigInt(overwrite.deny);
	}
	permissions = (permissions & ~roleDeny) | roleAllow;

	const own = overwrites.find((overwrite) => overwrite.type === OverwriteType.Member && overwrite.id === userId);
	if (own) permissions = apply(permissions, own.allow, own.deny);

	if (!(permissions & P.ViewChannel)) return 0n;

	const sendBit = channel.thread ? P.SendMessagesInThreads : P.SendMessages;
	return permissions & sendBit ? permissions : permissions & ~NEEDS_SEND;
}

/** Throws 50001 Missing Access without View Channel, 50013 Missing Permissions without the rest. */
export function requirePermissions(world: World, channel: ChannelRecord, userId: string, needed: bigint): void {
	const permissions = channelPermissions(world, channel, userId);
	if (!(permissions & P.ViewChannel)) throw errors.missingAccess();
	if ((permissions & needed) !== needed) throw errors.missingPermissions();
}

/** The bit a member needs to post in a channel: threads have their own. */
export function sendPermission(channel: ChannelRecord): bigint {
	return channel.thread ? P.SendMessagesInThreads : P.SendMessages;
}
