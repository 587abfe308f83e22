import { DiscordError } from '../errors.js';

/** A file part of a multipart request, as the bot uploaded it. */
export interface UploadedFile {
	/** The form field, `files[0]`, `files[1]`… */
	field: string;
	/** The number in `files[n]`, which `attachments[].id` refers to; null for other field names. */
	index: number | null;
	filename: string;
	contentType: string;
	data: Buffer;
}

export interface ParsedBody {
	body: unknown;
	files: UploadedFile[];
}

const invalidJson = () => new DiscordError(400, 50_109, 'The request body contains invalid JSON.');

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		throw invalidJson();
	}
}

/**
 * Multipart as discord.js sends it: the JSON in a `payload_json` part and files in `files[n]`.
 * Node's own undici parses it, so no extra dependency is needed.
 */
async function parseMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
	const form = await new Request('http://fake.invalid/', {
		method: 'POST',
		headers: { 'content-type': contentType },
		body: raw,
	}).formData();

	let body: Record<string, unknown> = {};
	const fields: Record<string, unknown> = {};
	const files: UploadedFile[] = [];
	for (const [field, value] of form.entries()) {
		if (typeof value === 'string') {
			if (field === 'payload_json') body = parseJson(value) as Record<string, unknown>;
			else fields[field] = value;
			continue;
		}
		const index = /^files\[(\d+)\]$/.exec(field)?.[1];
		files.push({
			field,
			index: index === undefined ? null : Number(index),
			filename: value.name,
			contentType: value.type || 'application/octet-stream',
			data: Buffer.from(await value.arrayBuffer()),
		});
	}
	return { body: { ...fields, ...body }, files };
}

/** Reads a request body: JSON, multipart with `payload_json`, or nothing. */
export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
	if (raw.length === 0) return { body: undefined, files: [] };
	if (contentType?.startsWith('multipart/form-data')) return parseMultipart(raw, contentType);

	return { body: parseJson(raw.toString('utf8')), files: [] };
}
