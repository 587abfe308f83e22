import type { SimulatorCore } from './context.js';
import { encodePng, type ImageSize } from './media/png.js';
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

function png(size: ImageSize, seed: string): Media {
	return { bytes: encodePng(size, seed), contentType: 'image/png', extension: 'png' };
}

type MediaLookup = (core: SimulatorCore, stem: string) => Media | undefined;

/** Finished, successful jobs only: a pending or failed job has nothing to serve yet. */
const jobMedia: MediaLookup = (core, uuid) => {
	const job = core.data.jobs.get(uuid);
	if (!job || job.error || Date.now() < job.readyAt) return undefined;
	return job.media ?? undefined;
};

const galleryMedia: MediaLookup = (core, uuid) => {
	const image = core.data.gallery.get(uuid);
	if (!image) return undefined;
	return { bytes: image.bytes, contentType: imageMime[image.kind], extension: image.kind };
};

function projectImage(folder: string, size: ImageSize): MediaLookup {
	return (core, id) => {
		const project = core.data.projects.get(Number(id));
		return project && png(size, `${folder}:${project.id}`);
	};
}

const userAvatar: MediaLookup = (core, userName) => {
	return core.data.users.has(userName) ? png(AVATAR_SIZE, `user:${userName}`) : undefined;
};

/** What each `/media/<folder>/` serves; job results sit at the top level. */
const folders: Record<string, MediaLookup> = {
	'': jobMedia,
	gallery: galleryMedia,
	avatars: projectImage('avatars', AVATAR_SIZE),
	cards: projectImage('cards', CARD_SIZE),
	users: userAvatar,
};

/** The media behind a URL path (`/media/...`): job results, gallery images, avatars and cards. */
export function mediaAtPath(core: SimulatorCore, path: string): Media | undefined {
	const [, folder = '', name] = /^\/media\/(?:([a-z]+)\/)?([^/]+)$/.exec(path) ?? [];
	const lookup = folders[folder];
	if (!name || !lookup) return undefined;

	const file = decodeURIComponent(name);
	const dot = file.lastIndexOf('.');
	return lookup(core, dot < 0 ? file : file.slice(0, dot));
}

/** The media behind one of the simulator's own URLs, or undefined for anything else. */
export function mediaAt(core: SimulatorCore, url: URL): Media | undefined {
	if (url.origin !== new URL(core.baseUrl).origin) return undefined;
	return mediaAtPath(core, url.pathname);
}
