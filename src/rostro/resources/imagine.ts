import { z } from 'zod';
import type { RequestOptions, RostroTransport } from '../http.js';
import { type Page, type PagePosition, PageWalk } from '../pagination.js';
import { type ImagineJob, imagineJobSchema, optionalText } from '../schemas.js';

/** What `/imagine` can make; Rostro answers anything else with 422. */
export type GenerationType =
	| 'text_to_image'
	| 'image_to_image'
	| 'text_to_video'
	| 'text_to_music'
	| 'text_to_speech'
	| 'text_to_sound_effect';

export interface ImagineRequest {
	prompt: string;
	generationType: GenerationType;
	width?: number;
	height?: number;
	model?: string;
}

export interface ImagineCreateOptions extends RequestOptions {
	/** Answer at once with a pending job to poll with `check`, instead of when it is done. */
	returnImmediate?: boolean;
}

export interface ImagineHistoryQuery {
	/** Page size; Rostro's default is 10. */
	first?: number;
	/** Only generated media, not uploads. */
	generatedOnly?: boolean;
	cursor?: string;
}

const historySchema = z
	.looseObject({ items: z.array(imagineJobSchema), cursor: optionalText })
	.transform(
		(body): Page<ImagineJob> => ({ items: body.items, cursor: body.cursor, page: undefined, count: undefined }),
	);

const deletionSchema = z
	.looseObject({
		successes: z.array(z.unknown()).nullish(),
		failures: z.array(z.unknown()).nullish(),
	})
	.nullish()
	.transform((body) => ({
		/** The uuids (or Rostro's records of them) that were deleted. */
		successes: body?.successes ?? [],
		failures: body?.failures ?? [],
	}));

/** What a history deletion did. */
export type ImagineDeletion = z.output<typeof deletionSchema>;

/** Image, video, music and sound generation. */
export class ImagineResource {
	constructor(private readonly transport: RostroTransport) {}

	/** Starts a generation; it costs credits, so it is never repeated blindly. */
	create(request: ImagineRequest, options: ImagineCreateOptions = {}): Promise<ImagineJob> {
		const { returnImmediate, ...requestOptions } = options;
		const body = {
			prompt: request.prompt,
			generation_type: request.generationType,
			width: request.width,
			height: request.height,
			model: request.model,
		};
		return this.transport.request(
			{
				method: 'POST',
				path: '/imagine',
				query: { return_immediate: returnImmediate },
				body,
				schema: imagineJobSchema,
				retry: 'never',
				timeout: 'generation',
			},
			requestOptions,
		);
	}

	/** The job as it stands; poll until its status is `done` or `failed`. */
	check(uuid: string, options?: RequestOptions): Promise<ImagineJob> {
		return this.transport.request(
			{
				method: 'POST',
				path: '/imagine/check',
				body: { generation_uuid: uuid },
				schema: imagineJobSchema,
				retry: 'idempotent',
			},
			options,
		);
	}

	/** One page of the account's generations, newest first. */
	history(query: ImagineHistoryQuery = {}, options?: RequestOptions): Promise<Page<ImagineJob>> {
		const body = { first: query.first, generated_only: query.generatedOnly, cursor: query.cursor };
		return this.transport.request(
			{ method: 'POST', path: '/imagine/history', body, schema: historySchema, retry: 'idempotent' },
			options,
		);
	}

	/** Walks the account's generations page by page, following Rostro's cursor. */
	historyPages(query: ImagineHistoryQuery = {}, options?: RequestOptions): PageWalk<ImagineJob> {
		const fetchPage = ({ cursor }: PagePosition) => this.history({ ...query, cursor }, options);
		return new PageWalk(fetchPage, { cursor: query.cursor }, query.first);
	}

	/** Deletes generations from the account's history. */
	delete(uuids: string[], options?: RequestOptions): Promise<ImagineDeletion> {
		return this.transport.request(
			{ method: 'POST', path: '/imagine/history/delete', body: { uuids }, schema: deletionSchema, retry: 'never' },
			options,
		);
	}
}
