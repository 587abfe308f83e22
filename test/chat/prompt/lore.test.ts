import { describe, expect, it } from 'vitest';
import {
	fitLore,
	isActivated,
	type LoreCandidate,
	type LoreRequest,
	readLorebook,
	ScanText,
	selectLore,
} from '../../../src/chat/prompt/lore.js';
import { countTokens } from '../../../src/chat/prompt/tokens.js';

function entry(fields: Record<string, unknown>) {
	return { enabled: true, insertion_order: 100, ...fields };
}

function bookOf(...entries: Record<string, unknown>[]) {
	return { entries };
}

function activeContents(book: unknown, ...recent: string[]): string[] {
	const scan = new ScanText(recent);
	return readLorebook(book)
		.filter((loreEntry) => isActivated(loreEntry, scan))
		.map((loreEntry) => loreEntry.content);
}

function request(fields: Partial<LoreRequest>): LoreRequest {
	return { book: undefined, extra: [], recent: [], budget: 1_000, fill: (text) => text, ...fields };
}

describe('readLorebook', () => {
	it('reads card-spec V2 entries', () => {
		const book = bookOf(
			entry({ keys: ['river'], secondary_keys: ['boat'], content: 'Rivers.', selective: true, case_sensitive: true }),
		);

		expect(readLorebook(book)).toEqual([
			{
				keys: ['river'],
				secondaryKeys: ['boat'],
				content: 'Rivers.',
				enabled: true,
				constant: false,
				selective: true,
				caseSensitive: true,
				wholeWords: true,
				order: 100,
				priority: 0,
				position: 'after_char',
			},
		]);
	});

	it('reads World-Info entries keyed by uid, with key, keysecondary, order, disable and numbered positions', () => {
		const worldInfo = {
			entries: {
				'0': { uid: 0, key: ['tower'], keysecondary: ['mage'], content: 'A tower.', order: 7, position: 0 },
				'1': { uid: 1, key: 'moon, tide', content: 'The moon.', disable: true, position: 1 },
			},
		};

		expect(readLorebook(worldInfo)).toMatchObject([
			{ keys: ['tower'], secondaryKeys: ['mage'], order: 7, position: 'before_char', enabled: true },
			{ keys: ['moon', 'tide'], enabled: false, order: 100, position: 'after_char' },
		]);
	});

	it('reads nothing from a missing book or malformed entries', () => {
		expect(readLorebook(undefined)).toEqual([]);
		expect(readLorebook({ entries: null })).toEqual([]);
		expect(readLorebook({ entries: [null, 'text', 3] })).toEqual([]);
	});
});

describe('lore activation', () => {
	it('wakes on a key only where it stands as a word, unless the entry asks for any match', () => {
		const book = bookOf(
			entry({ keys: ['cat'], content: 'Cats.' }),
			entry({ keys: ['sea'], content: 'The sea.', match_whole_words: false }),
			entry({ keys: ['Café Noir'], content: 'The café.' }),
		);

		expect(activeContents(book, 'Which category is it?')).toEqual([]);
		expect(activeContents(book, 'A research vessel.')).toEqual(['The sea.']);
		expect(activeContents(book, 'The cat, asleep.')).toEqual(['Cats.']);
		expect(activeContents(book, '"CAT!" she cried.')).toEqual(['Cats.']);
		expect(activeContents(book, 'Meet me at café noir.')).toEqual(['The café.']);
		expect(activeContents(book, 'Meet me at café noirs.')).toEqual([]);
		expect(activeContents(book, 'cats and cat')).toEqual(['Cats.']);
	});

	it('finds keys inside text written without spaces, as in Chinese or Japanese', () => {
		const book = bookOf(entry({ keys: ['龍'], content: 'Dragons.' }), entry({ keys: ['ねこ'], content: 'Cats.' }));

		expect(activeContents(book, '我看见了一条龍在飞')).toEqual(['Dragons.']);
		expect(activeContents(book, 'あのねこはかわいい')).toEqual(['Cats.']);
	});

	it('activates an entry whose key appears in the recent messages', () => {
		const book = bookOf(entry({ keys: ['dragon'], content: 'Dragons.' }), entry({ keys: ['ship'], content: 'Ships.' }));

		expect(activeContents(book, 'Have you seen the dragon?')).toEqual(['Dragons.']);
	});

	it('ignores case unless the entry is case-sensitive', () => {
		const book = bookOf(
			entry({ keys: ['dragon'], content: 'Any case.' }),
			entry({ keys: ['Vell'], content: 'Exact case.', case_sensitive: true }),
		);

		expect(activeContents(book, 'The DRAGON of vell')).toEqual(['Any case.']);
		expect(activeContents(book, 'The dragon of Vell')).toEqual(['Any case.', 'Exact case.']);
	});

	it('needs a secondary key as well when the entry is selective', () => {
		const book = bookOf(entry({ keys: ['tower'], secondary_keys: ['mage', 'wizard'], selective: true, content: 'T.' }));

		expect(activeContents(book, 'the tower')).toEqual([]);
		expect(activeContents(book, 'the tower of the wizard')).toEqual(['T.']);
	});

	it('ignores secondary keys when the entry is not selective', () => {
		const book = bookOf(entry({ keys: ['tower'], secondary_keys: ['mage'], selective: false, content: 'T.' }));

		expect(activeContents(book, 'the tower')).toEqual(['T.']);
	});

	it('activates constant entries without any key', () => {
		const book = bookOf(entry({ keys: [], constant: true, content: 'Always.' }));

		expect(activeContents(book, 'nothing relevant')).toEqual(['Always.']);
	});

	it('never activates disabled or empty entries, constant or not', () => {
		const book = bookOf(
			entry({ keys: ['dragon'], enabled: false, content: 'Off.' }),
			entry({ constant: true, enabled: false, content: 'Off too.' }),
			entry({ keys: ['dragon'], content: '   ' }),
		);

		expect(activeContents(book, 'dragon')).toEqual([]);
	});

	it('activates World-Info entries by their key and keysecondary', () => {
		const worldInfo = {
			entries: {
				'3': { uid: 3, key: ['harbor'], keysecondary: ['night'], selective: true, content: 'Harbor at night.' },
			},
		};

		expect(activeContents(worldInfo, 'the harbor')).toEqual([]);
		expect(activeContents(worldInfo, 'the harbor at night')).toEqual(['Harbor at night.']);
	});
});

