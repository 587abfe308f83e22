import {
	ApplicationIntegrationType,
	type ChatInputCommandInteraction,
	InteractionContextType,
	SlashCommandBuilder,
} from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { helpFor } from '../src/discord/help.js';
import { sendPrivate } from '../src/discord/replies.js';

export default {
	data: new SlashCommandBuilder()
		.setName('help')
		.setDescription('List the commands you can use here')
		.setContexts(InteractionContextType.Guild)
		.setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
		.toJSON(),
	async execute(interaction, ctx) {
		const lines = await helpFor(interaction, ctx, ctx.commands.values());
		await sendPrivate(interaction, { embeds: [{ title: 'What you can use here', description: lines.join('\n') }] });
	},
} satisfies Command<ChatInputCommandInteraction>;
