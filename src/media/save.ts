import type { ActionRowBuilder, ModalBuilder, StringSelectMenuBuilder } from 'discord.js';
import { customId } from '../discord/command.js';
import { UserError } from '../discord/user-error.js';
import { MAX_GALLERY_BYTES } from '../gallery/image-file.js';
import { captionModal as galleryCaptionModal, projectMenu, uploadToGallery } from '../gallery/index.js';
import type { GalleryUploadResult, ProjectNode, RostroClient } from '../rostro/index.js';
import type { FinishedJob } from './actions.js';
import { fetchMediaBytes, MediaDownloadError, type MediaFile } from './attachment.js';
import { IMAGINE_COMMAND } from './result-message.js';

export { CAPTION_FIELD, ownProjects, pickedLabel } from '../gallery/index.js';

/** The custom-id actions of the Save to gallery steps. */
export const saveActions = { pickProject: 'project', caption: 'caption' } as const;

/** A select menu of projects for the result of `jobId`. */
export function projectPicker(jobId: string, projects: ProjectNode[]): ActionRowBuilder<StringSelectMenuBuilder> {
	return projectMenu(customId(IMAGINE_COMMAND, saveActions.pickProject, jobId), projects);
}

/** The modal asking for an optional caption before the upload. */
export function captionModal(jobId: string, projectId: string): ModalBuilder {
	return galleryCaptionModal(customId(IMAGINE_COMMAND, saveActions.caption, `${jobId}:${projectId}`));
}

/** The result's bytes from Rostro, or from Discord's copy when Rostro's link no longer works. */
async function resultBytes(job: FinishedJob): Promise<MediaFile> {
	try {
		return await fetchMediaBytes(job.result.mediaUrl, MAX_GALLERY_BYTES);
	} catch (error) {
		if (!(error instanceof MediaDownloadError) || !job.result.attachmentUrl) throw error;
		return fetchMediaBytes(job.result.attachmentUrl, MAX_GALLERY_BYTES);
	}
}

/** Uploads exactly the result's bytes, as a data URL, to a project's gallery. */
export async function saveToGallery(
	rostro: RostroClient,
	job: FinishedJob,
	projectId: number,
	caption: string,
): Promise<GalleryUploadResult> {
	const file = await resultBytes(job).catch((error: unknown) => {
		if (!(error instanceof MediaDownloadError)) throw error;
		throw new UserError('result-gone', 'I could not fetch this result any more, so nothing was saved.');
	});
	return uploadToGallery(rostro, file, projectId, caption);
}
