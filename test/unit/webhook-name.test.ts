import { describe, expect, it } from 'vitest';
import { webhookUsername } from '../../src/chat/webhook-name.js';

describe('webhookUsername', () => {
	it('keeps an ordinary name', () => {
		expect(webhookUsername('Ari the Bard')).toBe('Ari the Bard');
	});

	it('breaks the words Discord refuses, in any case', () => {
		for (const name of ['Discord Kitten', 'CLYDE', 'my discordant clyde']) {
			const cleaned = webhookUsername(name);
			expect(cleaned.toLowerCase()).not.toMatch(/discord|clyde/);
			expect(cleaned.replaceAll('\u200b', '')).toBe(name);
		}
	});

	it('alters the reserved names', () => {
		expect(webhookUsername('everyone')).not.toBe('everyone');
		expect(webhookUsername(' Here ').toLowerCase()).not.toBe('here');
	});

	it('fits 1 to 80 characters without splitting an emoji', () => {
		expect(webhookUsername('Q').length).toBe(2);
		expect(webhookUsername('   ')).toBe('Character');
		const long = `${'a'.repeat(79)}👩‍👩‍👧`;
		expect(webhookUsername(long)).toBe('a'.repeat(79));
		expect(webhookUsername('x'.repeat(200))).toHaveLength(80);
	});

	it('collapses whitespace and newlines', () => {
		expect(webhookUsername('Ari\n\tthe   Bard')).toBe('Ari the Bard');
	});
});
