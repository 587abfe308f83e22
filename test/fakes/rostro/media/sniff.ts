/** The image formats the gallery accepts, by their magic bytes. */
export type ImageKind = 'png' | 'jpeg' | 'gif' | 'webp';

/** The audio formats speech to text accepts. */
export type AudioKind = 'wav' | 'ogg' | 'mp3' | 'flac' | 'm4a' | 'webm';

function startsWith(bytes: Buffer, ...prefix: number[]): boolean {
	return prefix.every((value, index) => bytes[index] === value);
}

function ascii(bytes: Buffer, start: number, end: number): string {
	return bytes.length >= end ? bytes.toString('latin1', start, end) : '';
}

/** Names the image format of some bytes, or undefined when they are no image the gallery takes. */
export function sniffImage(bytes: Buffer): ImageKind | undefined {
	if (startsWith(bytes, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
	if (startsWith(bytes, 0xff, 0xd8, 0xff)) return 'jpeg';
	if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif';
	if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
	return undefined;
}

/** Names the audio format of some bytes, or undefined when they are not audio. */
export function sniffAudio(bytes: Buffer): AudioKind | undefined {
	if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WAVE') return 'wav';
	if (ascii(bytes, 0, 4) === 'OggS') return 'ogg';
	if (ascii(bytes, 0, 4) === 'fLaC') return 'flac';
	if (ascii(bytes, 0, 3) === 'ID3' || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0)) return 'mp3';
	if (ascii(bytes, 4, 8) === 'ftyp' && /^(M4A |M4B |mp42|isom)$/.test(ascii(bytes, 8, 12))) return 'm4a';
	if (startsWith(bytes, 0x1a, 0x45, 0xdf, 0xa3)) return 'webm';
	return undefined;
}

/** The MIME type a stored image is served with. */
export const imageMime: Record<ImageKind, string> = {
	png: 'image/png',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	webp: 'image/webp',
};
