import {
	ApplicationIntegrationType,
	type ChatInputCommandInteraction,
	InteractionContextType,
	SlashCommandBuilder,
} from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { guildIdOf } from '../src/discord/guards.js';
import {
	PAGE_ACTION,
	parseSort,
	parseTags,
	showView,
	sortChoices,
	suggestTags,
	turnPage,
} from '../src/discovery/index.js';
import { chargeMemberUse } from '../src/moderation/limits.js';

const data = new SlashCommandBuilder()
	.setName('search')
	.setDescription('Search Rostro for characters')
	.setContexts(InteractionContextType.Guild)
	.setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
	.addStringOption((o) => o.setName('query').setDescription('Words to look for').setRequired(true).setMaxLength(300))
	.addStringOption((o) =>
		o.setName('tags').setDescription('Only characters with these tags, comma separated').setAutocomplete(true),
	)
	.addStringOption((o) =>
		o
			.setName('sort')
			.setDescription('The order of the results')
			.addChoices(...sortChoices),
	)
	.addBooleanOption((o) => o.setName('nsfw').setDescription('Include NSFW results (age-restricted channels only)'))
	.addBooleanOption((o) => o.setName('public').setDescription('Show the results to everyone here'))
	.toJSON();

export default {
	data,
	async execute(interaction, ctx) {
		const { options } = interaction;
		// A new search counts against the server's limits; turning its pages does not.
		await chargeMemberUse(ctx, { guildId: guildIdOf(interaction), userId: interaction.user.id, feature: 'search' });
		await showView(interaction, ctx, {
			kind: 'search',
			guildId: guildIdOf(interaction),
			userId: interaction.user.id,
			public: options.getBoolean('public') ?? false,
			nsfw: options.getBoolean('nsfw') ?? false,
			query: {
				search: options.getString('query', true).trim(),
				tags: parseTags(options.getString('tags')),
				sort: parseSort(options.getString('sort')),
			},
		});
	},
	async autocomplete(interaction, ctx) {
		const typed = interaction.options.getFocused();
		await interaction.respond(await suggestTags(ctx.rostro, typed, { several: true }));
	},
	components: { [PAGE_ACTION]: turnPage },
} satisfies Command<ChatInputCommandInteraction>;
