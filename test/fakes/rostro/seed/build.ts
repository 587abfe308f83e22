import { hashText, seededRandom, uuidFrom } from '../hash.js';
import { encodePng } from '../media/png.js';
import type { Definition, GalleryImage, Project, ProjectSpace, SimulatorData, User } from '../state.js';
import { type CharacterSeed, characterSeeds, type LoreSeed } from './characters.js';
import { type LorebookSeed, lorebookSeeds } from './lorebooks.js';
import { gallerySeeds, userSeeds } from './users.js';

const FIRST_CHARACTER_ID = 180_001;
const FIRST_LOREBOOK_ID = 190_001;
const SEED_EPOCH = Date.UTC(2024, 2, 1, 12); // the first seeded project's creation
const DAY = 86_400_000; // ms

/** The parts of a new character a test must give; `addCharacter` fills in the rest like the seeds. */
export type NewCharacter = Pick<CharacterSeed, 'name' | 'creator'> & Partial<CharacterSeed>;

function exampleDialogs(seed: Pick<CharacterSeed, 'sample' | 'traits'>): string {
	return [
		'<START>',
		'{{user}}: Hello there. Who are you?',
		`{{char}}: ${seed.sample}`,
		'<START>',
		'{{user}}: What do you want most?',
		`{{char}}: *considers {{user}} for a long moment* Something worth the trouble. I am ${seed.traits}, after all.`,
	].join('\n');
}

function creatorNotes(seed: Pick<CharacterSeed, 'tagline' | 'tags' | 'nsfw'>): string {
	const warning = seed.nsfw ? '\n\n**Content warning:** mature themes. 18+ only.' : '';
	return `## ${seed.tagline}\n\nTags: ${seed.tags.join(', ')}. Works best with a long context.${warning}`;
}

/** A card-spec V2 `character_book`, as characters embed their lore. */
function characterBook(name: string, lore: LoreSeed[]): Record<string, unknown> {
	const entries = lore.map((entry, index) => ({
		id: index,
		keys: entry.keys,
		secondary_keys: [],
		comment: entry.keys[0] ?? '',
		name: entry.keys[0] ?? '',
		content: entry.content,
		constant: false,
		selective: false,
		enabled: true,
		insertion_order: 100,
		priority: 10,
		position: 'before_char',
		case_sensitive: false,
		extensions: {},
	}));
	return {
		name: `${name} lore`,
		description: '',
		scan_depth: 4,
		token_budget: 512,
		recursive_scanning: false,
		extensions: {},
		entries,
	};
}

/** SillyTavern World-Info JSON, the body of a lorebook project: `entries` keyed by uid. */
function worldInfo(seed: LorebookSeed): Record<string, unknown> {
	const entries = Object.fromEntries(
		seed.entries.map((entry, uid) => [
			String(uid),
			{
				uid,
				key: entry.keys,
				keysecondary: [],
				comment: entry.keys[0] ?? '',
				content: entry.content,
				constant: entry.constant ?? false,
				selective: false,
				order: 100,
				position: 0,
				enabled: true,
			},
		]),
	);
	return { name: seed.name, description: seed.tagline, entries };
}

function characterDefinition(seed: NewCharacter): Definition {
	const traits = seed.traits ?? 'friendly';
	return {
		name: seed.chatName ?? seed.name,
		personality: seed.persona ?? `{{char}} is ${seed.name}.`,
		tavern_personality: traits,
		description: creatorNotes({ tagline: seed.tagline ?? seed.name, tags: seed.tags ?? [], nsfw: seed.nsfw }),
		scenario: seed.scenario ?? '{{user}} meets {{char}}.',
		first_message: seed.greeting ?? '*{{char}} waves.* Hello, {{user}}.',
		example_dialogs: exampleDialogs({ sample: seed.sample ?? 'Nice to meet you.', traits }),
		alternate_greetings: seed.alternateGreetings ?? [],
		system_prompt: seed.systemPrompt ?? '',
		post_history_instructions: '',
		embedded_lorebook: seed.lore ? characterBook(seed.chatName ?? seed.name, seed.lore) : null,
		extensions: {},
	};
}

function lorebookDefinition(seed: LorebookSeed): Definition {
	return {
		name: seed.name,
		personality: '',
		tavern_personality: '',
		description: creatorNotes({ tagline: seed.tagline, tags: seed.tags }),
		scenario: '',
		first_message: '',
		example_dialogs: '',
		alternate_greetings: [],
		system_prompt: '',
		post_history_instructions: '',
		embedded_lorebook: worldInfo(seed),
		extensions: {},
	};
}

interface ProjectBasics {
	id: number;
	space: ProjectSpace;
	slug: string;
	name: string;
	creator: string;
	tagline: string;
	tags: string[];
	nsfw: boolean;
	isPublic: boolean;
	createdAt: number;
	definition: Definition;
}

