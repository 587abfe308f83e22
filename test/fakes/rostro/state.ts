import type { ImageKind } from './media/sniff.js';

/** The project spaces the simulator knows; Rostro has more (presets, extensions), the bot uses these. */
export type ProjectSpace = 'characters' | 'lorebooks';

/** A project's definition, with Rostro's field names (see the observed notes for what each holds). */
export interface Definition {
	name: string;
	personality: string;
	tavern_personality: string;
	description: string;
	scenario: string;
	first_message: string;
	example_dialogs: string;
	alternate_greetings: string[];
	system_prompt: string;
	post_history_instructions: string;
	embedded_lorebook: Record<string, unknown> | null;
	extensions: Record<string, unknown>;
}

/** A character or lorebook as the simulator stores it. */
export interface Project {
	id: number;
	space: ProjectSpace;
	creator: string;
	slug: string;
	name: string;
	tagline: string;
	description: string;
	topics: string[];
	nsfw: boolean;
	isPublic: boolean;
	downloads: number;
	/** Favourites from accounts the simulator does not model; seeded users' favourites add to it. */
	favoriteBase: number;
	rating: number;
	ratingCount: number;
	nChats: number;
	nMessages: number;
	createdAt: string;
	lastActivityAt: string;
	relatedLorebooks: number[];
	definition: Definition;
}

/** An account. */
export interface User {
	id: number;
	userName: string;
	email: string;
	credits: number;
	bio: string;
	followsUsers: Set<string>;
	followsTags: Set<string>;
	blockedUsers: Set<string>;
	blockedTags: Set<string>;
	/** Words blocked from comments on the account's pages. */
	blacklist: Set<string>;
	favorites: Set<number>;
}

/** One image in a project's gallery, with the exact bytes uploaded. */
export interface GalleryImage {
	uuid: string;
	projectId: number;
	uploader: string;
	bytes: Buffer;
	kind: ImageKind;
	nsfw: boolean;
	caption: string;
	createdAt: string;
}

/** The kinds of generation `/imagine` accepts. */
export const generationTypes = [
	'text_to_image',
	'image_to_image',
	'text_to_video',
	'text_to_music',
	'text_to_speech',
	'text_to_sound_effect',
] as const;

export type GenerationType = (typeof generationTypes)[number];

/** What a finished job serves. */
export interface Media {
	bytes: Buffer;
	contentType: string;
	extension: string;
}

/** A generation job (imagine, tts, upscale, img2img). */
export interface Job {
	uuid: string;
	owner: string;
	type: GenerationType;
	prompt: string;
	cost: number;
	createdAt: number;
	/** Date.now() from which the job counts as done. */
	readyAt: number;
	/** Rostro's rejection reason, when the job failed. */
	error: string | null;
	/** Rendered on creation (it is cheap) and served once the job is done. */
	media: Media | null;
}

/** A report a user filed against a project. */
export interface Report {
	projectId: number;
	reporter: string;
	reason: string;
	receivedAt: number;
}

/** Everything the simulator remembers; tests may read and change it directly. */
export interface SimulatorData {
	/** By user name. */
	users: Map<string, User>;
	/** By project id. */
	projects: Map<number, Project>;
	/** By image uuid. */
	gallery: Map<string, GalleryImage>;
	/** By generation uuid. */
	jobs: Map<string, Job>;
	reports: Report[];
	/** Token value → user name. */
	tokens: Map<string, string>;
}

/** The project at `space/creator/slug`, if any (private ones included: callers check visibility). */
export function findProjectByPath(
	data: SimulatorData,
	space: ProjectSpace,
	creator: string,
	slug: string,
): Project | undefined {
	for (const project of data.projects.values()) {
		if (project.space === space && project.creator === creator && project.slug === slug) return project;
	}
	return undefined;
}

/** Whether a viewer (or an anonymous request) may see a project at all. */
export function canSee(project: Project, viewer: User | undefined): boolean {
	return project.isPublic || project.creator === viewer?.userName;
}

/** The favourite count Rostro would show: the seeded base plus the simulator's own users. */
export function favoriteCount(data: SimulatorData, project: Project): number {
	let count = project.favoriteBase;
	for (const user of data.users.values()) if (user.favorites.has(project.id)) count++;
	return count;
}

/** The id the next created project gets: one above every id in use. */
export function nextProjectId(data: SimulatorData): number {
	return Math.max(0, ...data.projects.keys()) + 1;
}
