import { describe, expect, it } from 'vitest';
import { hasInvisible, hasVisibleText } from '../../src/moderation/visible-text.js';

describe('hasVisibleText', () => {
	it('finds nothing to see in empty, blank or invisible text', () => {
		for (const text of ['', ' ', '\n\t ', '\u200B', '\u200E\u200F', '\u202E', '\u{E0020}', '\u3164', '\u2800 \uFEFF']) {
			expect(hasVisibleText(text), JSON.stringify(text)).toBe(false);
		}
	});

	it('sees letters, digits, punctuation and emoji, also among invisible characters', () => {
		for (const text of ['a', '\u200Bhi\u200B', '7', '!', '🔥', '\u3164x']) {
			expect(hasVisibleText(text), JSON.stringify(text)).toBe(true);
		}
	});
});

describe('hasInvisible', () => {
	it('tells text with an invisible character or a blank filler from plain text', () => {
		expect(hasInvisible('h\u200Borror')).toBe(true);
		expect(hasInvisible('Slice\u2800of Life')).toBe(true);
		expect(hasInvisible('Slice of Life')).toBe(false);
		expect(hasInvisible('Sci-Fi')).toBe(false);
	});
});
