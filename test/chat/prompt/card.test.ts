import { describe, expect, it } from 'vitest';
import {
	cardSections,
	defaultSystemPrompt,
	exampleExchanges,
	fillPlaceholders,
	renderExamples,
} from '../../../src/chat/prompt/card.js';
import { aCard } from './fixtures.js';

const names = { char: 'Ari', user: 'Bob' };

describe('fillPlaceholders', () => {
	it('replaces {{char}} and {{user}} in any case and spacing', () => {
		const text = '{{char}} {{CHAR}} {{ Char }} greets {{user}}, {{User}} and {{ USER }}.';
		expect(fillPlaceholders(text, names)).toBe('Ari Ari Ari greets Bob, Bob and Bob.');
	});

	it('replaces the older <USER>, <BOT> and <CHAR> forms in any case', () => {
		expect(fillPlaceholders('<BOT> and <char> wave at <USER> and <user>.', names)).toBe(
			'Ari and Ari wave at Bob and Bob.',
		);
	});

	it('takes names literally, even with $ patterns in them', () => {
		expect(fillPlaceholders('Hi {{user}}', { char: 'Ari', user: "$& $' $1" })).toBe("Hi $& $' $1");
	});

	it('leaves other braces and tags alone', () => {
		expect(fillPlaceholders('{{random}} <b>{{char}}</b>', names)).toBe('{{random}} <b>Ari</b>');
	});
});

describe('cardSections', () => {
	it('maps each card-spec field to its section with placeholders filled', () => {
		const sections = cardSections(aCard(), names);

		expect(sections).toEqual({
			systemPrompt: 'SYSTEM: you are Ari.',
			description: 'DESCRIPTION: Ari maps rivers.',
			personality: "Ari's personality: PERSONALITY: curious",
			scenario: 'Scenario: SCENARIO: Bob finds Ari at the docks.',
			persona: '',
			examples: expect.stringContaining('Bob: Who are you?\nAri: EXAMPLE: a mapmaker.'),
			postHistory: 'POST: stay in character as Ari.',
		});
	});

	it('uses a roleplay instruction when the card has no system prompt', () => {
		const sections = cardSections(aCard({ system_prompt: '  ' }), names);

		expect(sections.systemPrompt).toBe(fillPlaceholders(defaultSystemPrompt, names));
		expect(sections.systemPrompt).toContain('Write only Ari');
	});

	it('puts the default instruction where a card says {{original}}', () => {
		const sections = cardSections(aCard({ system_prompt: '{{original}} Also: be brief.' }), names);

		expect(sections.systemPrompt).toBe(`${fillPlaceholders(defaultSystemPrompt, names)} Also: be brief.`);
	});

	it('describes the speaker’s persona with placeholders filled', () => {
		const persona = { name: 'Robert', description: 'A sailor who owes {{char}} a map.' };
		const sections = cardSections(aCard(), { char: 'Ari', user: 'Robert' }, persona);

		expect(sections.persona).toBe('About Robert: A sailor who owes Ari a map.');
	});

	it('leaves out empty fields instead of sending bare labels', () => {
		const card = aCard({ personality: '', scenario: ' ', mes_example: '', post_history_instructions: '' });
		const sections = cardSections(card, names);

		expect(sections).toMatchObject({ personality: '', scenario: '', examples: '', postHistory: '' });
	});

	it('never sends the creator’s notes, which are for readers', () => {
		const sections = cardSections(aCard(), names);

		expect(Object.values(sections).join('\n')).not.toContain('CREATOR NOTES');
	});
});

describe('example dialogue', () => {
	it('turns each <START> block into one exchange', () => {
		const mesExample = '<START>\nBob: Hi\nAri: Hello\n<start>\nBob: Maps?\nAri: Always.\n<START>\n';

		expect(exampleExchanges(mesExample)).toEqual(['Bob: Hi\nAri: Hello', 'Bob: Maps?\nAri: Always.']);
	});

	it('keeps dialogue written without any <START> marker as one exchange', () => {
		expect(exampleExchanges('Bob: Hi\nAri: Hello')).toEqual(['Bob: Hi\nAri: Hello']);
	});

	it('numbers the exchanges under a heading that says they are examples', () => {
		const text = renderExamples(['Bob: Hi\nAri: Hello', 'Bob: Maps?\nAri: Always.'], 'Ari');

		expect(text).toBe(
			[
				'Example exchanges showing how Ari speaks (not part of this chat):',
				'[Example 1]\nBob: Hi\nAri: Hello',
				'[Example 2]\nBob: Maps?\nAri: Always.',
			].join('\n\n'),
		);
	});

	it('renders nothing for a card without examples', () => {
		expect(renderExamples(exampleExchanges('  <START>  '), 'Ari')).toBe('');
	});
});
