import type { RequestContext } from '../context.js';
import { hashText } from '../hash.js';
import { avatarUrl, fullPath, tokenCount, toNode } from '../nodes.js';
import { takePage } from '../paging.js';
import { detailError, json } from '../replies.js';
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
		const accepted = sortValues.join(', ');
		throw detailError(400, `Invalid sort '${parsed.sort}'. Accepted values: ${accepted}`);
	}
	return { ...parsed, sort: parsed.sort as SortValue };
}

const lower = (values: string[]) => values.map((value) => value.toLowerCase());

function hasTopic(project: Project): (tag: string) => boolean {
	const topics = lower(project.topics);
	return (tag) => topics.includes(tag);
}

function textMatches(project: Project, search: string): boolean {
	const words = lower(search.split(/\s+/).filter(Boolean));
	const searchable = [project.name, project.tagline, project.description, project.creator, ...project.topics];
	const haystack = searchable.join(' ').toLowerCase();
	return words.every((word) => haystack.includes(word));
}

function withinTokens(project: Project, query: SearchQuery): boolean {
	const tokens = tokenCount(project);
	const max = query.max_tokens ?? Number.POSITIVE_INFINITY;
	return tokens >= (query.min_tokens ?? 0) && tokens <= max;
}

/** Hides what the viewer blocked with `/api/account/block/…`. */
function notBlocked(project: Project, viewer: User | undefined): boolean {
	if (!viewer) return true;
	if (viewer.blockedUsers.has(project.creator)) return false;

	const has = hasTopic(project);
	return ![...viewer.blockedTags].some((tag) => has(tag.toLowerCase()));
}

function byCreator(project: Project, username: string | undefined): boolean {
	return !username || project.creator.toLowerCase() === username.toLowerCase();
}

function matchesQuery(project: Project, query: SearchQuery, viewer: User | undefined): boolean {
	const has = hasTopic(project);
	if (!canSee(project, viewer) || project.space !== query.namespace) return false;
	if ((!query.nsfw && project.nsfw) || (!query.nsfl && has('nsfl'))) return false;
	if (!lower(query.tags).every(has) || lower(query.exclude_tags).some(has)) return false;
	if (!byCreator(project, query.username) || !withinTokens(project, query)) return false;
	return textMatches(project, query.search) && notBlocked(project, viewer);
}

function sorted(projects: Project[], query: SearchQuery, data: SimulatorData): Project[] {
	const key = sortKeys[query.sort];
	const direction = query.asc ? 1 : -1;
	return [...projects].sort((left, right) => {
		const [a, b] = [key(left, data), key(right, data)];
		if (a !== b) return (a < b ? -1 : 1) * direction;
		return (left.id - right.id) * direction; // ties follow the id, so pages never overlap
	});
}

function search(context: RequestContext) {
	const query = parseSearchQuery(context.query);
	const { data, baseUrl } = context.core;
	const matching = [...data.projects.values()].filter((project) => matchesQuery(project, query, context.user));
	const { items, page, cursor } = takePage(sorted(matching, query, data), query);

	const nodes = items.map((project) => toNode(project, { data, baseUrl, viewer: context.user }));
	const counted = query.count ? { count: matching.length } : {};
	return json({ data: { ...counted, page, cursor, nodes } });
}

const MINISEARCH_LIMIT = 10;

function minisearch(context: RequestContext) {
	const { query } = parseFields('body', bodyObject(context.body), { query: fields.requiredText(300) });
	const { data, baseUrl } = context.core;
	const needle = query.toLowerCase();
	const named = (project: Project) => project.name.toLowerCase().includes(needle);
	const nodes = [...data.projects.values()]
		.filter((project) => canSee(project, context.user) && named(project))
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
