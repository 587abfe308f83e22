import { describe, expect, it } from 'vitest';
import { stopSequences, turnContent, turnMessages } from '../../../src/chat/prompt/history.js';
import { replied, said } from './fixtures.js';

describe('turnContent', () => {
	it('starts a member’s line with their display name', () => {
		expect(turnContent(said('Bob', 'Hello there.'))).toBe('Bob: Hello there.');
	});

	it('gives the character’s lines as they are', () => {
		expect(turnContent(replied('*waves* Hi.'))).toBe('*waves* Hi.');
	});

	it('leaves out reasoning a stored reply kept', () => {
		expect(turnContent(replied('<think>plan the answer</think>\n\nThe map is here.'))).toBe('The map is here.');
	});
});

describe('turnMessages', () => {
	it('puts consecutive lines of one role in one message, one line each', () => {
		const messages = turnMessages([
			{ role: 'user', content: 'Bob: hi' },
			{ role: 'user', content: 'Cat: hello' },
			{ role: 'assistant', content: 'Welcome.' },
			{ role: 'user', content: 'Bob: thanks' },
		]);

		expect(messages).toEqual([
			{ role: 'user', content: 'Bob: hi\nCat: hello' },
			{ role: 'assistant', content: 'Welcome.' },
			{ role: 'user', content: 'Bob: thanks' },
		]);
	});
});

describe('stopSequences', () => {
	it('gives each member one newline-name-colon sequence', () => {
		expect(stopSequences(['Bob', 'Cat', 'Bob', ' Cat '], 'Ari')).toEqual(['\nBob:', '\nCat:']);
	});

	it('never stops the character on its own name, nor on blank names', () => {
		expect(stopSequences(['Ari', '', '  ', 'Bob'], 'Ari')).toEqual(['\nBob:']);
	});
});
