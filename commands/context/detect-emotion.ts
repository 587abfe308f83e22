import {
	ApplicationCommandType,
	ApplicationIntegrationType,
	ContextMenuCommandBuilder,
	InteractionContextType,
	type MessageContextMenuCommandInteraction,
} from 'discord.js';
import type { Command } from '../../src/discord/command.js';
import { detectEmotion } from '../../src/moderation/index.js';

const data = new ContextMenuCommandBuilder()
	.setName('Detect emotion')
	.setType(ApplicationCommandType.Message)
	.setContexts(InteractionContextType.Guild)
	.setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
	.toJSON();

export default {
	data,
	async execute(interaction, ctx) {
		await detectEmotion(interaction, ctx, interaction.targetMessage);
	},
} satisfies Command<MessageContextMenuCommandInteraction>;
