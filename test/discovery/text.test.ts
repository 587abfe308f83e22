import { describe, expect, it } from 'vitest';
import { clip, formatCount, plainLine, safeMarkdown } from '../../src/discovery/text.js';

describe('clip', () => {
	it('leaves short text alone and ends cut text with an ellipsis within the limit', () => {
		expect(clip('short', 10)).toBe('short');
		const cut = clip('a sentence that is far too long', 12);
		expect(cut).toBe('a sentence…');
		expect(cut.length).toBeLessThanOrEqual(12);
		expect(clip('anything', 0)).toBe('');
	});
});

describe('plainLine', () => {
	it('shows someone else’s text literally on one line: no markdown, no pings', () => {
		const line = plainLine('**Bold**\n@everyone  look_here', 100);
		expect(line).toBe('\\*\\*Bold\\*\\* @\u200beveryone look\\_here');
	});
});

describe('formatCount', () => {
	it('groups thousands', () => {
		expect(formatCount(1234567)).toBe('1,234,567');
	});
});

describe('safeMarkdown', () => {
	it('drops HTML and images, turns headings bold and makes pings inert', () => {
		const notes = '# Title\n<p>Hello <b>there</b></p><br>![art](https://x.test/a.png)\n\n\n\nPing @here and <@123>';
		expect(safeMarkdown(notes, 500)).toBe('**Title**\nHello there\n\nPing @\u200bhere and <@\u200b123>');
	});

	it('cuts at a word break near the limit and stays within it', () => {
		const text = 'word '.repeat(200);
		const cut = safeMarkdown(text, 100);
		expect(cut.length).toBeLessThanOrEqual(100);
		expect(cut.endsWith('word…')).toBe(true);
	});

	it('closes a code block, bold or spoiler the cut left open', () => {
		const code = safeMarkdown(`Intro\n\`\`\`js\n${'const x = 1;\n'.repeat(50)}\`\`\``, 120);
		expect(code.match(/```/g)).toHaveLength(2);
		expect(code.length).toBeLessThanOrEqual(120);

		const bold = safeMarkdown(`**${'very bold words '.repeat(20)}**`, 60);
		expect(bold.match(/\*\*/g)).toHaveLength(2);
		const spoiler = safeMarkdown(`||${'hidden twist '.repeat(20)}||`, 60);
		expect(spoiler.match(/\|\|/g)).toHaveLength(2);
	});

	it('drops a link the cut left half-written', () => {
		const text = `See ${'more '.repeat(15)}[the full guide](https://example.test/${'a'.repeat(100)})`;
		const cut = safeMarkdown(text, 110);
		expect(cut).not.toContain('[the full guide]');
		expect(cut).not.toContain('](');
	});
});
