import {
	ActionRowBuilder,
	type APISelectMenuOption,
	type Message,
	ModalBuilder,
	StringSelectMenuBuilder,
	TextInputBuilder,
	TextInputStyle,
} from 'discord.js';
import { customId } from '../discord/command.js';
import { UserError } from '../discord/user-error.js';
import {
	type GalleryUploadResult,
	type ProjectNode,
	type RostroClient,
	RostroForbiddenError,
	RostroValidationError,
} from '../rostro/index.js';
import type { FinishedJob } from './actions.js';
import { fetchMediaBytes, MediaDownloadError, type MediaFile } from './attachment.js';
import { IMAGINE_COMMAND } from './result-message.js';

/** Discord's limit on the options of one select menu. */
const MAX_PROJECTS = 25;
const MAX_GALLERY_BYTES = 20 * 1024 * 1024;
const MAX_OPTION_TEXT = 100;

/** The custom-id actions of the Save to gallery steps. */
export const saveActions = { pickProject: 'project', caption: 'caption' } as const;

/** The id of the caption field in the save modal. */
export const CAPTION_FIELD = 'caption';

function newestFirst(left: ProjectNode, right: ProjectNode): number {
	const stamp = (project: ProjectNode) => Date.parse(project.createdAt ?? project.lastActivityAt ?? '') || 0;
	return stamp(right) - stamp(left);
}

/** The account's own projects, most recent first, as many as one select menu holds. */
export async function ownProjects(rostro: RostroClient): Promise<ProjectNode[]> {
	const self = await rostro.account.self();
	const profile = await rostro.users.profile(self.userName, { includeProjects: true });
	return [...profile.projects].sort(newestFirst).slice(0, MAX_PROJECTS);
}

function clip(text: string): string {
	return text.length > MAX_OPTION_TEXT ? `${text.slice(0, MAX_OPTION_TEXT - 1)}…` : text;
}

/** A select menu of projects for the result of `jobId`. */
export function projectPicker(jobId: string, projects: ProjectNode[]): ActionRowBuilder<StringSelectMenuBuilder> {
	const options = projects.map((project) => ({
		label: clip(project.name || project.fullPath || String(project.id)),
		value: String(project.id),
		...(project.fullPath ? { description: clip(project.fullPath) } : {}),
	}));
	const menu = new StringSelectMenuBuilder()
		.setCustomId(customId(IMAGINE_COMMAND, saveActions.pickProject, jobId))
		.setPlaceholder('Choose a project')
		.addOptions(options);
	return new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu);
}

/** The modal asking for an optional caption before the upload. */
export function captionModal(jobId: string, projectId: string): ModalBuilder {
	const input = new TextInputBuilder()
		.setCustomId(CAPTION_FIELD)
		.setLabel('Caption (optional)')
		.setStyle(TextInputStyle.Paragraph)
		.setMaxLength(500)
		.setRequired(false);
	return new ModalBuilder()
		.setCustomId(customId(IMAGINE_COMMAND, saveActions.caption, `${jobId}:${projectId}`))
		.setTitle('Save to gallery')
		.addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input));
}

/** The label the picker showed for a project, read back from the picker message. */
export function pickedLabel(message: Message | null, projectId: string): string | undefined {
	const rows = message?.components.map((row) => row.toJSON()) ?? [];
	const options = rows.flatMap((row) =>
		'components' in row
			? row.components.flatMap((menu) => ('options' in menu ? (menu.options as APISelectMenuOption[]) : []))
			: [],
	);
	return options.find((option) => option.value === projectId)?.label;
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
	const image = `data:${file.contentType};base64,${file.bytes.toString('base64')}`;

	try {
		return await rostro.gallery.upload({ image, projectId, ...(caption ? { caption } : {}) });
	} catch (error) {
		if (error instanceof RostroForbiddenError) {
			throw new UserError(
				'gallery-forbidden',
				"Only a project's creator may add to its gallery, so nothing was saved.",
			);
		}
		if (error instanceof RostroValidationError) {
			throw new UserError('gallery-refused', 'Rostro did not accept this file for a gallery, so nothing was saved.');
		}
		throw error;
	}
}
