import type { Channel } from 'discord.js';
import type { AppContext } from '../app-context.js';
import { nsfwModeOf } from '../moderation/policy.js';
import { UserError } from './user-error.js';

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

/**
 * The gate with the server's policy on top: NSFW content shows where the age-restricted gate
 * allows it, unless an admin turned NSFW off for the whole server with `/setup nsfw`.
 */
export async function nsfwAllowedHere(ctx: AppContext, channel: Channel | null | undefined): Promise<boolean> {
	if (!allowsNsfw(channel) || !channel || channel.isDMBased()) return false;
	return (await nsfwModeOf(ctx, channel.guildId)) !== 'off';
}

/** The refusal of an NSFW thing named `name` here, naming the server's policy when it is what refuses. */
export async function nsfwRefusal(
	ctx: AppContext,
	channel: Channel | null | undefined,
	code: string,
	name: string,
): Promise<UserError> {
	const off = channel && !channel.isDMBased() && (await nsfwModeOf(ctx, channel.guildId)) === 'off';
	return new UserError(
		code,
		off
			? `${name} is NSFW, and this server has NSFW content turned off.`
			: `${name} is for age-restricted channels only.`,
	);
}