describe('selectLore', () => {
	it('looks for keys in the last four turns and the new message only', () => {
		const book = bookOf(entry({ keys: ['dragon'], content: 'Dragons.' }));
		const recent = ['a dragon, long ago', 'one', 'two', 'three', 'four', 'new message'];

		expect(selectLore(request({ book, recent })).after).toEqual([]);
		expect(selectLore(request({ book, recent: recent.slice(1).concat('dragon!') })).after).toEqual(['Dragons.']);
	});

	it('honours the book’s own scan depth', () => {
		const book = { ...bookOf(entry({ keys: ['dragon'], content: 'Dragons.' })), scan_depth: 0 };

		expect(selectLore(request({ book, recent: ['dragon', 'hello'] })).after).toEqual([]);
	});

	it('sorts entries by insertion order and places them by position', () => {
		const book = bookOf(
			entry({ constant: true, content: 'Third.', insertion_order: 30 }),
			entry({ constant: true, content: 'First.', insertion_order: 10 }),
			entry({ constant: true, content: 'Before.', insertion_order: 20, position: 'before_char' }),
			entry({ constant: true, content: 'Second.', insertion_order: 20 }),
		);

		expect(selectLore(request({ book }))).toMatchObject({
			before: ['Before.'],
			after: ['First.', 'Second.', 'Third.'],
		});
	});

	it('adds Rostro lore passages after the book’s entries, placeholders filled', () => {
		const book = bookOf(entry({ constant: true, content: 'Book about {{char}}.', insertion_order: 500 }));
		const fill = (text: string) => text.replaceAll('{{char}}', 'Ari');

		const lore = selectLore(request({ book, extra: ['Found: {{char}} sails.', '  '], fill }));

		expect(lore.after).toEqual(['Book about Ari.', 'Found: Ari sails.']);
	});

	it('counts the tokens of what it keeps', () => {
		const lore = selectLore(request({ extra: ['The harbor of Vell never freezes.'] }));

		expect(lore.tokens).toBe(countTokens('The harbor of Vell never freezes.') + 1);
	});

	it('keeps to the budget and to the book’s own budget when that is smaller', () => {
		const long = 'word '.repeat(200);
		const book = bookOf(entry({ constant: true, content: long }), entry({ constant: true, content: 'Short.' }));

		expect(selectLore(request({ book, budget: 50 })).after).toEqual(['Short.']);
		expect(selectLore(request({ book: { ...book, token_budget: 1 }, budget: 1_000 })).after).toEqual([]);
	});
});

describe('fitLore', () => {
	function candidate(text: string, tokens: number, fields: Partial<LoreCandidate> = {}): LoreCandidate {
		return { text, tokens, constant: false, priority: 0, order: 100, position: 'after_char', ...fields };
	}

	it('keeps constants first, then higher priority, when not everything fits', () => {
		const candidates = [
			candidate('keyed', 40, { order: 1 }),
			candidate('important', 40, { priority: 10, order: 2 }),
			candidate('constant', 40, { constant: true, order: 3 }),
		];

		expect(fitLore(candidates, 80).map((kept) => kept.text)).toEqual(['important', 'constant']);
	});

	it('skips an entry that does not fit and still takes smaller ones after it', () => {
		const candidates = [candidate('big', 90, { order: 1 }), candidate('small', 10, { order: 2 })];

		expect(fitLore(candidates, 50).map((kept) => kept.text)).toEqual(['small']);
	});
});
