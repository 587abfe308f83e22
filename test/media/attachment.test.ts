import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GuildPremiumTier } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	DEFAULT_UPLOAD_LIMIT,
	deliveryFor,
	downloadMedia,
	MediaDownloadError,
	nameMedia,
	uploadLimit,
} from '../../src/media/attachment.js';
import { encodePng } from '../fakes/rostro/media/png.js';
import { encodeWav } from '../fakes/rostro/media/wav.js';

const MiB = 1024 * 1024;

describe('uploadLimit', () => {
	it("uses the interaction's own attachment_size_limit first", () => {
		expect(uploadLimit({ attachmentSizeLimit: 25 * MiB, premiumTier: GuildPremiumTier.Tier3 })).toBe(25 * MiB);
	});

	it("falls back to the server's boost tier", () => {
		expect(uploadLimit({ premiumTier: GuildPremiumTier.Tier2 })).toBe(50 * MiB);
		expect(uploadLimit({ premiumTier: GuildPremiumTier.Tier3 })).toBe(100 * MiB);
	});

	it('is 10 MiB for unboosted servers and when nothing is known', () => {
		expect(uploadLimit({ premiumTier: GuildPremiumTier.Tier1 })).toBe(DEFAULT_UPLOAD_LIMIT);
		expect(uploadLimit({ attachmentSizeLimit: 0, premiumTier: null })).toBe(10 * MiB);
		expect(uploadLimit({})).toBe(10 * MiB);
	});
});

describe('deliveryFor', () => {
	it('attaches a file up to the limit and links anything larger', () => {
		expect(deliveryFor(10 * MiB, 10 * MiB)).toBe('attach');
		expect(deliveryFor(10 * MiB + 1, 10 * MiB)).toBe('link');
	});
});

describe('nameMedia', () => {
	it('names and types a file from its bytes', async () => {
		const png = await nameMedia(encodePng({ width: 8, height: 8 }, 'seed'), 'result');
		expect(png).toMatchObject({ name: 'result.png', contentType: 'image/png' });
		const wav = await nameMedia(encodeWav('hello'), 'result', 'image/png');
		expect(wav).toMatchObject({ name: 'result.wav', contentType: 'audio/wav' });
	});

	it('keeps what the server said for bytes it cannot recognise', async () => {
		const text = await nameMedia(Buffer.from('plain words'), 'result', 'text/plain');
		expect(text).toMatchObject({ name: 'result.bin', contentType: 'text/plain' });
	});
});

describe('downloadMedia', () => {
	const png = encodePng({ width: 32, height: 32 }, 'download');
	let server: Server;
	let base: string;
	const fetched: string[] = [];

	beforeAll(async () => {
		server = createServer((request, response) => {
			fetched.push(request.url ?? '');
			if (request.url === '/gone') return void response.writeHead(404).end();
			if (request.url === '/chunked') {
				response.writeHead(200, { 'content-type': 'image/png' });
				response.write(png.subarray(0, 40));
				return void response.end(png.subarray(40));
			}
			response.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length) }).end(png);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it('returns the exact bytes, named from them', async () => {
		const download = await downloadMedia(`${base}/image`, 'job', png.length);
		expect(download.kind === 'file' && download.file.bytes).toEqual(png);
		expect(download.kind === 'file' && download.file.name).toBe('job.png');
	});

	it('links a file whose declared size is over the limit without reading it', async () => {
		expect(await downloadMedia(`${base}/image`, 'job', png.length - 1)).toEqual({ kind: 'link', size: png.length });
	});

	it('links a file that grows past the limit while it is read', async () => {
		const download = await downloadMedia(`${base}/chunked`, 'job', 50);
		expect(download.kind).toBe('link');
	});

	it('fails with a download error when the result is gone', async () => {
		await expect(downloadMedia(`${base}/gone`, 'job', MiB)).rejects.toBeInstanceOf(MediaDownloadError);
	});
});
