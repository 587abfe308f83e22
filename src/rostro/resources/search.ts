import { z } from 'zod';
import type { QueryValue, RequestOptions, RostroTransport } from '../http.js';
import { type Page, PageWalk } from '../pagination.js';
import { nodeListSchema, optionalNumber, optionalText, type ProjectNode, projectNodeSchema } from '../schemas.js';

/** The sort orders Rostro accepts; anything else is a 400. */
export const searchSorts = [
	'download_count',
	'id',
	'rating',
	'rating_count',
	'last_activity_at',
	'trending_downloads',
	'n_favorites',
	'created_at',
	'star_count',
	'msgs_chat',
	'msgs_user',
	'chats_user',
	'name',
	'timeline',
	'n_tokens',
	'random',
	'trending',
	'newcomer',
	'favorite_time',
	'ai_rating',
	'public_chats',
	'default',
] as const;

export type SearchSort = (typeof searchSorts)[number];

/** Every query parameter of `GET /search`. */
export interface SearchQuery {
	/** Full-text search, at most 300 characters. */
	search?: string;
	/** Page size: 40 by default, at most 500. */
	first?: number;
	/** Counted from 1. */
	page?: number;
	cursor?: string;
	sort?: SearchSort;
	asc?: boolean;
	nsfw?: boolean;
	nsfl?: boolean;
	tags?: string[];
	excludeTags?: string[];
	/** `characters`, `lorebooks`, … */
	namespace?: string;
	/** Only projects by this creator. */
	username?: string;
	minTokens?: number;
	maxTokens?: number;
	includeForks?: boolean;
	/** Whether Rostro should count the results; `count` is 0 or missing when false. */
	count?: boolean;
}

const searchPageSchema = z
	.looseObject({
		data: z.looseObject({
			nodes: z.array(projectNodeSchema),
			count: optionalNumber,
			page: optionalNumber,
			cursor: optionalText,
		}),
	})
	.transform(({ data }) => ({ items: data.nodes, count: data.count, page: data.page, cursor: data.cursor }));

/** A project as the name-only search (autocomplete) lists it. */
const miniNodeSchema = z
	.looseObject({
		id: z.number().int(),
		name: z.string(),
		fullPath: optionalText,
		avatar_url: optionalText,
		tagline: optionalText,
	})
	.transform((node) => ({
		id: node.id,
		name: node.name,
		fullPath: node.fullPath ?? '',
		avatarUrl: node.avatar_url,
		tagline: node.tagline ?? '',
	}));
export type MiniNode = z.output<typeof miniNodeSchema>;

// The reference gives `count`; the live API's tag model gives `non_private_projects_count`.
const tagSchema = z
	.looseObject({
		name: z.string(),
		title: optionalText,
		count: optionalNumber,
		non_private_projects_count: optionalNumber,
		followers_count: optionalNumber,
	})
	.transform((tag) => ({
		name: tag.name,
		title: tag.title,
		count: tag.count ?? tag.non_private_projects_count ?? 0,
		followers: tag.followers_count,
	}));
export type Tag = z.output<typeof tagSchema>;

const tagsSchema = z.looseObject({ tags: z.array(tagSchema) }).transform((body) => body.tags);

/** Search and discovery. */
export class SearchResource {
	constructor(private readonly transport: RostroTransport) {}

	/** One page of search results. */
	search(query: SearchQuery, options?: RequestOptions): Promise<Page<ProjectNode>> {
		return this.transport.request(
			{ method: 'GET', path: '/search', query: toSearchParams(query), schema: searchPageSchema, retry: 'idempotent' },
			options,
		);
	}

	/** Walks the results page by page from `query.page` (or the first), stopping at the last. */
	pages(query: SearchQuery, options?: RequestOptions): PageWalk<ProjectNode> {
		const fetchPage = ({ page, cursor }: { page: number; cursor: string | undefined }) =>
			this.search({ ...query, page, cursor }, options);
		return new PageWalk(fetchPage, { page: query.page, cursor: query.cursor }, query.first ?? DEFAULT_PAGE_SIZE);
	}

	/** Projects whose names match, for autocomplete. */
	minisearch(query: string, options?: RequestOptions): Promise<MiniNode[]> {
		return this.transport.request(
			{
				method: 'POST',
				path: '/minisearch',
				body: { query },
				schema: nodeListSchema(miniNodeSchema),
				retry: 'idempotent',
			},
			options,
		);
	}

	/** Every tag with how many projects carry it, optionally within one namespace. */
	tags(namespace?: string, options?: RequestOptions): Promise<Tag[]> {
		const body = namespace === undefined ? {} : { namespace };
		return this.transport.request(
			{ method: 'POST', path: '/tags', body, schema: tagsSchema, retry: 'idempotent' },
			options,
		);
	}
}

const DEFAULT_PAGE_SIZE = 40;

/** Maps the typed query to Rostro's parameter names; lists become comma-separated. */
export function toSearchParams(query: SearchQuery): Record<string, QueryValue> {
	return {
		search: query.search,
		first: query.first,
		page: query.page,
		cursor: query.cursor,
		sort: query.sort,
		asc: query.asc,
		nsfw: query.nsfw,
		nsfl: query.nsfl,
		tags: commaList(query.tags),
		exclude_tags: commaList(query.excludeTags),
		namespace: query.namespace,
		username: query.username,
		min_tokens: query.minTokens,
		max_tokens: query.maxTokens,
		include_forks: query.includeForks,
		count: query.count,
	};
}

function commaList(values: string[] | undefined): string | undefined {
	return values && values.length > 0 ? values.join(',') : undefined;
}
