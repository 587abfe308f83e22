import type { AccountContext, RequestContext } from '../context.js';
import { toNode, userAvatarUrl } from '../nodes.js';
import { takePage } from '../paging.js';
import { detailError, json } from '../replies.js';
import type { Router } from '../router.js';
import { canSee, type Project, type User } from '../state.js';
import { fields, parseFields, queryObject } from '../validation.js';

const FOLLOW_PAGE_SIZE = 20;

function userFromPath(context: RequestContext): User {
	const user = context.core.data.users.get(context.params.username ?? '');
	if (!user) throw detailError(404, 'User not found');
	return user;
}

function profile(context: RequestContext) {
	const owner = userFromPath(context);
	const query = parseFields('query', queryObject(context.query), {
		include_projects: fields.boolean(false),
		nsfw: fields.boolean(true),
		nsfl: fields.boolean(true),
		exclude_mine: fields.boolean(false),
	});
	const { data, baseUrl } = context.core;
	const base = {
		id: owner.id,
		user_name: owner.userName,
		avatar_url: userAvatarUrl(baseUrl, owner.userName),
		bio: owner.bio,
	};
	if (!query.include_projects) return json(base);

	const visible = (project: Project) =>
		project.creator === owner.userName &&
		canSee(project, context.user) &&
		!(query.exclude_mine && !project.isPublic) &&
		!(!query.nsfw && project.nsfw) &&
		!(!query.nsfl && project.topics.includes('NSFL'));
	const nodes = [...data.projects.values()]
		.filter(visible)
		.sort((left, right) => Date.parse(right.createdAt) - Date.parse(left.createdAt))
		.map((project) => toNode(project, { data, baseUrl, viewer: context.user }));
	return json({ ...base, projects: { count: nodes.length, nodes } });
}

function setFollow(context: AccountContext, follow: boolean) {
	const target = userFromPath(context);
	if (target.userName === context.user.userName) throw detailError(400, 'You cannot follow yourself');

	if (follow) context.user.followsUsers.add(target.userName);
	else context.user.followsUsers.delete(target.userName);
	return json({});
}

function setTagFollow(context: AccountContext, follow: boolean) {
	const tag = context.params.tag ?? '';
	if (follow) context.user.followsTags.add(tag);
	else context.user.followsTags.delete(tag);
	return json({});
}

function followPage(context: AccountContext, names: string[], listName: 'follows' | 'followers') {
	const { page } = parseFields('query', queryObject(context.query), { page: fields.integer(1, { min: 1 }) });
	const start = (page - 1) * FOLLOW_PAGE_SIZE;
	const items = names
		.sort()
		.slice(start, start + FOLLOW_PAGE_SIZE)
		.map((name) => ({ user_name: name, avatar_url: userAvatarUrl(context.core.baseUrl, name) }));
	return json({ count: names.length, [listName]: items });
}

function follows(context: AccountContext) {
	return followPage(context, [...userFromPath(context).followsUsers], 'follows');
}

function followers(context: AccountContext) {
	const target = userFromPath(context);
	const names = [...context.core.data.users.values()]
		.filter((user) => user.followsUsers.has(target.userName))
		.map((user) => user.userName);
	return followPage(context, names, 'followers');
}

function inTimeline(project: Project, viewer: User): boolean {
	if (project.creator === viewer.userName || !project.isPublic) return false;
	if (viewer.blockedUsers.has(project.creator)) return false;

	// Tags are matched without case, as Rostro's tag pages are.
	const followedTags = new Set([...viewer.followsTags].map((tag) => tag.toLowerCase()));
	const tagged = project.topics.some((topic) => followedTags.has(topic.toLowerCase()));
	return tagged || viewer.followsUsers.has(project.creator);
}

function timeline(context: AccountContext) {
	const query = parseFields('query', queryObject(context.query), {
		first: fields.integer(20, { min: 1, max: 500 }),
		page: fields.integer(1, { min: 1 }),
		nsfw: fields.boolean(true),
		cursor: fields.optionalText(),
	});
	const { data, baseUrl } = context.core;
	const entries = [...data.projects.values()]
		.filter((project) => inTimeline(project, context.user) && (query.nsfw || !project.nsfw))
		.sort((left, right) => Date.parse(right.createdAt) - Date.parse(left.createdAt) || right.id - left.id);

	const { items, cursor } = takePage(entries, query);
	const nodes = items.map((project) => toNode(project, { data, baseUrl, viewer: context.user }));
	return json({ data: { count: entries.length, cursor, nodes } });
}

/** Profiles, following users and tags, follow lists and the timeline. */
export function socialRoutes(router: Router): void {
	router.get('/api/users/:username', 'public', profile);
	router.post('/api/follow/:username', 'token', (context) => setFollow(context, true));
	router.delete('/api/follow/:username', 'token', (context) => setFollow(context, false));
	router.post('/follow/tag/:tag', 'token', (context) => setTagFollow(context, true));
	router.delete('/follow/tag/:tag', 'token', (context) => setTagFollow(context, false));
	router.get('/api/follows/:username', 'token', follows);
	router.get('/api/followers/:username', 'token', followers);
	router.get('/api/timeline/v1', 'token', timeline);
}
