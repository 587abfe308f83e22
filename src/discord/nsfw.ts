import type { Channel } from 'discord.js';

/**
 * The age-restricted content gate: NSFW content may show only in an age-restricted channel.
 * Threads carry no flag of their own, so a thread asks its parent. Anything unknown
 * (a direct message, an uncached parent) is treated as not age-restricted.
 */
export function allowsNsfw(channel: Channel | null | undefined): boolean {
	if (!channel || channel.isDMBased()) return false;
	if (channel.isThread()) return channel.parent?.nsfw ?? false;
	return 'nsfw' in channel ? channel.nsfw : false;
}
