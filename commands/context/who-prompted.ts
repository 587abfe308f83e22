import {
	ApplicationCommandType,
	ApplicationIntegrationType,
	ContextMenuCommandBuilder,
	InteractionContextType,
	type MessageContextMenuCommandInteraction,
} from 'discord.js';
import type { Command } from '../../src/discord/command.js';
import { sendPrivate } from '../../src/discord/replies.js';
import { whoPrompted } from '../../src/moderation/index.js';

const data = new ContextMenuCommandBuilder()
	.setName('Who prompted this?')
	.setType(ApplicationCommandType.Message)
	.setContexts(InteractionContextType.Guild)
	.setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
	.toJSON();

export default {
	data,
	async execute(interaction, ctx) {
		await sendPrivate(interaction, { content: await whoPrompted(interaction.targetMessage, ctx) });
	},
} satisfies Command<MessageContextMenuCommandInteraction>;
