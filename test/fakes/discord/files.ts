import { extname } from 'node:path';
import type { APIAttachment } from 'discord-api-types/v10';
import type { SnowflakeGenerator } from './snowflake.js';

/** A file the fake serves under `/files/{id}/{filename}`. */
export interface HostedFile {
	id: string;
	filename: string;
	contentType: string;
	data: Buffer;
}

/** Extra attachment fields a sender may set (from `payload_json.attachments[i]`). */
export interface AttachmentDetails {
	description?: string;
	title?: string;
	duration_secs?: number;
	waveform?: string;
	flags?: number;
}

const contentTypes: Record<string, string> = {
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.gif': 'image/gif',
	'.webp': 'image/webp',
	'.mp3': 'audio/mpeg',
	'.ogg': 'audio/ogg',
	'.wav': 'audio/wav',
	'.txt': 'text/plain; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
};

const DETAIL_KEYS = ['description', 'title', 'duration_secs', 'waveform', 'flags'] as const;

/** Only the detail fields a sender may set, so an `attachments[]` entry cannot overwrite `url` or `id`. */
function pickDetails(details: AttachmentDetails): AttachmentDetails {
	const present = DETAIL_KEYS.filter((key) => details[key] !== undefined);
	return Object.fromEntries(present.map((key) => [key, details[key]]));
}

/** Guesses a content type from the file name, as Discord's CDN does when the upload named none. */
export function contentTypeOf(filename: string): string {
	return contentTypes[extname(filename).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Keeps uploaded and test-provided files and hands out attachment objects whose `url`
 * points back at the fake, so a bot can `fetch(attachment.url)` offline.
 */
export class FileHost {
	readonly #files = new Map<string, HostedFile>();
	readonly #attachments = new Map<string, APIAttachment>();

	constructor(
		/** `http://127.0.0.1:PORT`, where everything the fake serves lives. */
		readonly origin: string,
		private readonly ids: SnowflakeGenerator,
	) {}

	/** Stores bytes and returns the attachment object Discord would return for them. */
	host(filename: string, data: Buffer, contentType?: string, details: AttachmentDetails = {}): APIAttachment {
		const id = this.ids.next();
		const type = contentType && contentType !== 'application/octet-stream' ? contentType : contentTypeOf(filename);
		this.#files.set(id, { id, filename, contentType: type, data });

		const url = `${this.origin}/files/${id}/${encodeURIComponent(filename)}`;
		const attachment: APIAttachment = {
			id,
			filename,
			size: data.length,
			url,
			proxy_url: url,
			content_type: type,
			...pickDetails(details),
		};
		this.#attachments.set(id, attachment);
		return attachment;
	}

	/** The attachment object handed out for a hosted file. */
	attachment(id: string): APIAttachment | undefined {
		return this.#attachments.get(id);
	}

	/** The file behind a `/files/{id}/{filename}` path, if there is one. */
	lookup(path: string): HostedFile | undefined {
		const [, , id] = path.split('/');
		return id ? this.#files.get(id) : undefined;
	}
}
