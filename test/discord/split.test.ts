import { describe, expect, it } from 'vitest';
import { MESSAGE_LIMIT, type MessagePiece, pieceContent, splitMessage, splitPieces } from '../../src/discord/split.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Every offset of `text` where a grapheme cluster ends. */
function graphemeBoundaries(text: string): Set<number> {
	return new Set([...segmenter.segment(text)].map(({ index, segment }) => index + segment.length));
}

function fences(content: string): number {
	return content.match(/```/g)?.length ?? 0;
}

/** Checks what every split must hold, and returns the pieces for more specific checks. */
function splitChecked(text: string, limit = MESSAGE_LIMIT): MessagePiece[] {
	const pieces = splitPieces(text, { limit });
	const boundaries = graphemeBoundaries(text);
	for (const piece of pieces) {
		const content = pieceContent(piece);
		expect(content.length).toBeLessThanOrEqual(limit);
		expect(content).toMatch(/\S/);
		expect(content).not.toMatch(LONE_SURROGATE);
		expect(text.slice(piece.start, piece.end)).toBe(piece.body);
	}
	for (const piece of pieces.slice(0, -1)) expect(boundaries.has(piece.end)).toBe(true);
	expect(splitMessage(text, { limit })).toEqual(pieces.map(pieceContent));
	return pieces;
}

function joined(pieces: MessagePiece[]): string {
	return pieces.map((piece) => piece.body).join('');
}

/** A small seeded generator, so a failing random case can be replayed. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6d_2b_79_f5) | 0;
		let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
		mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
		return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
	};
}

function pick<T>(next: () => number, items: readonly T[]): T {
	return items[Math.floor(next() * items.length)] as T;
}

describe('splitMessage', () => {
	it('keeps a text that fits as one message, and makes no message of nothing', () => {
		expect(splitMessage('Hello there.')).toEqual(['Hello there.']);
		expect(splitMessage('')).toEqual([]);
		expect(splitMessage(' \n\t\n ')).toEqual([]);
	});

	it('keeps 1,999 and 2,000 characters whole and cuts 2,001', () => {
		expect(splitMessage('a'.repeat(1_999))).toEqual(['a'.repeat(1_999)]);
		expect(splitMessage('a'.repeat(2_000))).toEqual(['a'.repeat(2_000)]);
		expect(splitMessage('a'.repeat(2_001))).toEqual(['a'.repeat(2_000), 'a']);
	});

	it('cuts 2,001 characters of words at the last space that fits', () => {
		const text = `${'word '.repeat(399)}wordy`; // 2,000 characters
		expect(splitMessage(text)).toEqual([text]);

		const pieces = splitChecked(`${text}!`);
		expect(pieces.map((piece) => piece.body)).toEqual(['word '.repeat(399), 'wordy!']);
	});

	it('does not cut a surrogate pair that straddles the limit', () => {
		const pieces = splitChecked(`${'a'.repeat(1_999)}😀b`);
		expect(pieces.map((piece) => piece.body)).toEqual(['a'.repeat(1_999), '😀b']);
	});

	it('prefers a paragraph break, then a line break, then a sentence end, then a space', () => {
		const filler = 'lorem ipsum '.repeat(10); // 120 characters
		const cutAt = (text: string) => splitChecked(text, 200)[0]?.body;

		expect(cutAt(`${filler}First.\n\nSecond line\nthird. fourth ${filler}`)).toBe(`${filler}First.\n\n`);
		expect(cutAt(`${filler}First. Second line\nthird. fourth ${filler}`)).toBe(`${filler}First. Second line\n`);
		expect(cutAt(`${filler}First. Second line third fourth ${filler}`)).toBe(`${filler}First. `);
		expect(cutAt(`${'lorem ipsum '.repeat(40)}`)).toBe(`${'lorem ipsum '.repeat(16)}lorem `);
	});

	it('takes a later space over a paragraph break that would leave the message nearly empty', () => {
		const text = `Hi.\n\n${'word '.repeat(100)}`;
		const [first] = splitChecked(text, 200);
		expect(first?.body.length).toBeGreaterThan(100);
	});

	it('cuts a run with no spaces at grapheme boundaries', () => {
		const pieces = splitChecked('x'.repeat(5_000));
		expect(pieces.map((piece) => piece.body.length)).toEqual([2_000, 2_000, 1_000]);
	});

	it('keeps emoji whole: ZWJ sequences, flags and skin tones', () => {
		for (const emoji of ['👨‍👩‍👧‍👦', '🏳️‍🌈', '🇯🇵', '👋🏽', '🧑🏿‍💻']) {
			const text = emoji.repeat(100);
			const pieces = splitChecked(text, 64);
			expect(pieces.length).toBeGreaterThan(1);
			for (const piece of pieces) expect(piece.body.split(emoji).join('')).toBe('');
			expect(joined(pieces)).toBe(text);
		}
	});

	it('keeps flags paired when they run together', () => {
		const text = '🇯🇵🇫🇷🇧🇷'.repeat(50);
		for (const piece of splitChecked(text, 64)) {
			expect(piece.body.match(/\p{Regional_Indicator}/gu)?.length ?? 0).toSatisfy((count: number) => count % 2 === 0);
		}
	});

	it('cuts CJK without spaces at grapheme boundaries, after a full stop when there is one', () => {
		const plain = '漢字かな'.repeat(1_000);
		expect(joined(splitChecked(plain))).toBe(plain);

		const sentences = '今日は良い天気です。'.repeat(300);
		const pieces = splitChecked(sentences);
		for (const piece of pieces.slice(0, -1)) expect(piece.body.endsWith('。')).toBe(true);
		expect(joined(pieces)).toBe(sentences);
	});

	it('never separates a combining mark from its letter', () => {
		const text = 'e\u0301n\u0303\u0308'.repeat(800);
		for (const piece of splitChecked(text)) expect(piece.body).toMatch(/^[en]/);
	});

	it('cuts a single grapheme longer than a message between code points rather than overflow', () => {
		const text = `a${'\u0301'.repeat(3_000)}`;
		const pieces = splitPieces(text);
		expect(pieces.map((piece) => pieceContent(piece).length)).toEqual([2_000, 1_001]);
		expect(joined(pieces)).toBe(text);
	});

	it('closes a code block cut off and reopens it with its language', () => {
		const lines = Array.from({ length: 400 }, (_, index) => `const value${index} = ${index};`);
		const text = `Here it is:\n\n\`\`\`ts\n${lines.join('\n')}\n\`\`\`\nThat is all.`;
		const pieces = splitChecked(text);

		expect(pieces.length).toBeGreaterThan(3);
		for (const [index, piece] of pieces.entries()) {
			const content = pieceContent(piece);
			expect(fences(content) % 2).toBe(0);
			if (index > 0) expect(content.startsWith('```ts\n')).toBe(true);
			if (index < pieces.length - 1) expect(content.endsWith('\n```')).toBe(true);
		}
		expect(joined(pieces)).toBe(text);
	});

	it('counts the added fences against the limit, up to exactly the limit', () => {
		const text = `\`\`\`py\n${'x = 1\n'.repeat(1_000)}\`\`\``;
		const pieces = splitChecked(text);
		expect(Math.max(...pieces.map((piece) => pieceContent(piece).length))).toBeGreaterThan(1_990);
	});

	it('carries a code block whose single line is longer than a message', () => {
		const text = `\`\`\`\n${'0123456789'.repeat(500)}\n\`\`\``;
		const pieces = splitChecked(text);
		expect(pieces.length).toBe(3);
		for (const piece of pieces) expect(fences(pieceContent(piece))).toBe(2);
		expect(pieces[1]?.reopen).toBe('```\n');
		expect(joined(pieces)).toBe(text);
	});

	it('ignores backticks inside a code block and reopens it after them', () => {
		const line = 'let s = `template` + ``double `quoted` `` + `;\n';
		const text = `\`\`\`js\n${line.repeat(120)}\`\`\``;
		const pieces = splitChecked(text);
		expect(pieces.length).toBeGreaterThan(2);
		for (const piece of pieces.slice(1)) expect(piece.reopen).toBe('```js\n');
		for (const piece of pieces) expect(fences(pieceContent(piece)) % 2).toBe(0);
	});

	it('treats a block still open at the end as a block, and closes it so it renders as code', () => {
		const text = `\`\`\`rust\n${'fn main() {}\n'.repeat(300)}`;
		const pieces = splitChecked(text);
		expect(pieces[0]?.close).toBe('```');
		expect(pieces[1]?.reopen).toBe('```rust\n');
		expect(pieces.at(-1)?.close).toBe('```');
		expect(joined(pieces)).toBe(text);

		expect(splitMessage('Look:\n```py\nprint(1)')).toEqual(['Look:\n```py\nprint(1)\n```']);
	});

	it('leaves a block alone until its first line and some code have arrived', () => {
		expect(splitMessage('Look:\n```py')).toEqual(['Look:\n```py']);
		expect(splitMessage('Look:\n```py\n')).toEqual(['Look:\n```py\n']);
	});

	it('keeps room for the fence that closes an open block', () => {
		const text = `\`\`\`\n${'x'.repeat(1_994)}`; // 1,998 characters, 2,002 once closed
		const pieces = splitChecked(text);
		expect(pieces).toHaveLength(2);
		expect(pieces.map((piece) => piece.close)).toEqual(['\n```', '\n```']);
		expect(joined(pieces)).toBe(text);
	});

	it('cuts outside an inline code span when it can', () => {
		const text = `${'word '.repeat(30)}\`a span with spaces in it\` ${'word '.repeat(30)}`;
		for (const piece of splitChecked(text, 160)) {
			expect(piece.body.split('`').length % 2).toBe(1);
			expect(piece.reopen + piece.close).toBe('');
		}
	});

	it('closes and reopens an inline code span longer than a message', () => {
		const text = `See \`\`${'token '.repeat(60)}\`\` there.`;
		const pieces = splitChecked(text, 100);
		expect(pieces[0]?.body).toBe('See '); // the span starts a message of its own
		expect(pieces.length).toBeGreaterThan(3);
		for (const piece of pieces.slice(1, -1)) expect(piece.close).toBe('``');
		for (const piece of pieces.slice(2)) expect(piece.reopen).toBe('``');
		expect(joined(pieces)).toBe(text);
	});

	it('does not take an escaped backtick for code', () => {
		const text = `${'\\` not code '.repeat(200)}`;
		for (const piece of splitChecked(text)) expect(piece.reopen + piece.close).toBe('');
	});

	it('drops only whitespace no message has room for', () => {
		const text = `start ${' '.repeat(5_000)} end`;
		const pieces = splitChecked(text);
		expect(joined(pieces).trim().split(/\s+/)).toEqual(['start', 'end']);

		const trailing = `${'a'.repeat(2_000)}\n\n`;
		expect(splitMessage(trailing)).toEqual(['a'.repeat(2_000)]);
		expect(splitMessage('done\n\n')).toEqual(['done\n\n']);
	});

	it('continues from the end of a piece already sent', () => {
		const text = `\`\`\`ts\n${'let a = 1;\n'.repeat(500)}\`\`\` and after`;
		const pieces = splitPieces(text);
		expect(splitPieces(text, { from: pieces[0]?.end })).toEqual(pieces.slice(1));
	});

	it('refuses a limit too small to carry a code block', () => {
		expect(() => splitMessage('text', { limit: 10 })).toThrow(RangeError);
	});

	it('gives back the text and fits every piece, over many random texts', () => {
		const fragments = [
			'word',
			'Rostro',
			'a',
			'supercalifragilistic',
			' ',
			' ',
			' ',
			'\n',
			'\n\n',
			'. ',
			'! ',
			'?" ',
			'…',
			'漢字',
			'かな',
			'。',
			'👨‍👩‍👧‍👦',
			'🇯🇵',
			'🇫🇷',
			'👋🏽',
			'😀',
			'e\u0301',
			'n\u0303\u0308',
			'`',
			'``',
			'```',
			'```ts\n',
			'```\n',
			'\\',
			'\\`',
			'x'.repeat(90),
			'\r\n',
			'\t',
			'@everyone',
		];
		const next = random(20_240_601);
		for (let round = 0; round < 200; round++) {
			const size = 1 + Math.floor(next() * 300);
			let text = Array.from({ length: size }, () => pick(next, fragments)).join('');
			text = text.replace(/\s{9,}/g, (run) => run.slice(0, 8));
			if (/\s$/.test(text)) text += 'z';
			const limit = 64 + Math.floor(next() * 200);

			expect(joined(splitChecked(text, limit)), `round ${round}`).toBe(text);
		}
	});

	it('balances every fence in every piece, over many random documents', () => {
		const next = random(7);
		const sentence = () =>
			`${Array.from({ length: 3 + Math.floor(next() * 12) }, () => pick(next, ['cat', 'sat', 'on', 'the', 'mat', '`mat`', 'naïve', '🙂'])).join(' ')}.`;
		const codeLine = () => pick(next, ['x += 1;', 'print(`a`)', 's = ``b``', '    return y', '', '// 注释 😀']);
		const block = () =>
			`\`\`\`${pick(next, ['ts', 'python', 'c++', ''])}\n${Array.from({ length: 1 + Math.floor(next() * 40) }, codeLine).join('\n')}\n\`\`\``;
		for (let round = 0; round < 120; round++) {
			const units = Array.from({ length: 1 + Math.floor(next() * 30) }, () => (next() < 0.3 ? block() : sentence()));
			const text = units.join(pick(next, ['\n\n', '\n', ' ']));
			const limit = 64 + Math.floor(next() * 400);
			const pieces = splitChecked(text, limit);

			expect(joined(pieces), `round ${round}`).toBe(text);
			for (const piece of pieces) expect(fences(pieceContent(piece)) % 2, `round ${round}`).toBe(0);
		}
	});
});
