import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RostroNotFoundError } from '../../src/rostro/index.js';
import { type RostroRig, startRig } from './support.js';

let rig: RostroRig;

beforeAll(async () => {
	rig = await startRig();
});

afterAll(() => rig.close());

describe('characters', () => {
	it('maps the definition to card-spec V2 names by what each field holds', async () => {
		const seeded = rig.sim.project('creator_a/ari-the-cartographer');
		const { card, project } = await rig.client.characters.get('creator_a', 'ari-the-cartographer');

		expect(card).toMatchObject({
			name: 'Ari',
			description: seeded.definition.personality,
			personality: seeded.definition.tavern_personality,
			creator_notes: seeded.definition.description,
			scenario: seeded.definition.scenario,
			first_mes: seeded.definition.first_message,
			mes_example: seeded.definition.example_dialogs,
			alternate_greetings: seeded.definition.alternate_greetings,
			creator: 'creator_a',
			tags: seeded.topics,
		});
		expect(card.mes_example).toContain('<START>');
		expect(project).toMatchObject({ id: seeded.id, name: 'Ari the Cartographer', nsfw: false });
		expect(project.avatarUrl).toMatch(/^http:\/\/127\.0\.0\.1/);
	});

	it('asks for the full definition', async () => {
		await rig.client.characters.get('creator_a', 'ari-the-cartographer');
		expect(rig.sim.requests.at(-1)?.query).toEqual({ full: 'true' });
	});

	it('reads the embedded lorebook as the card’s character book', async () => {
		const { card } = await rig.client.characters.get('creator_a', 'ari-the-cartographer');
		expect(card.character_book?.entries.length).toBeGreaterThan(0);
		expect(card.character_book?.entries[0]).toMatchObject({
			keys: expect.any(Array),
			content: expect.any(String),
			enabled: true,
		});
	});

	it('keeps linked lorebooks, ignoring placeholder ids', async () => {
		const seeded = rig.sim.project('creator_b/byte-fixer');
		expect(seeded.relatedLorebooks).toContain(-1);

		const { project } = await rig.client.characters.get('creator_b', 'byte-fixer');
		expect(project.relatedLorebookIds).toEqual(seeded.relatedLorebooks.filter((id) => id > 0));
		expect(project.relatedLorebookIds.length).toBeGreaterThan(0);
	});

	it('fetches a character by id', async () => {
		const seeded = rig.sim.project('creator_b/kael-the-exiled-prince');
		const character = await rig.client.characters.getById(seeded.id);
		expect(character.project.fullPath).toBe('creator_b/kael-the-exiled-prince');
		expect(character.card.first_mes).toBe(seeded.definition.first_message);
	});

	it('says whether the token’s account favors it', async () => {
		const favored = await rig.creatorA.characters.get('creator_b', 'kael-the-exiled-prince');
		expect(favored.isFavorite).toBe(true);
		expect(favored.permissions).toBe('read');
	});

	it('reports a missing character as not found', async () => {
		await expect(rig.client.characters.get('creator_a', 'nobody-here')).rejects.toMatchObject({
			constructor: RostroNotFoundError,
			rostroMessage: 'Project not found',
		});
	});

	it('keeps a slug with slashes in one path segment', async () => {
		await expect(rig.client.characters.get('creator_a', 'ari/../../api/self')).rejects.toBeInstanceOf(
			RostroNotFoundError,
		);
		expect(rig.sim.requests.at(-1)?.path).toBe('/api/characters/creator_a/ari%2F..%2F..%2Fapi%2Fself');
	});
});
