import { type Attachment, Collection, type Message } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { imageAttachments, looksLikeImage } from '../../src/gallery/pending.js';

function attachment(name: string, contentType: string | null, size = 100): Attachment {
	return { id: name, name, contentType, size, url: `http://127.0.0.1/files/${name}` } as unknown as Attachment;
}

describe('looksLikeImage', () => {
	it('trusts an image content type, and the file name when there is none', () => {
		expect(looksLikeImage(attachment('a.bin', 'image/webp'))).toBe(true);
		expect(looksLikeImage(attachment('a.png', 'text/plain'))).toBe(false);
		expect(looksLikeImage(attachment('photo.JPEG', null))).toBe(true);
		expect(looksLikeImage(attachment('notes.txt', null))).toBe(false);
	});
});

describe('imageAttachments', () => {
	it('keeps what an upload needs of each image attachment, in order', () => {
		const files = [
			attachment('one.png', 'image/png', 10),
			attachment('song.ogg', 'audio/ogg'),
			attachment('two.gif', 'image/gif', 20),
		];
		const message = { attachments: new Collection(files.map((file) => [file.id, file])) } as unknown as Message;
		expect(imageAttachments(message)).toEqual([
			{ url: 'http://127.0.0.1/files/one.png', name: 'one.png', size: 10 },
			{ url: 'http://127.0.0.1/files/two.gif', name: 'two.gif', size: 20 },
		]);
	});
});
