import {
	ApplicationIntegrationType,
	type ChatInputCommandInteraction,
	InteractionContextType,
	SlashCommandBuilder,
} from 'discord.js';
import { suggest } from '../src/chat/choices.js';
import { startChat } from '../src/chat/start.js';
import type { Command } from '../src/discord/command.js';
import { defer, sendPrivate } from '../src/discord/replies.js';
import { resolveRostro } from '../src/discord/tokens.js';

const data = new SlashCommandBuilder()
	.setName('chat')
	.setDescription('Roleplay with Rostro characters in threads')
	.setContexts(InteractionContextType.Guild)
	.setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
	.addSubcommand((sub) =>
		sub
			.setName('start')
			.setDescription('Start a chat with a character in a new thread')
			.addStringOption((o) =>
				o.setName('character').setDescription('The character').setRequired(true).setAutocomplete(true),
			)
			.addStringOption((o) => o.setName('model').setDescription('The chat model').setAutocomplete(true))
			.addStringOption((o) =>
				o.setName('greeting').setDescription('Which greeting opens the chat').setAutocomplete(true),
			)
			.addBooleanOption((o) => o.setName('private').setDescription('A private thread only invited members see')),
	)
	.toJSON();

async function start(interaction: ChatInputCommandInteraction, ctx: Parameters<Command['execute']>[1]) {
	await defer(interaction, 'private');
	const { rostro } = await resolveRostro(interaction, ctx);
	const greeting = interaction.options.getString('greeting');
	const threadId = await startChat(interaction, ctx, rostro, {
		character: interaction.options.getString('character', true),
		model: interaction.options.getString('model'),
		greeting: greeting && /^\d+$/.test(greeting) ? Number(greeting) : null,
		private: interaction.options.getBoolean('private') ?? false,
	});
	await sendPrivate(interaction, { content: `Your chat is open: <#${threadId}>.` });
}

export default {
	data,
	async execute(interaction, ctx) {
		return start(interaction, ctx);
	},
	async autocomplete(interaction, ctx) {
		await interaction.respond(await suggest(interaction, ctx));
	},
} satisfies Command<ChatInputCommandInteraction>;
