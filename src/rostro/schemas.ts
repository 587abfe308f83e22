import { z } from 'zod';

// Rostro adds fields over time and mixes camelCase with snake_case in one object: every
// object schema lets unknown fields through, and optional fields accept null as absent.

/** For writes whose success is the 2xx status alone; Rostro answers them with nothing or `{}`. */
export const ignoredBody = z.unknown().transform((): void => undefined);

/** Text that may be missing or null; read as ''. */
export const text = z
	.string()
	.nullish()
	.transform((value) => value ?? '');

/** Text that may be missing or null; read as undefined. */
export const optionalText = z
	.string()
	.nullish()
	.transform((value) => value ?? undefined);

/** A count that may be missing or null; read as 0. */
export const count = z
	.number()
	.nullish()
	.transform((value) => value ?? 0);

/** A number that may be missing or null; read as undefined. */
export const optionalNumber = z
	.number()
	.nullish()
	.transform((value) => value ?? undefined);

/** A flag that may be missing or null; read as false. */
export const flag = z
	.boolean()
	.nullish()
	.transform((value) => value ?? false);

/** A list of strings that may be missing or null; read as []. */
export const stringList = z
	.array(z.string())
	.nullish()
	.transform((value) => value ?? []);

/** Keys as a list, or as one comma-separated string (older World-Info files). */
const keyList = z
	.union([z.array(z.string()), z.string()])
	.nullish()
	.transform((value) => (typeof value === 'string' ? splitKeys(value) : (value ?? [])));

function splitKeys(value: string): string[] {
	return value
		.split(',')
		.map((key) => key.trim())
		.filter((key) => key !== '');
}

const extensions = z
	.record(z.string(), z.unknown())
	.nullish()
	.transform((value) => value ?? {});

// Ratings come as a number or as a numeric string.
const rating = z
	.union([z.number(), z.string()])
	.nullish()
	.transform((value) => {
		const number = value === '' || value == null ? Number.NaN : Number(value);
		return Number.isFinite(number) ? number : undefined;
	});

const rawNodeSchema = z.looseObject({
	id: z.number().int(),
	name: text,
	fullPath: text,
	tagline: text,
	description: text,
	topics: stringList,
	starCount: count,
	n_favorites: count,
	rating,
	ratingCount: count,
	nTokens: count,
	nChats: count,
	nMessages: count,
	createdAt: optionalText,
	lastActivityAt: optionalText,
	avatar_url: optionalText,
	max_res_url: optionalText,
	nsfw_image: flag,
	projectSpace: optionalText,
	related_lorebooks: z
		.array(z.number())
		.nullish()
		.transform((value) => value ?? []),
	permissions: optionalText,
});

type RawNode = z.output<typeof rawNodeSchema>;

function toProjectNode(node: RawNode) {
	const segments = node.fullPath.split('/');
	return {
		id: node.id,
		name: node.name,
		/** `creator/slug`, or `lorebooks/creator/slug` for lorebooks. */
		fullPath: node.fullPath,
		creator: segments.at(-2) ?? '',
		slug: segments.at(-1) ?? '',
		tagline: node.tagline,
		/** Markdown notes for readers: Rostro calls this field `description`. */
		creatorNotes: node.description,
		tags: node.topics,
		/** Rostro calls this `starCount`, but it counts downloads. */
		downloads: node.starCount,
		favorites: node.n_favorites,
		rating: node.rating,
		ratingCount: node.ratingCount,
		tokenCount: node.nTokens,
		chatCount: node.nChats,
		messageCount: node.nMessages,
		createdAt: node.createdAt,
		lastActivityAt: node.lastActivityAt,
		avatarUrl: node.avatar_url,
		/** The full-size card PNG. */
		cardImageUrl: node.max_res_url,
		nsfw: node.nsfw_image,
		projectSpace: node.projectSpace,
		// Rostro pads the list with -1 where a linked lorebook is gone.
		relatedLorebookIds: node.related_lorebooks.filter((id) => id > 0),
		permissions: node.permissions,
	};
}

