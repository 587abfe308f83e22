import { describe, expect, it } from 'vitest';
import {
	characterBookSchema,
	characterNodeSchema,
	imagineJobSchema,
	projectNodeSchema,
} from '../../src/rostro/schemas.js';

const node = {
	id: 123_456,
	name: 'Example Character',
	fullPath: 'creator_a/example-character',
	tagline: 'A guide',
	description: 'Notes for readers',
	topics: ['Fantasy'],
	starCount: 900,
	n_favorites: 12,
	rating: '4.5',
	ratingCount: 3,
	nTokens: 1_200,
	avatar_url: 'https://cdn.example/avatar.webp',
	max_res_url: 'https://cdn.example/card.png',
	nsfw_image: false,
	related_lorebooks: [-1, 77, 0],
	somethingNew: { added: 'later' },
};

describe('projectNodeSchema', () => {
	it('maps a search node to camelCase domain names', () => {
		const project = projectNodeSchema.parse(node);
		expect(project).toMatchObject({
			id: 123_456,
			creator: 'creator_a',
			slug: 'example-character',
			creatorNotes: 'Notes for readers',
			tags: ['Fantasy'],
			downloads: 900,
			favorites: 12,
			rating: 4.5,
			tokenCount: 1_200,
			avatarUrl: 'https://cdn.example/avatar.webp',
			cardImageUrl: 'https://cdn.example/card.png',
			nsfw: false,
		});
	});

	it('ignores lorebook ids of 0 and below', () => {
		expect(projectNodeSchema.parse(node).relatedLorebookIds).toEqual([77]);
	});

	it('reads a lorebook path and missing or null fields', () => {
		const project = projectNodeSchema.parse({
			id: 5,
			fullPath: 'lorebooks/creator_b/atlas',
			topics: null,
			rating: null,
		});
		expect(project).toMatchObject({ creator: 'creator_b', slug: 'atlas', tags: [], rating: undefined, name: '' });
	});
});

describe('characterNodeSchema', () => {
	const definition = {
		name: 'Ari',
		personality: 'Ari is a cartographer.',
		tavern_personality: 'curious, kind',
		description: 'Made for map lovers.',
		scenario: 'A map shop.',
		first_message: 'Welcome in!',
		example_dialogs: '<START>\n{{user}}: Hi\n{{char}}: Hello',
		alternate_greetings: ['Oh, hello.'],
		system_prompt: '',
		post_history_instructions: '',
		embedded_lorebook: null,
		extensions: { depth_prompt: { depth: 4 } },
	};

	it('maps the definition to card-spec V2 names as Rostro’s fields really mean', () => {
		const { card } = characterNodeSchema.parse({ ...node, definition });
		expect(card).toEqual({
			name: 'Ari',
			description: 'Ari is a cartographer.',
			personality: 'curious, kind',
			scenario: 'A map shop.',
			first_mes: 'Welcome in!',
			mes_example: '<START>\n{{user}}: Hi\n{{char}}: Hello',
			creator_notes: 'Made for map lovers.',
			system_prompt: '',
			post_history_instructions: '',
			alternate_greetings: ['Oh, hello.'],
			character_book: undefined,
			tags: ['Fantasy'],
			creator: 'creator_a',
			character_version: '',
			extensions: { depth_prompt: { depth: 4 } },
		});
	});

	it('falls back to the project’s name and notes without a definition', () => {
		const { card } = characterNodeSchema.parse({ ...node, definition: null });
		expect(card).toMatchObject({ name: 'Example Character', creator_notes: 'Notes for readers', first_mes: '' });
	});
});

describe('characterBookSchema', () => {
	it('reads card-spec V2 entries', () => {
		const book = characterBookSchema.parse({
			entries: [
				{ keys: ['map'], content: 'Maps are rare.', enabled: true, insertion_order: 5, position: 'after_char' },
			],
		});
		expect(book.entries[0]).toMatchObject({ keys: ['map'], enabled: true, insertion_order: 5, position: 'after_char' });
	});

	it('reads World-Info entries keyed by uid', () => {
		const book = characterBookSchema.parse({
			entries: {
				0: { uid: 0, key: ['north'], keysecondary: ['road'], content: 'The old road.', order: 10, position: 0 },
				1: { uid: 1, key: 'river, ford', content: 'A ford.', disable: true, constant: true, position: 1 },
			},
		});
		expect(book.entries).toEqual([
			expect.objectContaining({
				keys: ['north'],
				secondary_keys: ['road'],
				insertion_order: 10,
				position: 'before_char',
			}),
			expect.objectContaining({ keys: ['river', 'ford'], enabled: false, constant: true, position: 'after_char' }),
		]);
	});

	it('reads a book without entries as an empty list', () => {
		expect(characterBookSchema.parse({ name: 'Empty' }).entries).toEqual([]);
	});
});

describe('imagineJobSchema', () => {
	it('derives one status from the done and failed flags', () => {
		const base = { generation_uuid: 'u1' };
		expect(imagineJobSchema.parse(base).status).toBe('pending');
		expect(imagineJobSchema.parse({ ...base, is_done: true }).status).toBe('done');
		expect(imagineJobSchema.parse({ ...base, is_done: true, is_failed: true, error: 'explicit_text' })).toMatchObject({
			status: 'failed',
			error: 'explicit_text',
		});
	});

	it('reads a failure reason given as an object', () => {
		const job = imagineJobSchema.parse({ generation_uuid: 'u2', is_failed: true, error: { reason: 'out_of_credits' } });
		expect(job.error).toBe('out_of_credits');
	});
});
