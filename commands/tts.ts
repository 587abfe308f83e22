import {
	ApplicationIntegrationType,
	type ChatInputCommandInteraction,
	InteractionContextType,
	SlashCommandBuilder,
} from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { quoteCaption, speakAloud, voiceChoices } from '../src/speech/index.js';

const data = new SlashCommandBuilder()
	.setName('tts')
	.setDescription('Speak a text aloud with a Rostro voice')
	.setContexts(InteractionContextType.Guild)
	.setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
	.addStringOption((option) =>
		option.setName('text').setDescription('What to say').setRequired(true).setMaxLength(2_000),
	)
	.addStringOption((option) =>
		option.setName('voice').setDescription('Which voice (Rostro’s default unless you choose)').setAutocomplete(true),
	)
	.toJSON();

export default {
	data,
	async execute(interaction, ctx) {
		const text = interaction.options.getString('text', true);
		const voiceId = interaction.options.getString('voice')?.trim() || undefined;
		await speakAloud(interaction, ctx, { text, voiceId, caption: quoteCaption(text) });
	},
	async autocomplete(interaction, ctx) {
		const typed = interaction.options.getFocused();
		const who = { userId: interaction.user.id, guildId: interaction.guildId };
		await interaction.respond(await voiceChoices(ctx, who, typed));
	},
} satisfies Command<ChatInputCommandInteraction>;
