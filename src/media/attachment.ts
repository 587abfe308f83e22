import { GuildPremiumTier } from 'discord.js';
import { fileTypeFromBuffer } from 'file-type';

const MiB = 1024 * 1024;

/** Discord's upload limit where nothing larger is granted (discord-api-docs #8572: it is 10 MiB now). */
export const DEFAULT_UPLOAD_LIMIT = 10 * MiB;

/** What boosted servers may upload, by tier. */
const tierLimits: Partial<Record<GuildPremiumTier, number>> = {
	[GuildPremiumTier.Tier2]: 50 * MiB,
	[GuildPremiumTier.Tier3]: 100 * MiB,
};

/**
 * The largest file Discord takes in this place: the interaction's own `attachment_size_limit`
 * when it sent one, else what the server's boost tier allows, else 10 MiB.
 */
export function uploadLimit(where: { attachmentSizeLimit?: number | null; premiumTier?: GuildPremiumTier | null }) {
	if (where.attachmentSizeLimit && where.attachmentSizeLimit > 0) return where.attachmentSizeLimit;

	const tier = where.premiumTier ?? GuildPremiumTier.None;
	return tierLimits[tier] ?? DEFAULT_UPLOAD_LIMIT;
}

/** Whether a file of `size` bytes is attached, or linked because Discord would refuse it. */
export function deliveryFor(size: number, limit: number): 'attach' | 'link' {
	return size <= limit ? 'attach' : 'link';
}

/** A downloaded result, named and typed from its own bytes. */
export interface MediaFile {
	bytes: Buffer;
	name: string;
	contentType: string;
}

/** A download ends as a file, or as a link when the file is larger than may be uploaded. */
export type Download = { kind: 'file'; file: MediaFile } | { kind: 'link'; size: number };

/** Raised when the result cannot be fetched from where Rostro said it is. */
export class MediaDownloadError extends Error {
	override name = 'MediaDownloadError';
}

const DOWNLOAD_TIMEOUT_MS = 120_000;

/** Reads a body up to `limit` bytes; undefined (and the rest left unread) once it passes it. */
async function readCapped(body: ReadableStream<Uint8Array>, limit: number): Promise<Buffer | undefined> {
	const chunks: Uint8Array[] = [];
	let size = 0;
	for await (const chunk of body) {
		size += chunk.byteLength;
		if (size > limit) return undefined;
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
}

/** Names a file from what its bytes are, not from what the URL or the server claims. */
export async function nameMedia(bytes: Buffer, stem: string, fallbackType = 'application/octet-stream') {
	const sniffed = await fileTypeFromBuffer(bytes);
	const contentType = sniffed?.mime ?? fallbackType;
	return { bytes, contentType, name: `${stem}.${sniffed?.ext ?? 'bin'}` } satisfies MediaFile;
}

/**
 * Fetches a result, stopping as soon as it is known to be over `limit` bytes (from its
 * Content-Length, or while reading), so an oversized file is never held in memory.
 */
export async function downloadMedia(url: string, stem: string, limit: number): Promise<Download> {
	const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) }).catch((error: unknown) => {
		throw new MediaDownloadError(`could not fetch the result: ${String(error)}`, { cause: error });
	});
	if (!response.ok || !response.body) {
		await response.body?.cancel();
		throw new MediaDownloadError(`the result answered ${response.status}`);
	}

	const declared = Number(response.headers.get('content-length') ?? Number.NaN);
	if (Number.isFinite(declared) && deliveryFor(declared, limit) === 'link') {
		await response.body.cancel();
		return { kind: 'link', size: declared };
	}

	const bytes = await readCapped(response.body, limit);
	if (!bytes) return { kind: 'link', size: Number.isFinite(declared) ? declared : limit + 1 };

	const file = await nameMedia(bytes, stem, response.headers.get('content-type') ?? undefined);
	return { kind: 'file', file };
}

/** The exact bytes of a result, for a gallery upload; refuses anything over `limit`. */
export async function fetchMediaBytes(url: string, limit: number): Promise<MediaFile> {
	const download = await downloadMedia(url, 'result', limit);
	if (download.kind === 'link') throw new MediaDownloadError(`the result is larger than ${limit} bytes`);
	return download.file;
}
