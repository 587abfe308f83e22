import { encodeSegment } from '../rostro/index.js';

/**
 * Rostro's website, where the links in embeds lead. Limitation: the API does not say where its
 * pages live; these follow the site's public paths (`/characters/creator/slug`,
 * `/users/name`) and change here if the site moves them.
 */
export const ROSTRO_SITE = 'https://rostro.dev';

function sitePath(segments: string[]): string {
	return `${ROSTRO_SITE}/${segments.map(encodeSegment).join('/')}`;
}

/** The page of a project: `characters/creator/slug`, or the space its `fullPath` names. */
export function projectUrl(fullPath: string): string {
	const segments = fullPath.split('/').filter(Boolean);
	return segments.length > 2 ? sitePath(segments) : sitePath(['characters', ...segments]);
}

/** A creator's profile page. */
export function creatorUrl(userName: string): string {
	return sitePath(['users', userName]);
}
