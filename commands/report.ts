import {
	ApplicationIntegrationType,
	type ChatInputCommandInteraction,
	InteractionContextType,
	SlashCommandBuilder,
} from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { projectChoices, reportProject } from '../src/moderation/index.js';

const data = new SlashCommandBuilder()
	.setName('report')
	.setDescription('Report a Rostro character to Rostro’s moderators')
	.setContexts(InteractionContextType.Guild)
	.setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
	.addStringOption((option) =>
		option.setName('project').setDescription('The character').setRequired(true).setAutocomplete(true),
	)
	.addStringOption((option) =>
		option.setName('reason').setDescription('What is wrong with it').setRequired(true).setMaxLength(1_000),
	)
	.toJSON();

export default {
	data,
	async execute(interaction, ctx) {
		await reportProject(interaction, ctx);
	},
	async autocomplete(interaction, ctx) {
		await interaction.respond(await projectChoices(interaction, ctx));
	},
} satisfies Command<ChatInputCommandInteraction>;