/** A project (character, lorebook, post) as search, timelines and profiles list it. */
export const projectNodeSchema = rawNodeSchema.transform(toProjectNode);
export type ProjectNode = z.output<typeof projectNodeSchema>;

const insertionPositions = ['before_char', 'after_char'] as const;

/** World-Info numbers positions; 0 and 1 are card-spec V2's two positions. */
function toPosition(position: string | number | null | undefined): 'before_char' | 'after_char' | undefined {
	if (typeof position === 'number') return insertionPositions[position];
	return insertionPositions.find((name) => name === position);
}

// A lorebook entry in card-spec V2 form, read from V2 names or SillyTavern World-Info names.
const characterBookEntrySchema = z
	.looseObject({
		keys: keyList,
		key: keyList,
		secondary_keys: keyList,
		keysecondary: keyList,
		content: text,
		enabled: z.boolean().nullish(),
		disable: z.boolean().nullish(),
		constant: flag,
		selective: flag,
		insertion_order: optionalNumber,
		order: optionalNumber,
		position: z.union([z.string(), z.number()]).nullish(),
		name: optionalText,
		comment: optionalText,
		case_sensitive: z.boolean().nullish(),
		priority: optionalNumber,
		extensions,
	})
	.transform((entry) => ({
		keys: entry.keys.length > 0 ? entry.keys : entry.key,
		secondary_keys: entry.secondary_keys.length > 0 ? entry.secondary_keys : entry.keysecondary,
		content: entry.content,
		enabled: entry.enabled ?? !(entry.disable ?? false),
		constant: entry.constant,
		selective: entry.selective,
		insertion_order: entry.insertion_order ?? entry.order ?? 100,
		position: toPosition(entry.position),
		name: entry.name ?? entry.comment,
		case_sensitive: entry.case_sensitive ?? undefined,
		priority: entry.priority,
		extensions: entry.extensions,
	}));
export type CharacterBookEntry = z.output<typeof characterBookEntrySchema>;

/** A card-spec V2 `character_book`; entries may come as a list or as World-Info's object keyed by uid. */
export const characterBookSchema = z
	.looseObject({
		name: optionalText,
		description: optionalText,
		scan_depth: optionalNumber,
		token_budget: optionalNumber,
		recursive_scanning: z.boolean().nullish(),
		extensions,
		entries: z
			.union([z.array(characterBookEntrySchema), z.record(z.string(), characterBookEntrySchema)])
			.nullish()
			.transform((entries) => (Array.isArray(entries) ? entries : Object.values(entries ?? {}))),
	})
	.transform((book) => ({
		name: book.name,
		description: book.description,
		scan_depth: book.scan_depth,
		token_budget: book.token_budget,
		recursive_scanning: book.recursive_scanning ?? undefined,
		extensions: book.extensions,
		entries: book.entries,
	}));
export type CharacterBook = z.output<typeof characterBookSchema>;

/** A character's definition under Rostro's own field names, which mislead (see toCharacterCard). */
export const definitionSchema = z.looseObject({
	name: optionalText,
	personality: text,
	tavern_personality: text,
	description: text,
	scenario: text,
	first_message: text,
	example_dialogs: text,
	alternate_greetings: stringList,
	system_prompt: text,
	post_history_instructions: text,
	embedded_lorebook: characterBookSchema.nullish(),
	extensions,
});
export type RawDefinition = z.output<typeof definitionSchema>;

/** A character in card-spec V2's `data` form, the form prompt builders and card exports expect. */
export interface CharacterCard {
	name: string;
	description: string;
	personality: string;
	scenario: string;
	first_mes: string;
	mes_example: string;
	creator_notes: string;
	system_prompt: string;
	post_history_instructions: string;
	alternate_greetings: string[];
	character_book: CharacterBook | undefined;
	tags: string[];
	creator: string;
	character_version: string;
	extensions: Record<string, unknown>;
}

/**
 * Maps Rostro's definition to card-spec V2 names. Rostro's `personality` holds the main
 * description, `tavern_personality` the short personality and `description` the creator's
 * notes. Without a definition the card holds what the project itself says.
 */
