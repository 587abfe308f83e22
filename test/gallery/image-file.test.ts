import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/discord/user-error.js';
import {
	checkDeclaredSize,
	dataUrl,
	fetchGalleryImage,
	galleryImageType,
	MAX_GALLERY_BYTES,
} from '../../src/gallery/image-file.js';
import { encodePng } from '../fakes/rostro/media/png.js';
import { encodeWav } from '../fakes/rostro/media/wav.js';

const jpeg = Buffer.from([
	0xff,
	0xd8,
	0xff,
	0xe0,
	0x00,
	0x10,
	0x4a,
	0x46,
	0x49,
	0x46,
	0x00,
	0x01,
	...Array(64).fill(0),
]);
const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(64)]);
const webp = Buffer.concat([
	Buffer.from('RIFF'),
	Buffer.from([0x24, 0, 0, 0]),
	Buffer.from('WEBPVP8 '),
	Buffer.alloc(64),
]);

async function refusal(promise: Promise<unknown>): Promise<string | undefined> {
	try {
		await promise;
		return undefined;
	} catch (error) {
		if (!(error instanceof UserError)) throw error;
		return error.code;
	}
}

describe('checkDeclaredSize', () => {
	it('passes a file up to the limit and refuses anything larger, naming both sizes', () => {
		expect(() => checkDeclaredSize({ name: 'a.png', size: MAX_GALLERY_BYTES })).not.toThrow();
		expect(() => checkDeclaredSize({ name: 'a.png', size: MAX_GALLERY_BYTES + 1 })).toThrow(
			'a.png is 20.0 MiB; a gallery takes images up to 20.0 MiB.',
		);
	});
});

describe('galleryImageType', () => {
	it('recognises PNG, JPEG, WebP and GIF from their first bytes', async () => {
		expect(await galleryImageType(encodePng({ width: 4, height: 4 }, 'type'))).toEqual({
			mime: 'image/png',
			ext: 'png',
		});
		expect((await galleryImageType(jpeg))?.mime).toBe('image/jpeg');
		expect((await galleryImageType(webp))?.mime).toBe('image/webp');
		expect((await galleryImageType(gif))?.mime).toBe('image/gif');
	});

	it('refuses text, audio and anything it cannot name', async () => {
		expect(await galleryImageType(Buffer.from('just some words, not a picture'))).toBeUndefined();
		expect(await galleryImageType(encodeWav('hello'))).toBeUndefined();
		expect(await galleryImageType(Buffer.from('%PDF-1.7\n%…'))).toBeUndefined();
		expect(await galleryImageType(Buffer.alloc(0))).toBeUndefined();
	});
});

describe('fetchGalleryImage', () => {
	const png = encodePng({ width: 64, height: 64 }, 'gallery');
	const requests: string[] = [];
	const TEXT_BYTES = 50 * 1024 * 1024;
	let textFinished: boolean | undefined;
	let server: Server;
	let base: string;

	/** 50 MiB of text under an image's name: a reader that stops early makes it end unfinished. */
	function streamText(response: ServerResponse): void {
		response.writeHead(200, { 'content-type': 'image/png', 'content-length': TEXT_BYTES });
		const chunk = Buffer.alloc(64 * 1024, 'a');
		let sent = 0;
		const pump = () => {
			while (sent < TEXT_BYTES && !response.destroyed) {
				sent += chunk.length;
				if (!response.write(chunk)) return void response.once('drain', pump);
			}
			response.end();
		};
		response.on('close', () => {
			textFinished = response.writableFinished;
		});
		pump();
	}

	beforeAll(async () => {
		server = createServer((request, response) => {
			const path = request.url ?? '';
			requests.push(path);
			if (path === '/photo.png') return response.end(png);
			if (path === '/lies.png') return streamText(response);
			if (path === '/grows.png') return response.end(Buffer.concat([png, Buffer.alloc(4_096)]));
			response.writeHead(404).end();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it('returns exactly the bytes, named and typed from them', async () => {
		const file = await fetchGalleryImage({ url: `${base}/photo.png`, name: 'holiday.jpeg', size: png.length });
		expect(file.bytes).toEqual(png);
		expect(file).toMatchObject({ name: 'holiday.png', contentType: 'image/png' });
		expect(dataUrl(file)).toBe(`data:image/png;base64,${png.toString('base64')}`);
	});

	it('refuses a declared oversize file without requesting it', async () => {
		const before = requests.length;
		const code = await refusal(fetchGalleryImage({ url: `${base}/photo.png`, name: 'big.png', size: 1_000 }, 999));
		expect(code).toBe('image-too-large');
		expect(requests.length).toBe(before);
	});

	it('refuses a non-image named .png after its first bytes, without reading the rest', async () => {
		const code = await refusal(fetchGalleryImage({ url: `${base}/lies.png`, name: 'lies.png', size: 100 }));
		expect(code).toBe('not-an-image');
		await vi.waitFor(() => expect(textFinished).toBe(false), { timeout: 10_000 });
	});

	it('refuses a file that turns out larger than the limit while it is read', async () => {
		const attachment = { url: `${base}/grows.png`, name: 'grows.png', size: png.length };
		expect(await refusal(fetchGalleryImage(attachment, png.length + 100))).toBe('image-too-large');
	});

	it('says so when Discord does not hand the file over', async () => {
		const code = await refusal(fetchGalleryImage({ url: `${base}/gone.png`, name: 'gone.png', size: 10 }));
		expect(code).toBe('image-unreachable');
	});
});
