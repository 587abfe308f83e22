import type { AccountContext, RequestContext } from '../context.js';
import { uuidFrom } from '../hash.js';
import { resolveImage } from '../image-input.js';
import { galleryImageUrl } from '../media-store.js';
import { detailError, json, validationError } from '../replies.js';
import type { Router } from '../router.js';
import type { GalleryImage } from '../state.js';
import { bodyObject, fields, parseFields, queryObject } from '../validation.js';
import { projectFromPath } from './projects.js';

function imageUrl(context: RequestContext, image: GalleryImage): string {
	return galleryImageUrl(context.core.baseUrl, image.uuid, image.kind);
}

async function upload(context: AccountContext) {
	const body = parseFields('body', bodyObject(context.body), {
		image: fields.requiredText(),
		project_id: fields.requiredInteger(),
		caption: fields.text('', 500),
	});
	const project = context.core.data.projects.get(body.project_id);
	if (!project) throw detailError(404, 'Project not found');
	if (project.creator !== context.user.userName) throw detailError(403, 'Only the creator can add to this gallery');

	const image = await resolveImage(context.core, body.image);
	if (!image) {
		const msg = 'Value error, image must be a PNG, JPEG, WEBP or GIF as a data URL or base64';
		throw validationError([{ type: 'value_error', loc: ['body', 'image'], msg, input: body.image.slice(0, 64) }]);
	}

	const uuid = uuidFrom(`upload:${context.core.nextSerial()}:${project.id}`);
	const stored: GalleryImage = {
		uuid,
		projectId: project.id,
		uploader: context.user.userName,
		bytes: image.bytes,
		kind: image.kind,
		nsfw: false,
		caption: body.caption,
		createdAt: new Date().toISOString(),
	};
	context.core.data.gallery.set(uuid, stored);
	return json({ uuid, primary_image_path: imageUrl(context, stored), user_owned: true });
}

function projectGallery(context: RequestContext) {
	const project = projectFromPath(context);
	const query = parseFields('query', queryObject(context.query), {
		page: fields.integer(1, { min: 1 }),
		limit: fields.integer(24, { min: 1, max: 100 }),
		nsfw: fields.boolean(true),
		count: fields.boolean(true),
	});

	const images = [...context.core.data.gallery.values()]
		.filter((image) => image.projectId === project.id && (query.nsfw || !image.nsfw))
		.sort((left, right) => left.createdAt.localeCompare(right.createdAt) || left.uuid.localeCompare(right.uuid));
	const start = (query.page - 1) * query.limit;
	const nodes = images.slice(start, start + query.limit).map((image) => ({
		uuid: image.uuid,
		primary_image_path: imageUrl(context, image),
		nsfw_image: image.nsfw,
	}));
	return json({ nodes, ...(query.count ? { count: images.length } : {}), page: query.page });
}

function remove(context: AccountContext) {
	const image = context.core.data.gallery.get(context.params.uuid ?? '');
	if (!image) throw detailError(404, 'Image not found');

	const project = context.core.data.projects.get(image.projectId);
	const allowed = image.uploader === context.user.userName || project?.creator === context.user.userName;
	if (!allowed) throw detailError(403, 'You do not own this image');

	context.core.data.gallery.delete(image.uuid);
	return json({ success: true });
}

/** Gallery upload, listing per project, and deletion. */
export function galleryRoutes(router: Router): void {
	router.post('/api/gallery/upload', 'token', upload);
	router.get('/api/gallery/project/:id', 'public', projectGallery);
	router.delete('/api/gallery/:uuid', 'token', remove);
}