export function toCharacterCard(definition: RawDefinition | null | undefined, project: ProjectNode): CharacterCard {
	return {
		name: definition?.name || project.name,
		description: definition?.personality ?? '',
		personality: definition?.tavern_personality ?? '',
		scenario: definition?.scenario ?? '',
		first_mes: definition?.first_message ?? '',
		mes_example: definition?.example_dialogs ?? '',
		creator_notes: definition?.description || project.creatorNotes,
		system_prompt: definition?.system_prompt ?? '',
		post_history_instructions: definition?.post_history_instructions ?? '',
		alternate_greetings: definition?.alternate_greetings ?? [],
		character_book: definition?.embedded_lorebook ?? undefined,
		tags: project.tags,
		creator: project.creator,
		character_version: '',
		extensions: definition?.extensions ?? {},
	};
}

/** A node with its definition, as the character routes answer with `full=true`. */
export const characterNodeSchema = rawNodeSchema
	.extend({ definition: definitionSchema.nullish() })
	.transform((node) => {
		const project = toProjectNode(node);
		return { project, card: toCharacterCard(node.definition, project) };
	});

/** The reason a generation failed, from whichever form Rostro gave it in. */
function errorText(error: unknown): string | undefined {
	if (typeof error === 'string') return error || undefined;
	if (typeof error !== 'object' || error === null) return undefined;

	const { message, reason } = error as { message?: unknown; reason?: unknown };
	if (typeof reason === 'string') return reason;
	return typeof message === 'string' ? message : undefined;
}

/** A generation (image, speech, video, upscale…) as Rostro's `ImaginedItem` reports it. */
export const imagineJobSchema = z
	.looseObject({
		generation_uuid: z.string(),
		is_done: flag,
		is_failed: flag,
		error: z.unknown().optional(),
		primary_media_url: optionalText,
		secondary_media_urls: stringList,
		cost: optionalNumber,
	})
	.transform((job) => ({
		uuid: job.generation_uuid,
		status: jobStatus(job.is_done, job.is_failed),
		/** Why it failed, e.g. `explicit_text` or `out_of_credits`. */
		error: errorText(job.error),
		primaryMediaUrl: job.primary_media_url,
		secondaryMediaUrls: job.secondary_media_urls,
		/** Credits charged. */
		cost: job.cost,
	}));
export type ImagineJob = z.output<typeof imagineJobSchema>;

function jobStatus(done: boolean, failed: boolean): 'pending' | 'done' | 'failed' {
	if (failed) return 'failed';
	return done ? 'done' : 'pending';
}

/** A member as follow lists show them; Rostro names the field `user_name` or `username`. */
export const memberSchema = z
	.looseObject({ user_name: optionalText, username: optionalText, avatar_url: optionalText })
	.refine((member) => member.user_name ?? member.username, {
		message: 'expected user_name or username',
		path: ['user_name'],
	})
	.transform((member) => ({
		userName: member.user_name ?? member.username ?? '',
		avatarUrl: member.avatar_url,
	}));
export type Member = z.output<typeof memberSchema>;

/** A list of nodes that Rostro sends as `{nodes}` or as `{data: {nodes}}`. */
export function nodeListSchema<T extends z.ZodType>(node: T) {
	const list = z.looseObject({ nodes: z.array(node) });
	return z.union([
		list.transform((body) => body.nodes),
		z.looseObject({ data: list }).transform((body) => body.data.nodes),
	]);
}

/** Where a reply failed validation, and why. */
export interface IssueDescription {
	path: PropertyKey[];
	message: string;
}

/** Describes a validation issue; inside a union, by the alternative that matched furthest. */
export function describeIssue(issue: z.core.$ZodIssue, base: PropertyKey[] = []): IssueDescription {
	const path = [...base, ...issue.path];
	if (issue.code !== 'invalid_union') return { path, message: issue.message };

	const alternatives = issue.errors.flatMap((issues) => (issues[0] ? [describeIssue(issues[0], path)] : []));
	const furthest = (best: IssueDescription, next: IssueDescription) =>
		next.path.length > best.path.length ? next : best;
	return alternatives.reduce(furthest, { path, message: issue.message });
}
