import type { MessageContextMenuCommandInteraction } from 'discord.js';
import { type Command, messageMenu } from '../../src/discord/command.js';
import { sendPrivate } from '../../src/discord/replies.js';
import { whoPrompted } from '../../src/moderation/index.js';

const data = messageMenu('Who prompted this?');

export default {
	data,
	async execute(interaction, ctx) {
		await sendPrivate(interaction, { content: await whoPrompted(interaction.targetMessage, ctx) });
	},
} satisfies Command<MessageContextMenuCommandInteraction>;
