import { z } from 'zod';
import type { RequestOptions, RostroTransport } from '../http.js';
import { type Page, type PagePosition, PageWalk } from '../pagination.js';
import { path } from '../path.js';
import {
	ignoredBody,
	type Member,
	memberSchema,
	optionalNumber,
	optionalText,
	type ProjectNode,
	projectNodeSchema,
} from '../schemas.js';

/** A follow list arrives under `follows`, `followers` or `nodes`, depending on the route and its age. */
const memberPageSchema = z
	.looseObject({
		count: optionalNumber,
		follows: z.array(memberSchema).nullish(),
		followers: z.array(memberSchema).nullish(),
		nodes: z.array(memberSchema).nullish(),
	})
	.refine((body) => body.follows ?? body.followers ?? body.nodes, {
		message: 'expected follows, followers or nodes',
		path: ['follows'],
	})
	.transform(
		(body): Page<Member> => ({
			items: body.follows ?? body.followers ?? body.nodes ?? [],
			count: body.count,
			page: undefined,
			cursor: undefined,
		}),
	);

const timelineSchema = z
	.looseObject({
		data: z.looseObject({
			nodes: z.array(projectNodeSchema),
			count: optionalNumber,
			cursor: optionalText,
			page: optionalNumber,
		}),
	})
	.transform(
		({ data }): Page<ProjectNode> => ({ items: data.nodes, count: data.count, cursor: data.cursor, page: data.page }),
	);

export interface TimelineQuery {
	/** Page size. */
	first?: number;
	/** Counted from 1. */
	page?: number;
	nsfw?: boolean;
	cursor?: string;
}

/** Following members and tags, and what they publish. */
export class FollowResource {
	constructor(private readonly transport: RostroTransport) {}

	/** Follows a member. */
	async followUser(userName: string, options?: RequestOptions): Promise<void> {
		return this.#change('POST', path`/api/follow/${userName}`, options);
	}

	/** Stops following a member. */
	async unfollowUser(userName: string, options?: RequestOptions): Promise<void> {
		return this.#change('DELETE', path`/api/follow/${userName}`, options);
	}

	/** Follows a tag. */
	async followTag(tag: string, options?: RequestOptions): Promise<void> {
		return this.#change('POST', path`/follow/tag/${tag}`, options);
	}

	/** Stops following a tag. */
	async unfollowTag(tag: string, options?: RequestOptions): Promise<void> {
		return this.#change('DELETE', path`/follow/tag/${tag}`, options);
	}

	/** One page of the members `userName` follows. */
	async follows(userName: string, page = 1, options?: RequestOptions): Promise<Page<Member>> {
		return this.#members(path`/api/follows/${userName}`, page, options);
	}

	/** Walks the members `userName` follows. */
	followsPages(userName: string, options?: RequestOptions): PageWalk<Member> {
		return new PageWalk(({ page }: PagePosition) => this.follows(userName, page, options));
	}

	/** One page of the members who follow `userName`. */
	async followers(userName: string, page = 1, options?: RequestOptions): Promise<Page<Member>> {
		return this.#members(path`/api/followers/${userName}`, page, options);
	}

	/** Walks the members who follow `userName`. */
	followersPages(userName: string, options?: RequestOptions): PageWalk<Member> {
		return new PageWalk(({ page }: PagePosition) => this.followers(userName, page, options));
	}

	/** One page of what the token's account follows; needs a token. */
	timeline(query: TimelineQuery = {}, options?: RequestOptions): Promise<Page<ProjectNode>> {
		return this.transport.request(
			{
				method: 'GET',
				path: '/api/timeline/v1',
				query: { first: query.first, page: query.page, nsfw: query.nsfw, cursor: query.cursor },
				schema: timelineSchema,
				retry: 'idempotent',
			},
			options,
		);
	}

	/** Walks the timeline page by page, following Rostro's cursor when it gives one. */
	timelinePages(query: TimelineQuery = {}, options?: RequestOptions): PageWalk<ProjectNode> {
		const fetchPage = ({ page, cursor }: PagePosition) => this.timeline({ ...query, page, cursor }, options);
		return new PageWalk(fetchPage, { page: query.page, cursor: query.cursor }, query.first);
	}

	#members(route: string, page: number, options: RequestOptions | undefined): Promise<Page<Member>> {
		return this.transport.request(
			{ method: 'GET', path: route, query: { page }, schema: memberPageSchema, retry: 'idempotent' },
			options,
		);
	}

	#change(method: 'POST' | 'DELETE', route: string, options: RequestOptions | undefined): Promise<void> {
		return this.transport.request({ method, path: route, schema: ignoredBody, retry: 'never' }, options);
	}
}
