import type { SimulatorCore } from './context.js';
import { type ImageKind, sniffImage } from './media/sniff.js';
import { mediaAt } from './media-store.js';

/** Image bytes a request pointed at, and what they are. */
export interface ImageInput {
	bytes: Buffer;
	kind: ImageKind;
}

const FETCH_TIMEOUT = 5_000; // ms

function fromBase64(text: string): Buffer | undefined {
	const compact = text.replace(/\s+/g, '');
	if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) return undefined;
	return Buffer.from(compact, 'base64');
}

function fromDataUrl(text: string): Buffer | undefined {
	const found = /^data:[^;,]*(;[^,]*)?,(.*)$/s.exec(text);
	if (!found) return undefined;
	const isBase64 = (found[1] ?? '').includes('base64');
	return isBase64 ? fromBase64(found[2] ?? '') : Buffer.from(decodeURIComponent(found[2] ?? ''), 'latin1');
}

/**
 * Fetches an image URL the way Rostro would, but only from this machine (the simulator's own
 * media or the fake Discord's attachments): tests never leave 127.0.0.1.
 */
async function fromUrl(core: SimulatorCore, url: URL): Promise<Buffer | undefined> {
	const own = mediaAt(core, url);
	if (own) return own.bytes;
	if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') return undefined;

	const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT) });
	return response.ok ? Buffer.from(await response.arrayBuffer()) : undefined;
}

function rawBytes(core: SimulatorCore, image: string): Promise<Buffer | undefined> | Buffer | undefined {
	const text = image.trim();
	if (text.startsWith('data:')) return fromDataUrl(text);
	if (!/^https?:\/\//i.test(text)) return fromBase64(text);
	return fromUrl(core, new URL(text));
}

/** Resolves a data URL, bare base64 or a local URL to image bytes; undefined when it is no image. */
export async function resolveImage(core: SimulatorCore, image: string): Promise<ImageInput | undefined> {
	try {
		const bytes = await rawBytes(core, image);
		const kind = bytes && sniffImage(bytes);
		return bytes && kind ? { bytes, kind } : undefined;
	} catch {
		return undefined; // an unreachable URL or a bad %-escape is a malformed image to Rostro
	}
}
