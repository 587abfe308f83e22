import type { RequestContext } from '../context.js';
import { hashText } from '../hash.js';
import { avatarUrl, fullPath, tokenCount, toNode } from '../nodes.js';
import { detailError, json, validationError } from '../replies.js';
import type { Router } from '../router.js';
import { canSee, favoriteCount, type Project, type SimulatorData, type User } from '../state.js';
import { bodyObject, fields, parseFields, queryObject } from '../validation.js';

/** The `sort` values Rostro accepts; anything else is a 400 that lists them. */
export const sortValues = [
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

type SortValue = (typeof sortValues)[number];
type SortKey = (project: Project, data: SimulatorData) => number | string;

const byDownloads: SortKey = (project) => project.downloads;
const byCreation: SortKey = (project) => Date.parse(project.createdAt);
const byFavorites: SortKey = (project, data) => favoriteCount(data, project);

/** What each sort orders by; the simulator has no trend data, so trends fall back to downloads. */
const sortKeys: Record<SortValue, SortKey> = {
	download_count: byDownloads,
	star_count: byDownloads,
	trending_downloads: byDownloads,
	trending: (project) => project.downloads * project.rating,
	default: byDownloads,
	id: (project) => project.id,
	rating: (project) => project.rating,
	ai_rating: (project) => project.rating,
	rating_count: (project) => project.ratingCount,
	last_activity_at: (project) => Date.parse(project.lastActivityAt),
	created_at: byCreation,
	newcomer: byCreation,
	timeline: byCreation,
	n_favorites: byFavorites,
	favorite_time: byFavorites,
	msgs_chat: (project) => project.nMessages,
	msgs_user: (project) => project.nMessages,
	chats_user: (project) => project.nChats,
	public_chats: (project) => project.nChats,
	name: (project) => project.name.toLowerCase(),
	n_tokens: (project) => tokenCount(project),
	random: (project) => hashText(`shuffle:${project.id}`), // a fixed shuffle keeps pages stable
};

const searchFields = {
	search: fields.text('', 300),
	first: fields.integer(40, { min: 1, max: 500 }),
	page: fields.integer(1, { min: 1 }),
	cursor: fields.optionalText(),
	sort: fields.text('default'),
	asc: fields.boolean(false),
	nsfw: fields.boolean(true),
	nsfl: fields.boolean(true),
	tags: fields.list(),
	exclude_tags: fields.list(),
	namespace: fields.text('characters'),
	username: fields.optionalText(),
	min_tokens: fields.optionalInteger({ min: 0 }),
	max_tokens: fields.optionalInteger({ min: 0 }),
	include_forks: fields.boolean(true),
	count: fields.boolean(true),
};

type SearchQuery = ReturnType<typeof parseSearchQuery>;

function parseSearchQuery(query: URLSearchParams) {
	const parsed = parseFields('query', queryObject(query), searchFields);
	if (!(sortValues as readonly string[]).includes(parsed.sort)) {
		throw detailError(400, `Invalid sort '${parsed.sort}'. Accepted values: ${sortValues.join(', ')}`);
	}
	return { ...parsed, sort: parsed.sort as SortValue };
}

/** Encodes a position in a result list as an opaque cursor. */
export function encodeCursor(offset: number): string {
	return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

/** The position a cursor stands for; a 422 when it is not one of ours. */
export function decodeCursor(cursor: string): number {
	try {
		const { offset } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { offset: unknown };
		if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
	} catch {
		// falls through to the 422 below: any undecodable cursor is the caller's mistake
	}
	throw validationError([
		{ type: 'value_error', loc: ['query', 'cursor'], msg: 'Value error, invalid cursor', input: cursor },
	]);
}

const lower = (values: string[]) => values.map((value) => value.toLowerCase());

function hasTopic(project: Project): (tag: string) => boolean {
	const topics = lower(project.topics);
	return (tag) => topics.includes(tag);
}

function textMatches(project: Project, search: string): boolean {
	const words = lower(search.split(/\s+/).filter(Boolean));
	const haystack = [project.name, project.tagline, project.description, project.creator, ...project.topics]
		.join(' ')
		.toLowerCase();
	return words.every((word) => haystack.includes(word));
}

function withinTokens(project: Project, query: SearchQuery): boolean {
	const tokens = tokenCount(project);
	return tokens >= (query.min_tokens ?? 0) && tokens <= (query.max_tokens ?? Number.POSITIVE_INFINITY);
}

function notBlocked(project: Project, viewer: User | undefined): boolean {
	if (!viewer) return true;
	if (viewer.blockedUsers.has(project.creator)) return false;
	return !project.topics.some((topic) => viewer.blockedTags.has(topic));
}

function matchesQuery(project: Project, query: SearchQuery, viewer: User | undefined): boolean {
	const has = hasTopic(project);
	if (!canSee(project, viewer) || project.space !== query.namespace) return false;
	if (!query.nsfw && project.nsfw) return false;
	if (!query.nsfl && has('nsfl')) return false;
	if (!lower(query.tags).every(has) || lower(query.exclude_tags).some(has)) return false;
	if (query.username && project.creator.toLowerCase() !== query.username.toLowerCase()) return false;
	return textMatches(project, query.search) && withinTokens(project, query) && notBlocked(project, viewer);
}

function sorted(projects: Project[], query: SearchQuery, data: SimulatorData): Project[] {
	const key = sortKeys[query.sort];
	const direction = query.asc ? 1 : -1;
	return [...projects].sort((left, right) => {
		const [a, b] = [key(left, data), key(right, data)];
		if (a !== b) return (a < b ? -1 : 1) * direction;
		return left.id - right.id; // ties keep a stable order, so pages never overlap
	});
}

function search(context: RequestContext) {
	const query = parseSearchQuery(context.query);
	const { data, baseUrl } = context.core;
	const hits = sorted(
		[...data.projects.values()].filter((project) => matchesQuery(project, query, context.user)),
		query,
		data,
	);

	const offset = query.cursor ? decodeCursor(query.cursor) : (query.page - 1) * query.first;
	const nodes = hits
		.slice(offset, offset + query.first)
		.map((project) => toNode(project, { data, baseUrl, viewer: context.user }));
	const next = offset + query.first < hits.length ? encodeCursor(offset + query.first) : null;
	const page = Math.floor(offset / query.first) + 1;
	const counted = query.count ? { count: hits.length } : {};
	return json({ data: { ...counted, page, cursor: next, nodes } });
}

const MINISEARCH_LIMIT = 10;

function minisearch(context: RequestContext) {
	const { query } = parseFields('body', bodyObject(context.body), { query: fields.requiredText(300) });
	const { data, baseUrl } = context.core;
	const needle = query.toLowerCase();
	const nodes = [...data.projects.values()]
		.filter((project) => canSee(project, context.user) && project.name.toLowerCase().includes(needle))
		.sort((left, right) => right.downloads - left.downloads)
		.slice(0, MINISEARCH_LIMIT)
		.map((project) => ({
			id: project.id,
			name: project.name,
			fullPath: fullPath(project),
			avatar_url: avatarUrl(baseUrl, project),
			tagline: project.tagline,
		}));
	return json({ nodes });
}

function tags(context: RequestContext) {
	const body = context.body === undefined ? {} : bodyObject(context.body);
	const { namespace } = parseFields('body', body, { namespace: fields.optionalText(100) });
	const counts = new Map<string, number>();
	for (const project of context.core.data.projects.values()) {
		if (!project.isPublic || (namespace && project.space !== namespace)) continue;
		for (const topic of project.topics) counts.set(topic, (counts.get(topic) ?? 0) + 1);
	}

	const list = [...counts].map(([name, count]) => ({ name, count }));
	list.sort((left, right) => right.count - left.count || left.name.localeCompare(right.name));
	return json({ tags: list });
}

/** `/search` (GET and POST, same query), `/minisearch` and `/tags`. */
export function searchRoutes(router: Router): void {
	router.get('/search', 'public', search);
	router.post('/search', 'public', search);
	router.post('/minisearch', 'public', minisearch);
	router.post('/tags', 'public', tags);
}
