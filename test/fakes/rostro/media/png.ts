import { deflateSync } from 'node:zlib';
import { hashText, seededRandom } from '../hash.js';
import { crc32 } from './crc32.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The largest side of a generated image, in pixels: these are test images, not art. */
export const MAX_IMAGE_SIDE = 128;

export interface ImageSize {
	width: number;
	height: number;
}

/** Scales a requested canvas down so its longer side fits MAX_IMAGE_SIDE, keeping the aspect ratio. */
export function cappedSize(requested: ImageSize): ImageSize {
	const scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(requested.width, requested.height));
	return {
		width: Math.max(1, Math.round(requested.width * scale)),
		height: Math.max(1, Math.round(requested.height * scale)),
	};
}

function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'ascii');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}

function colour(random: () => number): [number, number, number] {
	return [Math.floor(random() * 256), Math.floor(random() * 256), Math.floor(random() * 256)];
}

/** Rows of RGB pixels: a diagonal blend between two colours chosen by the seed, with stripes. */
function scanlines(size: ImageSize, seed: string): Buffer {
	const random = seededRandom(hashText(seed));
	const [from, to] = [colour(random), colour(random)];
	const stripe = 4 + Math.floor(random() * 12);
	const rowLength = 1 + size.width * 3;
	const rows = Buffer.alloc(rowLength * size.height);

	for (let y = 0; y < size.height; y++) {
		rows[y * rowLength] = 0; // filter type None
		for (let x = 0; x < size.width; x++) {
			const blend = (x + y) / Math.max(1, size.width + size.height - 2);
			const shade = Math.floor((x + y) / stripe) % 2 === 0 ? 1 : 0.85;
			for (let channel = 0; channel < 3; channel++) {
				const value = ((from[channel] ?? 0) * (1 - blend) + (to[channel] ?? 0) * blend) * shade;
				rows[y * rowLength + 1 + x * 3 + channel] = Math.round(value);
			}
		}
	}
	return rows;
}

/** Encodes a deterministic RGB PNG of the given size (already capped by the caller) from a seed text. */
export function encodePng(size: ImageSize, seed: string): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size.width, 0);
	header.writeUInt32BE(size.height, 4);
	header.writeUInt8(8, 8); // bit depth
	header.writeUInt8(2, 9); // colour type: truecolour
	return Buffer.concat([
		PNG_SIGNATURE,
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(scanlines(size, seed))),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

/** Reads the size from a PNG's header; undefined when the bytes are not a PNG. */
export function readPngSize(bytes: Uint8Array): ImageSize | undefined {
	const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (buffer.length < 24 || !buffer.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
	if (buffer.toString('ascii', 12, 16) !== 'IHDR') return undefined;
	return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}
