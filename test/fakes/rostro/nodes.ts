import { favoriteCount, type Project, type SimulatorData, type User } from './state.js';

/** What shaping a project into Rostro's `Node` needs to know. */
export interface NodeView {
	data: SimulatorData;
	baseUrl: string;
	viewer: User | undefined;
	/** Include the definition (`?full=true` on a project fetch); search results never do. */
	full?: boolean;
}

/** Rostro's approximation of a project's token count: about four characters each. */
export function tokenCount(project: Project): number {
	const definition = project.definition;
	const text = [
		definition.personality,
		definition.tavern_personality,
		definition.scenario,
		definition.first_message,
		definition.example_dialogs,
		definition.system_prompt,
		JSON.stringify(definition.embedded_lorebook ?? ''),
	].join('');
	return Math.ceil(text.length / 4);
}

/** The `fullPath` of a project: `creator/slug`, lorebooks prefixed with their space. */
export function fullPath(project: Project): string {
	const path = `${project.creator}/${project.slug}`;
	return project.space === 'characters' ? path : `${project.space}/${path}`;
}

/** Where the simulator serves a project's small avatar. Limitation: PNG, where Rostro serves webp. */
export function avatarUrl(baseUrl: string, project: Project): string {
	return `${baseUrl}/media/avatars/${project.id}.png`;
}

/** A project in Rostro's `Node` shape, camelCase and snake_case mixed as the live API does. */
export function toNode(project: Project, view: NodeView): Record<string, unknown> {
	return {
		id: project.id,
		name: project.name,
		fullPath: fullPath(project),
		tagline: project.tagline,
		description: project.description,
		topics: project.topics,
		starCount: project.downloads,
		n_favorites: favoriteCount(view.data, project),
		rating: project.rating,
		ratingCount: project.ratingCount,
		nTokens: tokenCount(project),
		nChats: project.nChats,
		nMessages: project.nMessages,
		createdAt: project.createdAt,
		lastActivityAt: project.lastActivityAt,
		avatar_url: avatarUrl(view.baseUrl, project),
		max_res_url: `${view.baseUrl}/media/cards/${project.id}.png`,
		nsfw_image: project.nsfw,
		projectSpace: project.space,
		related_lorebooks: project.relatedLorebooks,
		definition: view.full ? project.definition : null,
		permissions: view.viewer?.userName === project.creator ? 'write' : 'read',
	};
}

/** Where the simulator serves a user's avatar. */
export function userAvatarUrl(baseUrl: string, userName: string): string {
	return `${baseUrl}/media/users/${encodeURIComponent(userName)}.png`;
}
