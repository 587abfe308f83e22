import { fileTypeFromBuffer } from 'file-type';
import { UserError } from '../discord/user-error.js';
import type { MediaFile } from '../media/attachment.js';

const MiB = 1024 * 1024;

/**
 * The largest image the bot sends to a gallery. Limitation: Rostro documents no limit of its
 * own; this one keeps a data URL (a third larger than the file) within a sane request size.
 */
export const MAX_GALLERY_BYTES = 20 * MiB;

/** What file-type needs to recognise any format it knows (its own "reasonable detection size"). */
const SNIFF_BYTES = 4_100;
const DOWNLOAD_TIMEOUT_MS = 60_000;

/** The formats a gallery takes, by the MIME type file-type reports, with the type sent to Rostro. */
const galleryTypes: Record<string, { mime: string; ext: string }> = {
	'image/png': { mime: 'image/png', ext: 'png' },
	// An animated PNG is a PNG to anything that reads only its signature.
	'image/apng': { mime: 'image/png', ext: 'png' },
	'image/jpeg': { mime: 'image/jpeg', ext: 'jpg' },
	'image/webp': { mime: 'image/webp', ext: 'webp' },
	'image/gif': { mime: 'image/gif', ext: 'gif' },
};

/** The part of a Discord attachment the checks read. */
export interface AttachmentRef {
	url: string;
	name: string;
	/** The size Discord declares, in bytes. */
	size: number;
}

function mebibytes(size: number): string {
	return `${(size / MiB).toFixed(1)} MiB`;
}

/** Refuses a file Discord declares larger than `limit`, so nothing of it is fetched. */
export function checkDeclaredSize(attachment: Pick<AttachmentRef, 'name' | 'size'>, limit = MAX_GALLERY_BYTES): void {
	if (attachment.size <= limit) return;

	throw new UserError(
		'image-too-large',
		`${attachment.name} is ${mebibytes(attachment.size)}; a gallery takes images up to ${mebibytes(limit)}.`,
	);
}

/** The gallery format of a file from its first bytes, or undefined when a gallery does not take it. */
export async function galleryImageType(head: Uint8Array): Promise<{ mime: string; ext: string } | undefined> {
	const sniffed = await fileTypeFromBuffer(head);
	return sniffed ? galleryTypes[sniffed.mime] : undefined;
}

function notAnImage(name: string): UserError {
	return new UserError(
		'not-an-image',
		`${name} is not a PNG, JPEG, WebP or GIF image (whatever its name says), so it was not uploaded.`,
	);
}

type ByteReader = ReadableStreamDefaultReader<Uint8Array>;

/** Reads until `chunks` hold at least `target` bytes or the body ends; false when it passed `limit`. */
async function readInto(reader: ByteReader, chunks: Uint8Array[], target: number, limit: number): Promise<boolean> {
	let size = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
	while (size < target) {
		const { done, value } = await reader.read();
		if (done) return true;
		size += value.byteLength;
		if (size > limit) return false;
		chunks.push(value);
	}
	return true;
}

async function fetchAttachment(attachment: AttachmentRef): Promise<Response> {
	const response = await fetch(attachment.url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) }).catch(() => {
		throw new UserError('image-unreachable', `I could not fetch ${attachment.name} from Discord; try again.`);
	});
	if (!response.ok || !response.body) {
		await response.body?.cancel();
		throw new UserError('image-unreachable', `Discord did not hand over ${attachment.name}; try again.`);
	}
	return response;
}

/**
 * Fetches an image for a gallery: refused by its declared size before any request, then by its
 * real format once its first bytes arrive (the rest is never read), and by its real size while
 * it is read.
 */
export async function fetchGalleryImage(attachment: AttachmentRef, limit = MAX_GALLERY_BYTES): Promise<MediaFile> {
	checkDeclaredSize(attachment, limit);
	const response = await fetchAttachment(attachment);
	const reader = (response.body as ReadableStream<Uint8Array>).getReader();
	const chunks: Uint8Array[] = [];
	const tooLarge = () =>
		new UserError('image-too-large', `${attachment.name} is over ${mebibytes(limit)}, more than a gallery takes.`);

	try {
		if (!(await readInto(reader, chunks, SNIFF_BYTES, limit))) throw tooLarge();
		const type = await galleryImageType(Buffer.concat(chunks));
		if (!type) throw notAnImage(attachment.name);

		if (!(await readInto(reader, chunks, Number.POSITIVE_INFINITY, limit))) throw tooLarge();
		const stem = attachment.name.replace(/\.[^.]*$/, '') || 'image';
		return { bytes: Buffer.concat(chunks), name: `${stem}.${type.ext}`, contentType: type.mime };
	} finally {
		await reader.cancel().catch(() => undefined); // already read to the end is as good as cancelled
	}
}

/** A file as the data URL a gallery upload carries. */
export function dataUrl(file: MediaFile): string {
	return `data:${file.contentType};base64,${file.bytes.toString('base64')}`;
}
