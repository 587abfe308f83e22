import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import {
	cardEmbed,
	EMBED_LIMITS,
	embedLength,
	fitEmbeds,
	profileEmbed,
	resultEmbed,
	tagLine,
} from '../../src/discovery/embeds.js';
import { resultsMessage } from '../../src/discovery/results.js';
import { character, projectNode } from './fixtures.js';

const total = (embeds: APIEmbed[]) => embeds.reduce((sum, embed) => sum + embedLength(embed), 0);
const field = (embed: APIEmbed, name: string) => embed.fields?.find((f) => f.name === name)?.value;

describe('resultEmbed', () => {
	it('shows the avatar, name, tagline, tags, stats and a link to the character’s page', () => {
		const embed = resultEmbed(projectNode());
		expect(embed.title).toBe('Ari the Cartographer');
		expect(embed.url).toBe('https://rostro.dev/characters/creator_a/ari-the-cartographer');
		expect(embed.thumbnail?.url).toBe('https://example.test/avatar.webp');
		expect(embed.description).toBe(
			'A mapmaker who has charted every road except the one home.\n\n🏷️ Fantasy · Female · Adventure',
		);
		expect(field(embed, 'Downloads')).toBe('12,345'); // Rostro's starCount
		expect(field(embed, 'Favorites')).toBe('678');
		expect(field(embed, 'Rating')).toBe('★ 4.6 (90)');
		expect(field(embed, 'Tokens')).toBe('1,234');
		expect(embed.footer?.text).toBe('by creator_a');
	});

	it('marks NSFW work, escapes names and links lorebooks to their own space', () => {
		const embed = resultEmbed(
			projectNode({ name: '*Star*_Gazer', nsfw: true, fullPath: 'lorebooks/creator_a/star-atlas', rating: undefined }),
		);
		expect(embed.title).toBe('\\*Star\\*\\_Gazer');
		expect(embed.footer?.text).toBe('by creator_a · NSFW');
		expect(embed.url).toBe('https://rostro.dev/lorebooks/creator_a/star-atlas');
		expect(field(embed, 'Rating')).toBe('—');
	});
});

describe('tagLine', () => {
	it('shows at most twelve tags and counts the rest', () => {
		const tags = Array.from({ length: 15 }, (_, i) => `t${i}`);
		expect(tagLine(tags)).toBe(`${tags.slice(0, 12).join(' · ')} · +3`);
	});
});

describe('embedLength', () => {
	it('counts what Discord counts toward 6,000: title, description, fields, footer and author', () => {
		const embed: APIEmbed = {
			title: 'abc',
			description: 'defg',
			fields: [{ name: 'h', value: 'ij' }],
			footer: { text: 'kl' },
			author: { name: 'm' },
			url: 'https://not-counted.test',
		};
		expect(embedLength(embed)).toBe(13);
	});
});

describe('fitEmbeds', () => {
	it('keeps at most ten embeds', () => {
		const embeds = Array.from({ length: 14 }, () => resultEmbed(projectNode()));
		expect(fitEmbeds(embeds)).toHaveLength(EMBED_LIMITS.perMessage);
	});

	it('shortens the longest descriptions until the message is within 6,000 characters', () => {
		const embeds = Array.from({ length: 10 }, (_, i) => ({ title: `n${i}`, description: 'x'.repeat(1_000 + i) }));
		const fitted = fitEmbeds(embeds);
		expect(fitted).toHaveLength(10);
		expect(total(fitted)).toBeLessThanOrEqual(EMBED_LIMITS.totalCharacters);
		expect(fitted.every((embed) => (embed.description?.length ?? 0) > 0)).toBe(true);
		expect(embeds[0]?.description).toHaveLength(1_000); // the input is left as it was
	});

	it('drops embeds from the end only when nothing is left to shorten', () => {
		const heavy = () => ({
			title: 't',
			fields: [
				{ name: 'f', value: 'v'.repeat(1_020) },
				{ name: 'g', value: 'w'.repeat(1_020) },
			],
		});
		const fitted = fitEmbeds([heavy(), heavy(), heavy(), heavy()]);
		expect(fitted).toHaveLength(2);
		expect(total(fitted)).toBeLessThanOrEqual(EMBED_LIMITS.totalCharacters);
	});
});

describe('cardEmbed', () => {
	it('fills the greeting’s placeholders and keeps a long card within every limit', () => {
		const long = character(
			{ tagline: 't'.repeat(500), creatorNotes: `# Big\n${'notes '.repeat(2_000)}`, tags: Array(40).fill('Tag') },
			`*{{char}} greets {{user}}.* ${'more '.repeat(1_000)}`,
		);
		const embed = cardEmbed(long, { char: 'Ari', user: 'Sam' });
		expect(field(embed, 'Greeting')).toMatch(/^\*Ari greets Sam\.\* more/);
		expect(embed.description?.length).toBeLessThanOrEqual(EMBED_LIMITS.description);
		for (const f of embed.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldValue);
		expect(embedLength(embed)).toBeLessThanOrEqual(EMBED_LIMITS.totalCharacters);
		expect(embed.image?.url).toBe('https://example.test/card.png');
		expect(embed.author?.url).toBe('https://rostro.dev/users/creator_a');
	});

	it('says so when there is no greeting', () => {
		expect(field(cardEmbed(character({}, '  '), { char: 'Ari', user: 'Sam' }), 'Greeting')).toBe('*No greeting.*');
	});
});

describe('profileEmbed', () => {
	it('totals the downloads and favorites of the projects shown', () => {
		const projects = [projectNode({ downloads: 10, favorites: 1 }), projectNode({ id: 2, downloads: 5, favorites: 2 })];
		const embed = profileEmbed(
			{ userName: 'creator_a', avatarUrl: undefined, bio: 'Hi', projects },
			'creator_a',
			projects,
		);
		expect(embed.title).toBe('creator\\_a');
		expect(field(embed, 'Projects')).toBe('2');
		expect(field(embed, 'Downloads')).toBe('15');
		expect(field(embed, 'Favorites')).toBe('3');
	});
});

describe('resultsMessage', () => {
	it('offers in its menus only the characters whose embeds were shown', () => {
		const nodes = Array.from({ length: 12 }, (_, i) => projectNode({ id: i + 1, name: `Char ${i + 1}` }));
		const message = resultsMessage('Results', nodes);
		expect(message.embeds).toHaveLength(10);
		type Row = { components: { custom_id: string; options: { value: string }[] }[] };
		const [open, chat] = JSON.parse(JSON.stringify(message.components)) as Row[];
		expect(open?.components[0]?.custom_id).toBe('character:open');
		expect(chat?.components[0]?.custom_id).toBe('character:chat');
		expect(open?.components[0]?.options.map((o) => o.value)).toEqual(nodes.slice(0, 10).map((n) => String(n.id)));
	});

	it('offers no menus for lorebooks', () => {
		const message = resultsMessage('Results', [
			projectNode({ fullPath: 'lorebooks/creator_a/atlas', projectSpace: 'lorebooks' }),
		]);
		expect(message.components).toEqual([]);
	});
});
