import type { Character, Page, ProjectNode } from '../../src/rostro/index.js';
import { toCharacterCard } from '../../src/rostro/schemas.js';

/** A project node as the client hands it out, with every field filled; override what a test needs. */
export function projectNode(overrides: Partial<ProjectNode> = {}): ProjectNode {
	const fullPath = overrides.fullPath ?? 'creator_a/ari-the-cartographer';
	const [creator = '', slug = ''] = fullPath.split('/').slice(-2);
	return {
		id: 180_001,
		name: 'Ari the Cartographer',
		fullPath,
		creator,
		slug,
		tagline: 'A mapmaker who has charted every road except the one home.',
		creatorNotes: '## Notes\n\nWorks best with a long context.',
		tags: ['Fantasy', 'Female', 'Adventure'],
		downloads: 12_345,
		favorites: 678,
		rating: 4.56,
		ratingCount: 90,
		tokenCount: 1_234,
		chatCount: 5,
		messageCount: 50,
		createdAt: '2024-03-01T12:00:00Z',
		lastActivityAt: '2024-03-02T12:00:00Z',
		avatarUrl: 'https://example.test/avatar.webp',
		cardImageUrl: 'https://example.test/card.png',
		nsfw: false,
		projectSpace: 'characters',
		relatedLorebookIds: [],
		permissions: 'read',
		...overrides,
	};
}

/** A character with a definition, built the way the client maps Rostro's fields. */
export function character(overrides: Partial<ProjectNode> = {}, greeting = '*{{char}} waves at {{user}}.*'): Character {
	const project = projectNode(overrides);
	const card = toCharacterCard(
		{
			name: 'Ari',
			personality: '',
			tavern_personality: '',
			description: project.creatorNotes,
			scenario: '',
			first_message: greeting,
			example_dialogs: '',
			alternate_greetings: [],
			system_prompt: '',
			post_history_instructions: '',
			embedded_lorebook: null,
			extensions: {},
		},
		project,
	);
	return { project, card, isFavorite: false, permissions: 'read' };
}

/** One page of a listing. */
export function page(items: ProjectNode[], count?: number): Page<ProjectNode> {
	return { items, count, page: undefined, cursor: undefined };
}
