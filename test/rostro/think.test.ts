import { describe, expect, it } from 'vitest';
import { stripThinking, ThinkFilter } from '../../src/rostro/think.js';

/** Feeds the pieces through one filter, as a stream would. */
function streamed(pieces: string[]): string {
	const filter = new ThinkFilter();
	return pieces.map((piece) => filter.push(piece)).join('') + filter.flush();
}

/** Every way to cut `text` in two. */
function twoWaySplits(text: string): string[][] {
	return Array.from({ length: text.length + 1 }, (_, at) => [text.slice(0, at), text.slice(at)]);
}

describe('stripThinking', () => {
	it('removes the reasoning and the blank line after it', () => {
		expect(stripThinking('<think>plan the answer</think>\n\nHello there.')).toBe('Hello there.');
	});

	it('leaves a reply without reasoning untouched, spacing included', () => {
		expect(stripThinking('  *waves*  Hello.\n')).toBe('  *waves*  Hello.\n');
	});

	it('keeps angle brackets that are not think tags', () => {
		expect(stripThinking('a < b, <thing> and <thin ice>')).toBe('a < b, <thing> and <thin ice>');
	});

	it('hides everything after a think tag that never closes', () => {
		expect(stripThinking('Hi. <think>still thinking about')).toBe('Hi. ');
	});

	it('removes a stray closing tag', () => {
		expect(stripThinking('reasoning</think>\nAnswer')).toBe('reasoningAnswer');
	});

	it('removes several reasoning blocks', () => {
		expect(stripThinking('<think>a</think>One <think>b</think>two')).toBe('One two');
	});
});

describe('ThinkFilter', () => {
	const reply = '<think>Stay in character.</think>\n\nHéllo 🌍, <b>friend</b> a<b';
	const visible = 'Héllo 🌍, <b>friend</b> a<b';

	it('gives the same text however the reply is cut in two', () => {
		for (const pieces of twoWaySplits(reply)) expect(streamed(pieces)).toBe(visible);
	});

	it('gives the same text when every character arrives alone', () => {
		expect(streamed([...reply])).toBe(visible);
	});

	it('holds back only what could still be a tag', () => {
		const filter = new ThinkFilter();
		expect(filter.push('Hello <thi')).toBe('Hello ');
		expect(filter.push('s>')).toBe('<this>');
	});

	it('never lets reasoning out when the stream ends inside it', () => {
		expect(streamed(['Hi', ' <thi', 'nk>secret', ' plan'])).toBe('Hi ');
	});
});
