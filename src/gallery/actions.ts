import {
	type Attachment,
	type ChatInputCommandInteraction,
	escapeMarkdown,
	type Interaction,
	type MessageContextMenuCommandInteraction,
	type ModalSubmitInteraction,
} from 'discord.js';
import type { AppContext } from '../app-context.js';
import { type ComponentInteraction, customId } from '../discord/command.js';
import { guildIdOf } from '../discord/guards.js';
import { nsfwAllowedHere } from '../discord/nsfw.js';
import { defer, sendPrivate } from '../discord/replies.js';
import { resolveRostro } from '../discord/tokens.js';
import { UserError } from '../discord/user-error.js';
import { audit, galleryUploadEntry } from '../moderation/audit.js';
import { chargeUse, requireUseLeft } from '../moderation/limits.js';
import { type RostroClient, RostroForbiddenError, RostroNotFoundError } from '../rostro/index.js';
import { type AttachmentRef, checkDeclaredSize, fetchGalleryImage } from './image-file.js';
import { forgetUpload, imageAttachments, recallUpload, rememberUpload } from './pending.js';
import { chosenProject, ownProjects, pickedLabel, projectMenu } from './projects.js';
import { uploadedEmbed, uploadToGallery } from './upload.js';
import { galleryPageMessage, loadGalleryPage, recallView, rememberView } from './view.js';

/** The custom-id actions of Upload to gallery: the project menu, then the caption modal. */
export const uploadActions = { pickProject: 'project', caption: 'caption' } as const;

const MAX_EMBEDS = 10;

function who(interaction: { user: { id: string }; guildId: string | null }) {
	return { userId: interaction.user.id, guildId: interaction.guildId };
}

/** A member's gallery upload in this server, as its limits and the audit log see it. */
function galleryUse(interaction: Interaction) {
	return { guildId: guildIdOf(interaction), userId: interaction.user.id, feature: 'gallery' as const };
}

/** `/gallery upload`: one attachment, checked by size and type, into one of the member's projects. */
export async function uploadAttachment(
	interaction: ChatInputCommandInteraction,
	ctx: AppContext,
	input: { image: Attachment; project: string; caption: string },
): Promise<void> {
	// Refused before anything is fetched, and before the member waits on a defer.
	checkDeclaredSize(input.image);
	await defer(interaction, 'private');
	const { rostro, source } = await resolveRostro(interaction, ctx);
	const project = await chosenProject(ctx, who(interaction), input.project);

	// Counted once the input is known good, so a mistyped project or a wrong file costs no use.
	const file = await fetchGalleryImage(input.image);
	await chargeUse(ctx, { ...galleryUse(interaction), source });
	const uploaded = await uploadToGallery(rostro, file, project.id, input.caption);
	ctx.logger.info({ uuid: uploaded.uuid, projectId: project.id }, 'gallery image uploaded');
	await sendPrivate(interaction, { embeds: [uploadedEmbed(uploaded, project.label, input.caption)] });
	await audit(
		ctx,
		galleryUploadEntry({
			...galleryUse(interaction),
			count: 1,
			projectLabel: project.label,
			caption: input.caption,
			channel: interaction.channel,
		}),
	);
}

/** Upload to gallery, first step: records the message's images and offers the member's projects. */
export async function offerProjectsForMessage(
	interaction: MessageContextMenuCommandInteraction,
	ctx: AppContext,
	command: string,
): Promise<void> {
	const images = imageAttachments(interaction.targetMessage);
	if (images.length === 0) throw new UserError('no-images', 'That message has no images to upload.');

	await defer(interaction, 'private');
	const { rostro, source } = await resolveRostro(interaction, ctx);
	// Said now, before the member picks a project and writes a caption; counted at the upload.
	await requireUseLeft(ctx, { ...galleryUse(interaction), source });
	const projects = await ownProjects(rostro);
	if (projects.length === 0) {
		throw new UserError('no-projects', 'Your Rostro account has no projects whose gallery could take these.');
	}

	const key = await rememberUpload(ctx, {
		guildId: guildIdOf(interaction),
		userId: interaction.user.id,
		messageUrl: interaction.targetMessage.url,
		attachments: images,
	});
	const count = images.length === 1 ? 'this image' : `these ${images.length} images`;
	await sendPrivate(interaction, {
		content: `Which project’s gallery should ${count} go to?`,
		components: [projectMenu(customId(command, uploadActions.pickProject, key), projects)],
	});
}

interface UploadOutcome {
	name: string;
	uploaded?: Awaited<ReturnType<typeof uploadToGallery>>;
	failure?: string;
}

/** Uploads one recorded image; a refusal of this one image does not stop the others. */
async function uploadOne(
	rostro: RostroClient,
	image: AttachmentRef,
	projectId: number,
	caption: string,
): Promise<UploadOutcome> {
	try {
		const file = await fetchGalleryImage(image);
		return { name: image.name, uploaded: await uploadToGallery(rostro, file, projectId, caption) };
	} catch (error) {
		// One sentence per image; anything unexpected stops the rest and reaches the error reply.
		if (!(error instanceof UserError)) throw error;
		return { name: image.name, failure: error.message };
	}
}

