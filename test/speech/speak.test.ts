import type { Message } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { messageCaption, quoteCaption, spokenText } from '../../src/speech/speak.js';

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

	it('finds nothing in a message whose text is only invisible characters', () => {
		expect(spokenText(message('\u200B\u2062', [{ description: '\u3164' }]))).toBe('');
		expect(spokenText(message('\u200B', [{ description: 'a lighthouse' }]))).toBe('a lighthouse');
	});
});

describe('quoteCaption', () => {
	it('quotes the text on one line, cut after 300 characters', () => {
		expect(quoteCaption('Hello\nthere   friend')).toBe('🔊 > Hello there friend');
		expect(quoteCaption('a'.repeat(400))).toBe(`🔊 > ${'a'.repeat(300)}…`);
	});

	it('escapes markdown, so a masked link, a spoiler or a heading does not render', () => {
		expect(quoteCaption('[Free Nitro](https://evil.example/phish) ||x||')).toBe(
			'🔊 > \\[Free Nitro](https://evil.example/phish) \\|\\|x\\|\\|',
		);
		expect(quoteCaption('**bold** `code`')).toBe('🔊 > \\*\\*bold\\*\\* \\`code\\`');
	});
});

describe('messageCaption', () => {
	it('names the author with their markdown escaped, and links the message', () => {
		const spoken = {
			member: { displayName: '[Mod](https://evil.example)' },
			author: { displayName: 'someone' },
			url: 'https://discord.com/channels/1/2/3',
		} as unknown as Message;
		expect(messageCaption(spoken)).toBe(
			'🔊 A message by **\\[Mod](https://evil.example)**: https://discord.com/channels/1/2/3',
		);
	});
});
