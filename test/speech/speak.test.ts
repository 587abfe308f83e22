import type { Message } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { quoteCaption, spokenText } from '../../src/speech/speak.js';

function message(cleanContent: string, embeds: { title?: string; description?: string }[] = []): Message {
	return { cleanContent, embeds } as unknown as Message;
}

describe('spokenText', () => {
	it('reads the content with mentions already turned into names', () => {
		expect(spokenText(message('  @Bess, pour me one.  '))).toBe('@Bess, pour me one.');
	});

	it('reads the embeds of a message without content', () => {
		expect(spokenText(message('', [{ title: 'Image', description: 'a lighthouse at dusk' }]))).toBe(
			'Image\na lighthouse at dusk',
		);
	});

	it('finds nothing in a message without text', () => {
		expect(spokenText(message('   '))).toBe('');
		expect(spokenText(message('', [{}]))).toBe('');
	});
});

describe('quoteCaption', () => {
	it('quotes the text on one line, cut after 300 characters', () => {
		expect(quoteCaption('Hello\nthere   friend')).toBe('🔊 > Hello there friend');
		expect(quoteCaption('a'.repeat(400))).toBe(`🔊 > ${'a'.repeat(300)}…`);
	});
});
