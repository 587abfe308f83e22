function box(type: string, payload: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(8 + payload.length, 0);
	head.write(type, 4, 'ascii');
	return Buffer.concat([head, payload]);
}

/**
 * A stand-in for a video: an ISO media file with a real `ftyp` box (so sniffers call it MP4) and an
 * `mdat` holding the prompt. Limitation: it plays in no player; the bot only forwards the bytes.
 */
export function encodeVideo(prompt: string): Buffer {
	const brands = Buffer.alloc(16);
	brands.write('isom', 0, 'ascii');
	brands.writeUInt32BE(0x200, 4);
	brands.write('isom', 8, 'ascii');
	brands.write('mp41', 12, 'ascii');
	return Buffer.concat([box('ftyp', brands), box('free', Buffer.alloc(8)), box('mdat', Buffer.from(prompt, 'utf8'))]);
}
