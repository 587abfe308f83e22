import type { MessageContextMenuCommandInteraction } from 'discord.js';
import { type Command, messageMenu } from '../../src/discord/command.js';
import { transcribeMessage } from '../../src/speech/index.js';

const data = messageMenu('Transcribe');

export default {
	data,
	execute: transcribeMessage,
} satisfies Command<MessageContextMenuCommandInteraction>;