/** Fills in the statistics from a generator seeded by the slug, so each project keeps its numbers. */
function project(basics: ProjectBasics): Project {
	const random = seededRandom(hashText(basics.slug));
	const downloads = Math.floor(200 + random() * 50_000);
	const chats = Math.floor(downloads * (0.3 + random() * 0.5));
	const topics = basics.nsfw && !basics.tags.includes('NSFW') ? [...basics.tags, 'NSFW'] : basics.tags;
	return {
		id: basics.id,
		space: basics.space,
		creator: basics.creator,
		slug: basics.slug,
		name: basics.name,
		tagline: basics.tagline,
		description: basics.definition.description,
		topics,
		nsfw: basics.nsfw,
		isPublic: basics.isPublic,
		downloads,
		favoriteBase: Math.floor(downloads * (0.02 + random() * 0.08)),
		rating: Math.round((3 + random() * 2) * 10) / 10,
		ratingCount: Math.floor(random() * 400),
		nChats: chats,
		nMessages: chats * (8 + Math.floor(random() * 30)),
		createdAt: new Date(basics.createdAt).toISOString(),
		lastActivityAt: new Date(basics.createdAt + Math.floor(random() * 60) * DAY).toISOString(),
		relatedLorebooks: [],
		definition: basics.definition,
	};
}

/** Builds a character project the way the seeds are built; also used for characters tests add later. */
export function buildCharacter(id: number, seed: NewCharacter, createdAt: number): Project {
	return project({
		id,
		space: 'characters',
		slug:
			seed.slug ??
			seed.name
				.toLowerCase()
				.replace(/[^a-z0-9]+/g, '-')
				.replace(/^-|-$/g, ''),
		name: seed.name,
		creator: seed.creator,
		tagline: seed.tagline ?? seed.name,
		tags: seed.tags ?? [],
		nsfw: seed.nsfw ?? false,
		isPublic: !seed.private,
		createdAt,
		definition: characterDefinition(seed),
	});
}

function buildUsers(): Map<string, User> {
	const users = userSeeds.map(
		(seed): User => ({
			id: seed.id,
			userName: seed.userName,
			email: seed.email,
			credits: seed.credits,
			bio: seed.bio,
			followsUsers: new Set(seed.followsUsers),
			followsTags: new Set(seed.followsTags),
			blockedUsers: new Set(),
			blockedTags: new Set(),
			blacklist: new Set(),
			favorites: new Set(),
		}),
	);
	return new Map(users.map((user) => [user.userName, user]));
}

function buildLorebooks(): Project[] {
	return lorebookSeeds.map((seed, index) =>
		project({
			id: FIRST_LOREBOOK_ID + index,
			space: 'lorebooks',
			slug: seed.slug,
			name: seed.name,
			creator: seed.creator,
			tagline: seed.tagline,
			tags: seed.tags,
			nsfw: false,
			isPublic: true,
			createdAt: SEED_EPOCH + (index * 7 + 3) * DAY,
			definition: lorebookDefinition(seed),
		}),
	);
}

function buildCharacters(lorebooks: Project[]): Project[] {
	return characterSeeds.map((seed, index) => {
		const character = buildCharacter(FIRST_CHARACTER_ID + index, seed, SEED_EPOCH + index * 2.5 * DAY);
		const linked = (seed.lorebooks ?? []).map((slug) => lorebooks.find((book) => book.slug === slug)?.id ?? -1);
		// Rostro sends -1 among the ids now and then; one seeded character carries it.
		character.relatedLorebooks = seed.slug === 'byte-fixer' ? [...linked, -1] : linked;
		return character;
	});
}

function buildGallery(projects: Project[]): Map<string, GalleryImage> {
	const images: GalleryImage[] = [];
	for (const seed of gallerySeeds) {
		const owner = projects.find((candidate) => candidate.slug === seed.slug);
		if (!owner) throw new Error(`gallery seed names an unknown project: ${seed.slug}`);

		for (let index = 0; index < seed.images; index++) {
			const name = `gallery:${seed.slug}:${index}`;
			images.push({
				uuid: uuidFrom(name),
				projectId: owner.id,
				uploader: owner.creator,
				bytes: encodePng({ width: 96, height: 128 }, name),
				kind: 'png',
				nsfw: seed.nsfwAt.includes(index),
				caption: `${owner.name} #${index + 1}`,
				createdAt: new Date(Date.parse(owner.createdAt) + (index + 1) * DAY).toISOString(),
			});
		}
	}
	return new Map(images.map((image) => [image.uuid, image]));
}

function applyFavorites(users: Map<string, User>, projects: Project[]): void {
	for (const seed of userSeeds) {
		const user = users.get(seed.userName);
		for (const slug of seed.favorites) {
			const favorite = projects.find((candidate) => candidate.slug === slug);
			if (user && favorite) user.favorites.add(favorite.id);
		}
	}
}

/** Builds the seeded world: the same users, projects, gallery and follows on every start. */
export function seedData(): SimulatorData {
	const users = buildUsers();
	const lorebooks = buildLorebooks();
	const projects = [...buildCharacters(lorebooks), ...lorebooks];
	applyFavorites(users, projects);

	return {
		users,
		projects: new Map(projects.map((entry) => [entry.id, entry])),
		gallery: buildGallery(projects),
		jobs: new Map(),
		reports: [],
		tokens: new Map(),
	};
}
