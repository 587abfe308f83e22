import type { SimulatorCore } from './context.js';
import { encodePng } from './media/png.js';
import { imageMime } from './media/sniff.js';
import type { Media } from './state.js';

const AVATAR_SIZE = { width: 64, height: 64 };
const CARD_SIZE = { width: 96, height: 128 };

/** The URL a finished job's media is served at. */
export function jobMediaUrl(baseUrl: string, uuid: string, extension: string): string {
	return `${baseUrl}/media/${uuid}.${extension}`;
}

/** The URL a gallery image is served at. */
export function galleryImageUrl(baseUrl: string, uuid: string, extension: string): string {
	return `${baseUrl}/media/gallery/${uuid}.${extension}`;
}

function fileName(name: string): { stem: string; extension: string } {
	const dot = name.lastIndexOf('.');
	return dot < 0 ? { stem: name, extension: '' } : { stem: name.slice(0, dot), extension: name.slice(dot + 1) };
}

function png(bytes: Buffer): Media {
	return { bytes, contentType: 'image/png', extension: 'png' };
}

/** The media behind a URL path (`/media/...`): job results, gallery images, avatars and cards. */
export function mediaAtPath(core: SimulatorCore, path: string): Media | undefined {
	const [, folder, name] = /^\/media\/(?:([a-z]+)\/)?([^/]+)$/.exec(path) ?? [];
	if (!name) return undefined;
	const { stem } = fileName(decodeURIComponent(name));

	if (folder === undefined) {
		const job = core.data.jobs.get(stem);
		const done = job && !job.error && Date.now() >= job.readyAt;
		return done ? (job.media ?? undefined) : undefined;
	}
	if (folder === 'gallery') {
		const image = core.data.gallery.get(stem);
		return image && { bytes: image.bytes, contentType: imageMime[image.kind], extension: image.kind };
	}
	if (folder === 'avatars' || folder === 'cards') {
		const project = core.data.projects.get(Number(stem));
		return project && png(encodePng(folder === 'avatars' ? AVATAR_SIZE : CARD_SIZE, `${folder}:${project.id}`));
	}
	if (folder === 'users' && core.data.users.has(stem)) return png(encodePng(AVATAR_SIZE, `user:${stem}`));
	return undefined;
}

/** The media behind one of the simulator's own URLs, or undefined for anything else. */
export function mediaAt(core: SimulatorCore, url: URL): Media | undefined {
	return url.origin === new URL(core.baseUrl).origin ? mediaAtPath(core, url.pathname) : undefined;
}
