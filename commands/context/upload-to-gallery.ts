import type { MessageContextMenuCommandInteraction } from 'discord.js';
import { type Command, commandId, customId, messageMenu } from '../../src/discord/command.js';
import { UserError } from '../../src/discord/user-error.js';
import {
	CAPTION_FIELD,
	captionModal,
	offerProjectsForMessage,
	recallUpload,
	uploadActions,
	uploadRecordedImages,
} from '../../src/gallery/index.js';

const NAME = 'Upload to gallery';
const COMMAND = commandId(NAME);

const data = messageMenu(NAME);

export default {
	data,
	async execute(interaction, ctx) {
		await offerProjectsForMessage(interaction, ctx, COMMAND);
	},
	components: {
		async [uploadActions.pickProject](interaction, ctx, key) {
			const projectId = interaction.isStringSelectMenu() ? interaction.values[0] : undefined;
			if (!projectId) throw new UserError('no-project', 'Choose a project first.');
			await recallUpload(ctx, key, interaction.user.id); // expired: say so now, not after the caption
			const modalId = customId(COMMAND, uploadActions.caption, `${key}:${projectId}`);
			await interaction.showModal(captionModal(modalId, 'Upload to gallery'));
		},
	},
	modals: {
		async [uploadActions.caption](interaction, ctx, key) {
			const [uploadKey = '', projectId = ''] = key.split(':');
			const caption = interaction.fields.getTextInputValue(CAPTION_FIELD).trim();
			await uploadRecordedImages(interaction, ctx, uploadKey, Number(projectId), caption);
		},
	},
} satisfies Command<MessageContextMenuCommandInteraction>;