/** A refused image's line: its sentence, after its name unless the sentence already starts with it. */
function failureLine({ name, failure = '' }: UploadOutcome): string {
	return failure.startsWith(name) ? `- ${failure}` : `- ${name}: ${failure}`;
}

function outcomeSummary(outcomes: UploadOutcome[], label: string): string {
	const done = outcomes.filter((outcome) => outcome.uploaded).length;
	const head = `Uploaded ${done} of ${outcomes.length} to the gallery of **${escapeMarkdown(label)}**.`;
	const failures = outcomes.filter((outcome) => outcome.failure).map(failureLine);
	return [head, ...failures].join('\n').slice(0, 2_000);
}

/** Upload to gallery, last step: uploads every recorded image with the caption. */
export async function uploadRecordedImages(
	interaction: ModalSubmitInteraction,
	ctx: AppContext,
	key: string,
	projectId: number,
	caption: string,
): Promise<void> {
	const pending = await recallUpload(ctx, key, interaction.user.id);
	await defer(interaction, 'private');
	const { rostro, source } = await resolveRostro(interaction, ctx);
	const label = pickedLabel(interaction.message, String(projectId)) ?? `project ${projectId}`;
	await chargeUse(ctx, { ...galleryUse(interaction), source }); // one use per upload, however many images

	const outcomes: UploadOutcome[] = [];
	for (const image of pending.attachments) outcomes.push(await uploadOne(rostro, image, projectId, caption));
	await forgetUpload(ctx, key);
	const count = outcomes.filter((outcome) => outcome.uploaded).length;
	ctx.logger.info({ projectId, uploaded: count }, 'gallery images uploaded');

	const embeds = outcomes.flatMap((outcome) =>
		outcome.uploaded ? [uploadedEmbed(outcome.uploaded, label, caption)] : [],
	);
	await sendPrivate(interaction, { content: outcomeSummary(outcomes, label), embeds: embeds.slice(0, MAX_EMBEDS) });
	if (count === 0) return;

	const upload = { ...galleryUse(interaction), count, projectLabel: label, caption, channel: interaction.channel };
	await audit(ctx, galleryUploadEntry({ ...upload, messageId: pending.messageUrl.split('/').at(-1) }));
}

/** `/gallery view`: the first page of a project's gallery, NSFW images only where they may show. */
export async function openGalleryView(
	interaction: ChatInputCommandInteraction,
	ctx: AppContext,
	projectValue: string,
): Promise<void> {
	await defer(interaction, 'private');
	const { rostro } = await resolveRostro(interaction, ctx, { allowPublic: true });
	const project = await chosenProject(ctx, who(interaction), projectValue);
	const content = await loadGalleryPage(rostro, project.id, 0, await nsfwAllowedHere(ctx, interaction.channel));

	const view = {
		guildId: guildIdOf(interaction),
		userId: interaction.user.id,
		projectId: project.id,
		label: project.label,
	};
	const key = await rememberView(ctx, view);
	await sendPrivate(interaction, galleryPageMessage(view, key, 0, content));
}

/** A ◀ ▶ button of a gallery view; the gate is asked again, where the button is pressed. */
export async function turnGalleryPage(interaction: ComponentInteraction, ctx: AppContext, key: string): Promise<void> {
	const [viewKey = '', pageText = '0'] = key.split(':');
	const view = await recallView(ctx, viewKey, interaction.user.id);
	const page = Math.max(0, Number(pageText) || 0);
	await interaction.deferUpdate();

	const { rostro } = await resolveRostro(interaction, ctx, { allowPublic: true });
	const content = await loadGalleryPage(rostro, view.projectId, page, await nsfwAllowedHere(ctx, interaction.channel));
	await interaction.editReply(galleryPageMessage(view, viewKey, page, content));
}

/** Rostro's refusals of a deletion, as the sentence a member reads; a 403 here is not about the token. */
function deletionRefusal(error: unknown): UserError | undefined {
	if (error instanceof RostroForbiddenError) {
		return new UserError(
			'not-image-owner',
			'Only the member who uploaded this image, or its project’s creator, can delete it.',
		);
	}
	if (error instanceof RostroNotFoundError) {
		return new UserError('no-such-image', 'Rostro has no gallery image with that id.');
	}
	return undefined;
}

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `/gallery delete`: Rostro lets only the image's uploader (or its project's creator) delete it. */
export async function deleteGalleryImage(
	interaction: ChatInputCommandInteraction,
	ctx: AppContext,
	uuid: string,
): Promise<void> {
	const id = uuid.trim();
	if (!UUID_SHAPE.test(id)) {
		throw new UserError(
			'bad-image-id',
			'That is not an image id; it looks like `1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed`.',
		);
	}

	await defer(interaction, 'private');
	const { rostro } = await resolveRostro(interaction, ctx);
	await rostro.gallery.delete(id).catch((error: unknown) => {
		throw deletionRefusal(error) ?? error;
	});
	ctx.logger.info({ uuid: id }, 'gallery image deleted');
	await sendPrivate(interaction, { content: 'The image was deleted from its gallery.' });
}
