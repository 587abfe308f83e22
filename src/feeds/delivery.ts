import type { SendableChannels } from 'discord.js';
import type { AppContext } from '../app-context.js';
import { nsfwAllowedHere } from '../discord/nsfw.js';
import { noMentions } from '../discord/replies.js';
import { EMBED_LIMITS } from '../discovery/embeds.js';
import { resultsMessage, visibleNodes } from '../discovery/results.js';
import { searchBlocksOf } from '../moderation/blocks.js';
import { type Feed, feedStore, feedSubject, withSeen } from './feed-record.js';
import { feedRostro, unseenProjects } from './sources.js';

/** What one check of a feed did. */
export interface Delivery {
	/** The feed as stored after the check. */
	feed: Feed;
	posted: number;
	/**
	 * New projects this channel may not show (NSFW outside an age-restricted channel, or by a
	 * creator or with a tag the server hides), recorded as seen without a post.
	 */
	withheld: number;
}

async function feedChannel(ctx: AppContext, feed: Feed): Promise<SendableChannels> {
	const channel = await ctx.client.channels.fetch(feed.channelId);
	if (!channel?.isSendable() || channel.isDMBased() || channel.guildId !== feed.guildId) {
		throw new Error(`feed channel ${feed.channelId} cannot be posted in`);
	}
	return channel;
}

/**
 * Posts what is new for a feed, oldest first, as many projects per message as Discord allows.
 * Each project is recorded as seen right after the message that carries it is sent, so a
 * failure part-way posts the rest next time and nothing twice. What the channel may not show is
 * recorded as seen at once: a later `/setup unblock` (or an NSFW change) does not bring back a
 * burst of old work, only what appears from then on.
 */
export async function deliverNew(ctx: AppContext, feed: Feed): Promise<Delivery> {
	const channel = await feedChannel(ctx, feed);
	const unseen = await unseenProjects(await feedRostro(ctx, feed), feed);
	const nsfw = await nsfwAllowedHere(ctx, channel);
	const shown = visibleNodes(unseen, nsfw, await searchBlocksOf(ctx, feed.guildId));
	const withheld = unseen.filter((node) => !shown.includes(node)).map((node) => node.id);

	const store = feedStore(ctx);
	let current = { ...feed, seen: withSeen(feed.seen, withheld) };
	if (withheld.length > 0) await store.set(current.id, current);

	let pending = shown;
	while (pending.length > 0) {
		const message = resultsMessage(
			`New on Rostro for ${feedSubject(feed)}:`,
			pending.slice(0, EMBED_LIMITS.perMessage),
		);
		const carried = pending.slice(0, Math.max(1, message.embeds?.length ?? 0));
		await channel.send({ ...message, allowedMentions: noMentions });
		current = {
			...current,
			seen: withSeen(
				current.seen,
				carried.map((node) => node.id),
			),
		};
		await store.set(current.id, current);
		pending = pending.slice(carried.length);
	}
	return { feed: current, posted: shown.length, withheld: withheld.length };
}
