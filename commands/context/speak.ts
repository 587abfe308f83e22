import type { MessageContextMenuCommandInteraction } from 'discord.js';
import { type Command, messageMenu } from '../../src/discord/command.js';
import { UserError } from '../../src/discord/user-error.js';
import { messageCaption, speakAloud, spokenText } from '../../src/speech/index.js';

const data = messageMenu('Speak');

export default {
	data,
	async execute(interaction, ctx) {
		const message = interaction.targetMessage;
		const text = spokenText(message);
		if (!text) throw new UserError('no-text', 'That message has no text to speak.');

		await speakAloud(interaction, ctx, { text, caption: messageCaption(message) });
	},
} satisfies Command<MessageContextMenuCommandInteraction>;
