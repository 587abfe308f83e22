import { z } from 'zod';
import type { RequestOptions, RostroTransport } from '../http.js';
import { type Page, type PagePosition, PageWalk } from '../pagination.js';
import { path } from '../path.js';
import { flag, ignoredBody, optionalNumber, optionalText, text } from '../schemas.js';

export interface GalleryUpload {
	/** A data URL (`data:image/png;base64,…`) or an image URL. */
	image: string;
	projectId: number;
	caption?: string;
}

export interface GalleryQuery {
	/** Counted from 1. */
	page?: number;
	/** Page size; Rostro's default is 24. */
	limit?: number;
	nsfw?: boolean;
}

const uploadSchema = z
	.looseObject({ uuid: z.string(), primary_image_path: text, user_owned: flag })
	.transform((image) => ({ uuid: image.uuid, imageUrl: image.primary_image_path, userOwned: image.user_owned }));

/** An image just added to a gallery. */
export type GalleryUploadResult = z.output<typeof uploadSchema>;

const galleryImageSchema = z
	.looseObject({ uuid: z.string(), primary_image_path: text, nsfw_image: flag, caption: optionalText })
	.transform((image) => ({
		uuid: image.uuid,
		imageUrl: image.primary_image_path,
		nsfw: image.nsfw_image,
		caption: image.caption,
	}));

/** An image in a project's gallery. */
export type GalleryImage = z.output<typeof galleryImageSchema>;

const galleryPageSchema = z
	.looseObject({ nodes: z.array(galleryImageSchema), count: optionalNumber, page: optionalNumber })
	.transform(
		(body): Page<GalleryImage> => ({ items: body.nodes, count: body.count, page: body.page, cursor: undefined }),
	);

/** Project galleries. */
export class GalleryResource {
	constructor(private readonly transport: RostroTransport) {}

	/** Adds an image to a project's gallery; not repeated, so that it is never added twice. */
	upload(upload: GalleryUpload, options?: RequestOptions): Promise<GalleryUploadResult> {
		const body = { image: upload.image, project_id: upload.projectId, caption: upload.caption };
		return this.transport.request(
			{
				method: 'POST',
				path: '/api/gallery/upload',
				body,
				schema: uploadSchema,
				retry: 'never',
				timeout: 'generation',
			},
			options,
		);
	}

	/** One page of a project's gallery. */
	async listByProject(
		projectId: number,
		query: GalleryQuery = {},
		options?: RequestOptions,
	): Promise<Page<GalleryImage>> {
		return this.transport.request(
			{
				method: 'GET',
				path: path`/api/gallery/project/${projectId}`,
				query: { page: query.page, limit: query.limit, nsfw: query.nsfw },
				schema: galleryPageSchema,
				retry: 'idempotent',
			},
			options,
		);
	}

	/** Walks a project's gallery page by page. */
	pagesByProject(projectId: number, query: GalleryQuery = {}, options?: RequestOptions): PageWalk<GalleryImage> {
		const fetchPage = ({ page }: PagePosition) => this.listByProject(projectId, { ...query, page }, options);
		return new PageWalk(fetchPage, { page: query.page }, query.limit);
	}

	/** Deletes an image, or with `projectId` only removes it from that project's gallery. */
	async delete(uuid: string, projectId?: number, options?: RequestOptions): Promise<void> {
		return this.transport.request(
			{
				method: 'DELETE',
				path: path`/api/gallery/${uuid}`,
				query: { projectId },
				schema: ignoredBody,
				retry: 'never',
			},
			options,
		);
	}
}
