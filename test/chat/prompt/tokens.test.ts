import { describe, expect, it } from 'vitest';
import { countRecurring, countTokens, truncateToTokens } from '../../../src/chat/prompt/tokens.js';

describe('countTokens', () => {
	it('counts cl100k tokens', () => {
		expect(countTokens('')).toBe(0);
		expect(countTokens('hello world')).toBe(2);
	});

	it('gives remembered counts for recurring text', () => {
		const text = 'A description that every message of a chat sends again.';

		expect(countRecurring(text)).toBe(countTokens(text));
		expect(countRecurring(text)).toBe(countTokens(text));
	});
});

describe('truncateToTokens', () => {
	it('returns text that fits unchanged', () => {
		expect(truncateToTokens('short text', 10)).toBe('short text');
	});

	it('keeps the longest beginning that fits', () => {
		const text = 'one two three four five six seven eight nine ten';
		const cut = truncateToTokens(text, 4);

		expect(countTokens(cut)).toBeLessThanOrEqual(4);
		expect(text.startsWith(cut)).toBe(true);
		expect(countTokens(text.slice(0, cut.length + 1))).toBeGreaterThan(4);
	});

	it('never cuts an emoji in half', () => {
		const text = '🙂'.repeat(50);
		const cut = truncateToTokens(text, 7);

		expect(cut.length % 2).toBe(0);
		expect(cut).toMatch(/^(🙂)+$/u);
	});

	it('cuts text in scripts without spaces', () => {
		const text = '日本語のテキストはとても長いです。'.repeat(20);
		const cut = truncateToTokens(text, 10);

		expect(cut.length).toBeGreaterThan(0);
		expect(countTokens(cut)).toBeLessThanOrEqual(10);
		expect(text.startsWith(cut)).toBe(true);
	});
});
