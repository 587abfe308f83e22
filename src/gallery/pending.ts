import { randomBytes } from 'node:crypto';
import type { Attachment, Message } from 'discord.js';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { UserError } from '../discord/user-error.js';
import type { Namespace } from '../store/index.js';
import type { AttachmentRef } from './image-file.js';

/** Long enough to pick a project and write a caption; the attachment links Discord signs last longer. */
const PENDING_TTL_MS = 60 * 60_000;

const attachmentSchema = z.object({ url: z.string(), name: z.string(), size: z.number() });

const pendingSchema = z.object({
	feature: z.literal('gallery-upload'),
	guildId: z.string(),
	userId: z.string(),
	messageUrl: z.string(),
	attachments: z.array(attachmentSchema),
});

/**
 * The images of a message a member chose Upload to gallery on, kept while they pick a project
 * and write a caption: the modal submission at the end does not carry the message.
 */
export type PendingUpload = z.output<typeof pendingSchema>;

function pendingUploads(ctx: Pick<AppContext, 'store'>): Namespace<PendingUpload> {
	return ctx.store.components.withSchema(pendingSchema);
}

/** Whether an attachment says it is an image; its bytes are checked when it is uploaded. */
export function looksLikeImage(attachment: Pick<Attachment, 'contentType' | 'name'>): boolean {
	if (attachment.contentType) return attachment.contentType.startsWith('image/');
	return /\.(png|jpe?g|webp|gif)$/i.test(attachment.name);
}

/** The image attachments of a message, as the upload will read them. */
export function imageAttachments(message: Message): AttachmentRef[] {
	return [...message.attachments.values()]
		.filter(looksLikeImage)
		.map((attachment) => ({ url: attachment.url, name: attachment.name, size: attachment.size }));
}

/** Records a message's images for a member and returns the key the next steps carry. */
export async function rememberUpload(
	ctx: Pick<AppContext, 'store'>,
	upload: Omit<PendingUpload, 'feature'>,
): Promise<string> {
	const key = `gu-${randomBytes(6).toString('base64url')}`;
	await pendingUploads(ctx).set(key, { feature: 'gallery-upload', ...upload }, PENDING_TTL_MS);
	return key;
}

/** The recorded images behind a step of Upload to gallery, for the member who started it. */
export async function recallUpload(ctx: Pick<AppContext, 'store'>, key: string, userId: string) {
	const parsed = pendingSchema.safeParse(await ctx.store.components.get(key));
	if (!parsed.success || parsed.data.userId !== userId) {
		throw new UserError('stale-upload', 'This upload has expired; use Upload to gallery on the message again.');
	}
	return parsed.data;
}

/** Forgets recorded images once they were uploaded. */
export async function forgetUpload(ctx: Pick<AppContext, 'store'>, key: string): Promise<void> {
	await pendingUploads(ctx).delete(key);
}
