import { describe, expect, it } from 'vitest';
import { BlockedWords, normalizeForMatching, parseWordList } from '../../src/moderation/blocked-words.js';

describe('normalizeForMatching', () => {
	it('folds case, accents, full-width forms, invisible characters and blank fillers', () => {
		expect(normalizeForMatching('CAFÉ')).toBe('cafe');
		expect(normalizeForMatching('ｃａｆｅ')).toBe('cafe');
		expect(normalizeForMatching('c\u200Ba\u200Df\u00ADe\uFEFF')).toBe('cafe');
		expect(normalizeForMatching('\u202Ec\u2061a\u{E0020}f\u3164e\u2800')).toBe('cafe');
		expect(normalizeForMatching('Ça  va,\tbien?')).toBe('ca va bien');
	});

	it('keeps an apostrophe inside its word', () => {
		expect(normalizeForMatching('Don’t stop')).toBe('dont stop');
	});
});

describe('BlockedWords', () => {
	const blocked = new BlockedWords(['grape', 'Crème Brûlée', 'red fox']);

	it('finds a blocked word whatever its case', () => {
		expect(blocked.find('I love GRAPE juice')).toBe('grape');
	});

	it('finds a blocked word written with or without accents', () => {
		expect(blocked.find('a creme brulee, please')).toBe('Crème Brûlée');
		expect(blocked.find('a CRÈME BRÛLÉE, please')).toBe('Crème Brûlée');
		expect(new BlockedWords(['cafe']).find('un café noir')).toBe('cafe');
	});

	it('finds a blocked word split by zero-width characters', () => {
		expect(blocked.find('gr\u200Bape')).toBe('grape');
		expect(blocked.find('g\u2060r\u200Ca\u200Dp\uFEFFe')).toBe('grape');
	});

	it('finds a blocked word hidden by any invisible character or blank filler', () => {
		const ass = new BlockedWords(['ass']);
		const hidden = {
			'left-to-right mark': 'a\u200Ess',
			'right-to-left mark': 'as\u200Fs',
			'function application': 'a\u2061ss',
			'invisible times': 'as\u2062s',
			'tag space': 'a\u{E0020}ss',
			'Hangul filler': 'a\u3164ss',
			'Hangul choseong filler': 'a\u115Fss',
			'Hangul jungseong filler': 'a\u1160ss',
			'half-width Hangul filler': 'a\uFFA0ss',
			'Braille blank': 'a\u2800ss',
			'combining grapheme joiner': 'a\u034Fss',
			'variation selector': 'as\uFE0Fs',
			'Mongolian vowel separator': 'a\u180Ess',
		};
		for (const [name, text] of Object.entries(hidden)) {
			expect(ass.find(`what an ${text} you are`), name).toBe('ass');
		}
	});

	it('reads a right-to-left override in the order it is shown', () => {
		const ass = new BlockedWords(['ass']);
		expect(ass.find('\u202Essa')).toBe('ass');
		expect(ass.find('you \u202Essa\u202C there')).toBe('ass');
		expect(new BlockedWords(['red fox']).find('a \u202Exof der')).toBe('red fox');
		expect(ass.find('\u202Essalc')).toBeUndefined();
	});

	it('reads a blank filler between two words as a space', () => {
		expect(blocked.find('the red\u2800fox')).toBe('red fox');
		expect(blocked.find('the red\u3164fox')).toBe('red fox');
	});

	it('finds accents written as combining marks', () => {
		expect(blocked.find('cre\u0300me brule\u0301e')).toBe('Crème Brûlée');
	});

	it('allows a blocked word inside a longer word', () => {
		expect(blocked.find('grapefruit and grapes')).toBeUndefined();
		expect(new BlockedWords(['ass']).find('a class assessment')).toBeUndefined();
		expect(new BlockedWords(['ass']).find('a cl\u200Bass as\u2800sessment')).toBeUndefined();
	});

	it('finds a phrase across punctuation and spacing, but not its words apart', () => {
		expect(blocked.find('the RED\n\nfox!')).toBe('red fox');
		expect(blocked.find('the red-fox ran')).toBe('red fox');
		expect(blocked.find('a red and a fox')).toBeUndefined();
	});

	it('finds words at the very start and end of a text, next to punctuation', () => {
		expect(blocked.find('grape')).toBe('grape');
		expect(blocked.find('«grape»')).toBe('grape');
		expect(blocked.find('(grape).')).toBe('grape');
	});

	it('blocks nothing with an empty list or entries without letters', () => {
		expect(new BlockedWords([]).find('anything at all')).toBeUndefined();
		expect(new BlockedWords(['  ', '!!!']).find('anything !!! at all')).toBeUndefined();
	});
});

describe('parseWordList', () => {
	it('splits on commas, trims and drops empty entries', () => {
		expect(parseWordList(' grape ,, red   fox,')).toEqual(['grape', 'red fox']);
	});
});
