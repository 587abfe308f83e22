import type { MessageContextMenuCommandInteraction } from 'discord.js';
import { type Command, messageMenu } from '../../src/discord/command.js';
import { detectEmotion } from '../../src/moderation/index.js';

const data = messageMenu('Detect emotion');

export default {
	data,
	async execute(interaction, ctx) {
		await detectEmotion(interaction, ctx, interaction.targetMessage);
	},
} satisfies Command<MessageContextMenuCommandInteraction>;
