import {
	ApplicationIntegrationType,
	ChannelType,
	type ChatInputCommandInteraction,
	InteractionContextType,
	SlashCommandBuilder,
} from 'discord.js';
import type { AppContext } from '../src/app-context.js';
import type { Command } from '../src/discord/command.js';
import { guildIdOf, requireAdmin } from '../src/discord/guards.js';
import { isAdminSubcommand } from '../src/discord/help.js';
import { ownEntry } from '../src/discord/lookup.js';
import { defer, sendPrivate } from '../src/discord/replies.js';
import { UserError } from '../src/discord/user-error.js';
import {
	changeFollowing,
	type FollowRequest,
	followingAccount,
	PAGE_ACTION,
	showView,
	suggestTags,
	turnPage,
} from '../src/discovery/index.js';
import { addFeedCommand, listFeedsCommand, removeFeedCommand, suggestFeeds } from '../src/feeds/index.js';

const data = new SlashCommandBuilder()
	.setName('follow')
	.setDescription('Follow Rostro creators and tags, see your timeline, and feed channels with new work')
	.setContexts(InteractionContextType.Guild)
	.setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
	.addSubcommand((sub) =>
		sub
			.setName('user')
			.setDescription('Follow a Rostro creator')
			.addStringOption((o) => o.setName('name').setDescription('Their Rostro user name').setRequired(true)),
	)
	.addSubcommand((sub) =>
		sub
			.setName('tag')
			.setDescription('Follow a Rostro tag')
			.addStringOption((o) => o.setName('name').setDescription('The tag').setRequired(true).setAutocomplete(true)),
	)
	.addSubcommand((sub) =>
		sub
			.setName('list')
			.setDescription('The creators your Rostro account follows')
			.addBooleanOption((o) => o.setName('public').setDescription('Show the list to everyone here')),
	)
	.addSubcommand((sub) =>
		sub
			.setName('followers')
			.setDescription('Who follows a creator (yours when no name is given)')
			.addStringOption((o) => o.setName('name').setDescription('A Rostro user name'))
			.addBooleanOption((o) => o.setName('public').setDescription('Show the list to everyone here')),
	)
	.addSubcommand((sub) =>
		sub
			.setName('timeline')
			.setDescription('New work from the creators and tags your account follows')
			.addBooleanOption((o) => o.setName('public').setDescription('Show the timeline to everyone here')),
	)
	.addSubcommandGroup((group) =>
		group
			.setName('feed')
			.setDescription('Channels fed with new Rostro work (admins)')
			.addSubcommand((sub) =>
				sub
					.setName('add')
					.setDescription('Post new work from a tag, a creator or the server account’s timeline in a channel')
					.addChannelOption((o) =>
						o
							.setName('channel')
							.setDescription('Where to post')
							.setRequired(true)
							.addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
					)
					.addStringOption((o) =>
						o
							.setName('kind')
							.setDescription('What to follow')
							.setRequired(true)
							.addChoices(
								{ name: 'A tag', value: 'tag' },
								{ name: 'A creator', value: 'user' },
								{ name: 'The server account’s timeline', value: 'timeline' },
							),
					)
					.addStringOption((o) =>
						o.setName('name').setDescription('The tag or the creator (not for a timeline)').setAutocomplete(true),
					),
			)
			.addSubcommand((sub) =>
				sub
					.setName('remove')
					.setDescription('Stop a feed')
					.addStringOption((o) => o.setName('feed').setDescription('The feed').setRequired(true).setAutocomplete(true)),
			)
			.addSubcommand((sub) => sub.setName('list').setDescription('The feeds of this server')),
	)
	.toJSON();

type Subcommand = (interaction: ChatInputCommandInteraction, ctx: AppContext) => Promise<void>;

const change =
	(kind: FollowRequest['kind']): Subcommand =>
	async (interaction, ctx) => {
		await defer(interaction, 'private');
		const name = interaction.options.getString('name', true);
		await sendPrivate(interaction, { content: await changeFollowing(interaction, ctx, { kind, name, follow: true }) });
	};

const accountList =
	(kind: 'follows' | 'followers' | 'timeline'): Subcommand =>
	async (interaction, ctx) => {
		const isPublic = interaction.options.getBoolean('public') ?? false;
		await defer(interaction, isPublic ? 'public' : 'private');
		const account = await followingAccount(interaction, ctx);
		const named = kind === 'followers' ? interaction.options.getString('name')?.trim() : undefined;
		await showView(interaction, ctx, {
			kind,
			guildId: guildIdOf(interaction),
			userId: interaction.user.id,
			public: isPublic,
			nsfw: true, // the channel decides
			userName: named || account.userName,
		});
	};

const subcommands: Record<string, Subcommand> = {
	user: change('user'),
	tag: change('tag'),
	list: accountList('follows'),
	followers: accountList('followers'),
	timeline: accountList('timeline'),
	'feed add': addFeedCommand,
	'feed remove': removeFeedCommand,
	'feed list': listFeedsCommand,
};

// Feeds are the server's: /help lists them to admins only, and they are refused to anyone else.
const adminSubcommands = ['feed'];

export default {
	data,
	adminSubcommands,
	async execute(interaction, ctx) {
		const group = interaction.options.getSubcommandGroup();
		const name = [group, interaction.options.getSubcommand()].filter(Boolean).join(' ');
		const run = ownEntry(subcommands, name);
		if (!run) throw new UserError('unknown-command', 'That command is not available here any more.');
		if (isAdminSubcommand(name, adminSubcommands)) requireAdmin(interaction);
		await run(interaction, ctx);
	},
	async autocomplete(interaction, ctx) {
		const focused = interaction.options.getFocused(true);
		if (focused.name === 'feed') return interaction.respond(await suggestFeeds(interaction, ctx));

		const kind = interaction.options.getSubcommandGroup() ? interaction.options.getString('kind') : 'tag';
		await interaction.respond(kind === 'tag' ? await suggestTags(ctx.rostro, focused.value) : []);
	},
	components: { [PAGE_ACTION]: turnPage },
} satisfies Command<ChatInputCommandInteraction>;
