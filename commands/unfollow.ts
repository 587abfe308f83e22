import {
	ApplicationIntegrationType,
	type ChatInputCommandInteraction,
	InteractionContextType,
	SlashCommandBuilder,
} from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { defer, sendPrivate } from '../src/discord/replies.js';
import { changeFollowing, suggestTags } from '../src/discovery/index.js';

const data = new SlashCommandBuilder()
	.setName('unfollow')
	.setDescription('Stop following a Rostro creator or tag')
	.setContexts(InteractionContextType.Guild)
	.setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
	.addSubcommand((sub) =>
		sub
			.setName('user')
			.setDescription('Stop following a Rostro creator')
			.addStringOption((o) => o.setName('name').setDescription('Their Rostro user name').setRequired(true)),
	)
	.addSubcommand((sub) =>
		sub
			.setName('tag')
			.setDescription('Stop following a Rostro tag')
			.addStringOption((o) => o.setName('name').setDescription('The tag').setRequired(true).setAutocomplete(true)),
	)
	.toJSON();

export default {
	data,
	async execute(interaction, ctx) {
		await defer(interaction, 'private');
		const kind = interaction.options.getSubcommand() === 'tag' ? 'tag' : 'user';
		const name = interaction.options.getString('name', true);
		await sendPrivate(interaction, { content: await changeFollowing(interaction, ctx, { kind, name, follow: false }) });
	},
	async autocomplete(interaction, ctx) {
		await interaction.respond(await suggestTags(ctx.rostro, interaction.options.getFocused()));
	},
} satisfies Command<ChatInputCommandInteraction>;
