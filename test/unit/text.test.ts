import { describe, expect, it } from 'vitest';
import { plain } from '../../src/discord/text.js';

describe('plain', () => {
	it('escapes masked links, quotes, headings and emphasis, and folds lines', () => {
		const shown = plain('evil [x](https://evil.test)\n> quote **bold** # title');
		expect(shown).not.toContain('\n');
		expect(shown).toContain('\\[x](');
		expect(shown).toContain('\\*\\*bold\\*\\*');
		expect(plain('> quoted')).toBe('\\> quoted');
		expect(plain('# heading')).toMatch(/^\\#/);
	});

	it('leaves ordinary names alone', () => {
		expect(plain('creator_a')).toBe('creator\\_a');
		expect(plain('Ari the Bard')).toBe('Ari the Bard');
	});
});
