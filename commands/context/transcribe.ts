import {
	ApplicationCommandType,
	ApplicationIntegrationType,
	ContextMenuCommandBuilder,
	InteractionContextType,
	type MessageContextMenuCommandInteraction,
} from 'discord.js';
import type { Command } from '../../src/discord/command.js';
import { transcribeMessage } from '../../src/speech/index.js';

const data = new ContextMenuCommandBuilder()
	.setName('Transcribe')
	.setType(ApplicationCommandType.Message)
	.setContexts(InteractionContextType.Guild)
	.setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
	.toJSON();

export default {
	data,
	execute: transcribeMessage,
} satisfies Command<MessageContextMenuCommandInteraction>;
