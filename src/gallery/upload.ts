import {
	ActionRowBuilder,
	type APIEmbed,
	escapeMarkdown,
	ModalBuilder,
	TextInputBuilder,
	TextInputStyle,
} from 'discord.js';
import { UserError } from '../discord/user-error.js';
import type { MediaFile } from '../media/attachment.js';
import {
	type GalleryUploadResult,
	type RostroClient,
	RostroForbiddenError,
	RostroNotFoundError,
	RostroValidationError,
} from '../rostro/index.js';
import { dataUrl } from './image-file.js';

/** The id of the caption field in a caption modal. */
export const CAPTION_FIELD = 'caption';
const MAX_CAPTION = 500;
const EMBED_COLOUR = 0x7c5cff;

/** A modal asking for an optional caption before an upload; its submission goes to `customId`. */
export function captionModal(customId: string, title = 'Save to gallery'): ModalBuilder {
	const input = new TextInputBuilder()
		.setCustomId(CAPTION_FIELD)
		.setLabel('Caption (optional)')
		.setStyle(TextInputStyle.Paragraph)
		.setMaxLength(MAX_CAPTION)
		.setRequired(false);
	return new ModalBuilder()
		.setCustomId(customId)
		.setTitle(title)
		.addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input));
}

/** Rostro's refusals of an upload, as the sentence a member reads. */
function uploadRefusal(error: unknown): UserError | undefined {
	if (error instanceof RostroForbiddenError) {
		return new UserError('gallery-forbidden', "Only a project's creator may add to its gallery, so nothing was saved.");
	}
	if (error instanceof RostroNotFoundError) {
		return new UserError('gallery-no-project', 'Rostro has no such project, so nothing was saved.');
	}
	if (error instanceof RostroValidationError) {
		return new UserError('gallery-refused', 'Rostro did not accept this file for a gallery, so nothing was saved.');
	}
	return undefined;
}

/** Uploads exactly a file's bytes, as a data URL, to a project's gallery. */
export async function uploadToGallery(
	rostro: RostroClient,
	file: MediaFile,
	projectId: number,
	caption = '',
): Promise<GalleryUploadResult> {
	try {
		return await rostro.gallery.upload({ image: dataUrl(file), projectId, ...(caption ? { caption } : {}) });
	} catch (error) {
		throw uploadRefusal(error) ?? error;
	}
}

/** An embed showing an image just added to a gallery, with the id `/gallery delete` takes. */
export function uploadedEmbed(uploaded: GalleryUploadResult, projectLabel: string, caption = ''): APIEmbed {
	return {
		title: `Added to the gallery of ${projectLabel}`.slice(0, 256),
		...(caption ? { description: escapeMarkdown(caption) } : {}),
		color: EMBED_COLOUR,
		...(uploaded.imageUrl ? { image: { url: uploaded.imageUrl } } : {}),
		footer: { text: `Image ${uploaded.uuid}` },
	};
}
