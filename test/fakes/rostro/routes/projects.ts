import type { AccountContext, RequestContext } from '../context.js';
import { toNode } from '../nodes.js';
import { detailError, json } from '../replies.js';
import type { Router } from '../router.js';
import { canSee, findProjectByPath, type Project, type ProjectSpace } from '../state.js';
import { bodyObject, fields, parseFields, queryObject } from '../validation.js';

const spaces: readonly ProjectSpace[] = ['characters', 'lorebooks'];
const SIMILAR_LIMIT = 10;

function projectNotFound(): never {
	throw detailError(404, 'Project not found');
}

function spaceParam(context: RequestContext): ProjectSpace {
	const space = context.params.space ?? 'characters';
	if (!(spaces as readonly string[]).includes(space)) throw detailError(404, 'Not Found');
	return space as ProjectSpace;
}

/** The visible project with the id in the path (`:id`), or a 404. */
export function projectFromPath(context: RequestContext, name = 'id'): Project {
	const { [name]: id } = parseFields('path', context.params, { [name]: fields.requiredInteger() });
	const project = context.core.data.projects.get(id ?? 0);
	if (!project || !canSee(project, context.user)) projectNotFound();
	return project;
}

function projectAnswer(context: RequestContext, project: Project) {
	const { full } = parseFields('query', queryObject(context.query), { full: fields.boolean(false) });
	const { data, baseUrl } = context.core;
	return json({
		node: toNode(project, { data, baseUrl, viewer: context.user, full }),
		is_favorite: context.user?.favorites.has(project.id) ?? false,
		permissions: context.user?.userName === project.creator ? 'write' : 'read',
		errors: null,
		nodes: {},
	});
}

function byPath(context: RequestContext) {
	const { creator = '', slug = '' } = context.params;
	const project = findProjectByPath(context.core.data, spaceParam(context), creator, slug);
	if (!project || !canSee(project, context.user)) projectNotFound();
	return projectAnswer(context, project);
}

function byId(context: RequestContext) {
	const space = spaceParam(context);
	const project = projectFromPath(context);
	if (project.space !== space) projectNotFound();
	return projectAnswer(context, project);
}

function similar(context: RequestContext) {
	const source = projectFromPath(context);
	const flags = parseFields('path', context.params, {
		no_nsfl: fields.boolean(false),
		no_nsfw: fields.boolean(false),
	});
	const sourceTopics = new Set(source.topics);
	const shared = (project: Project) => project.topics.filter((topic) => sourceTopics.has(topic)).length;
	const allowed = (project: Project) =>
		!(flags.no_nsfw && project.nsfw) && !(flags.no_nsfl && project.topics.includes('NSFL'));
	const candidate = (project: Project) =>
		project.id !== source.id && project.space === source.space && canSee(project, context.user);

	const { data, baseUrl } = context.core;
	const nodes = [...data.projects.values()]
		.filter((project) => candidate(project) && allowed(project) && shared(project) > 0)
		.sort((left, right) => shared(right) - shared(left) || right.downloads - left.downloads)
		.slice(0, SIMILAR_LIMIT)
		.map((project) => toNode(project, { data, baseUrl, viewer: context.user }));
	return json({ nodes });
}

function setFavorite(context: AccountContext, favorite: boolean) {
	const project = projectFromPath(context);
	if (favorite) context.user.favorites.add(project.id);
	else context.user.favorites.delete(project.id);
	return json({});
}

function report(context: AccountContext) {
	const body = parseFields('body', bodyObject(context.body), {
		project_id: fields.requiredInteger(),
		reason: fields.requiredText(2_000),
	});
	const project = context.core.data.projects.get(body.project_id);
	if (!project || !canSee(project, context.user)) projectNotFound();

	const reporter = context.user.userName;
	context.core.data.reports.push({ projectId: project.id, reporter, reason: body.reason, receivedAt: Date.now() });
	return json({ success: true });
}

/** Favourites, similar projects and reports. */
export function projectActionRoutes(router: Router): void {
	router.post('/api/favorites/:id', 'token', (context) => setFavorite(context, true));
	router.delete('/api/favorites/:id', 'token', (context) => setFavorite(context, false));
	router.get('/api/projects/similar/:id/:no_nsfl/:no_nsfw', 'public', similar);
	router.post('/api/reports', 'token', report);
}

/**
 * Project fetches by path or id. They match almost any `/api/x/y(/z)` path, so they are
 * registered after every more specific route.
 */
export function projectFetchRoutes(router: Router): void {
	router.get('/api/public/:space/:creator/:slug', 'public', byPath);
	router.get('/api/public/:space/:id', 'public', byId);
	router.get('/api/:space/:creator/:slug', 'public', byPath);
	router.get('/api/:space/:id', 'public', byId);
}
