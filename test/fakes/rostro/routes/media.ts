import { mediaAtPath } from '../media-store.js';
import { bytes, detailError } from '../replies.js';
import type { Router } from '../router.js';

/** The simulator's stand-in for Rostro's CDN: job results, gallery images, avatars. No token needed. */
export function mediaRoutes(router: Router): void {
	for (const path of ['/media/:file', '/media/:folder/:file']) {
		router.get(path, 'public', (context) => {
			const media = mediaAtPath(context.core, context.path);
			if (!media) throw detailError(404, 'Not Found');
			return bytes(media.bytes, media.contentType);
		});
	}
}
