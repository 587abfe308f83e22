import { ChannelType, PermissionFlagsBits as P } from 'discord-api-types/v10';
import * as errors from './errors.js';
import type { MessageBody } from './limits.js';
import { channelPermissions, requirePermissions, sendPermission } from './permissions.js';
import type { ChannelRecord, World } from './state/world.js';
import type { Threads } from './threads.js';

/** Channel types a message can be posted in directly. */
const POSTABLE = new Set<ChannelType>([
	ChannelType.GuildText,
	ChannelType.GuildAnnouncement,
	ChannelType.PublicThread,
	ChannelType.PrivateThread,
	ChannelType.AnnouncementThread,
	ChannelType.GuildVoice,
	ChannelType.DM,
]);

/** Whether messages can be posted in the channel itself (a forum takes them only in its posts). */
export function acceptsMessages(channel: ChannelRecord): boolean {
	return POSTABLE.has(channel.type);
}

/**
 * Everything Discord checks before a member posts: the channel takes messages, the member may
 * send (in threads: Send Messages in Threads), attach and embed, private threads admit them,
 * and an archived thread reopens (or refuses, when locked).
 */
export function assertCanPost(
	world: World,
	threads: Threads,
	channel: ChannelRecord,
	userId: string,
	body: MessageBody,
	fileCount: number,
): void {
	if (!acceptsMessages(channel)) throw errors.notTextChannel();
	if (!channel.guildId) return;

	let needed = sendPermission(channel);
	if (fileCount > 0) needed |= P.AttachFiles;
	if (Array.isArray(body.embeds) && body.embeds.length > 0) needed |= P.EmbedLinks;
	requirePermissions(world, channel, userId, needed);

	const state = channel.thread;
	if (!state) return;

	const canManage = (channelPermissions(world, channel, userId) & P.ManageThreads) !== 0n;
	const outsider = channel.type === ChannelType.PrivateThread && !state.members.has(userId);
	if (outsider && !canManage) throw errors.missingAccess();
	if (state.locked && !canManage) throw errors.missingPermissions();

	threads.reopenForPost(channel);
}
