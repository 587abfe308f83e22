import type {
	ApplicationCommandOptionChoiceData,
	AutocompleteInteraction,
	ChatInputCommandInteraction,
} from 'discord.js';
import type { AppContext } from '../app-context.js';
import { guildIdOf, requireAdmin } from '../discord/guards.js';
import { isAdmin } from '../discord/permissions.js';
import { defer, sendPrivate } from '../discord/replies.js';
import { UserError } from '../discord/user-error.js';
import { requireNewName } from '../moderation/setup-blocks.js';
import { type FeedKind, guildFeeds } from './feed-record.js';
import { addFeed, feedChoiceName, feedLine, feedListEmbed, removeFeed } from './manage.js';

// What `/follow feed add|remove|list` do. `/follow` is for everyone, so each checks for an
// admin when it runs.

/** How a new feed starts: what it recorded, or that its source lists nothing yet. */
function startsQuiet(kind: FeedKind, recorded: number): string {
	if (recorded === 0 && kind === 'tag') {
		return 'No project on Rostro has that tag yet; new work with it will be posted here.';
	}
	if (recorded === 0) return 'Nothing is listed there yet; new work will be posted here.';
	const already =
		recorded === 1 ? 'the 1 project listed there now was' : `the ${recorded} projects listed there now were`;
	return `It starts quiet: ${already} recorded, not posted.`;
}

/** `/follow feed add`: adds the feed and says how it starts. */
export async function addFeedCommand(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	requireAdmin(interaction);
	await defer(interaction, 'private');
	const picked = interaction.options.getChannel('channel', true);
	const channel = await interaction.guild?.channels.fetch(picked.id);
	if (!channel) throw new UserError('feed-channel', 'I cannot see that channel.');

	const kind = interaction.options.getString('kind', true) as FeedKind;
	const name = interaction.options.getString('name');
	// A tag is refused as /setup block refuses it: no Discord mention or anything no tag could be.
	if (kind === 'tag' && name?.trim()) requireNewName('tag', name.trim(), 'Follow');

	const { feed, recorded } = await addFeed(ctx, {
		guildId: guildIdOf(interaction),
		channel,
		kind,
		name,
		addedBy: interaction.user.id,
	});
	await sendPrivate(interaction, {
		content: `Feed added: new work for ${feedLine(feed)}. ${startsQuiet(kind, recorded)}`,
	});
}

/** `/follow feed remove`: removes the feed picked from the suggestions. */
export async function removeFeedCommand(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	requireAdmin(interaction);
	const feedId = interaction.options.getString('feed', true);
	const removed = await removeFeed(ctx, guildIdOf(interaction), feedId, interaction.user.id);
	await sendPrivate(interaction, {
		content: removed ? `Feed removed: ${feedLine(removed)}.` : 'This server has no such feed; pick one from the list.',
	});
}

/** `/follow feed list`: the server's feeds and how their checks go. */
export async function listFeedsCommand(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	requireAdmin(interaction);
	await sendPrivate(interaction, { embeds: [feedListEmbed(await guildFeeds(ctx, guildIdOf(interaction)))] });
}

/** The server's feeds matching what an admin typed; nothing for anyone else. */
export async function suggestFeeds(
	interaction: AutocompleteInteraction,
	ctx: AppContext,
): Promise<ApplicationCommandOptionChoiceData<string>[]> {
	if (!isAdmin(interaction) || !interaction.guildId) return [];

	const typed = interaction.options.getFocused().toLowerCase();
	const channelName = (id: string) => interaction.guild?.channels.cache.get(id)?.name;
	const feeds = await guildFeeds(ctx, interaction.guildId);
	return feeds
		.map((feed) => ({ name: feedChoiceName(feed, channelName(feed.channelId)), value: feed.id }))
		.filter((choice) => choice.name.toLowerCase().includes(typed))
		.slice(0, 25);
}
