import { ActionRowBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';

/** The id of the text input in a token modal. */
export const TOKEN_FIELD = 'token';

/** A modal with one text input for a Rostro API token; the token never appears in a message. */
export function tokenModal(customId: string, title: string): ModalBuilder {
	const input = new TextInputBuilder()
		.setCustomId(TOKEN_FIELD)
		.setLabel('Rostro API token')
		.setPlaceholder('Paste the token from your Rostro account settings')
		.setStyle(TextInputStyle.Short)
		.setMinLength(8)
		.setMaxLength(512)
		.setRequired(true);
	return new ModalBuilder()
		.setCustomId(customId)
		.setTitle(title)
		.addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input));
}
