import { describe, expect, it } from 'vitest';
import { matchingVoices } from '../../src/speech/voices.js';

const voices = [
	{ id: 'default', name: 'Narrator', description: 'A calm, neutral voice.' },
	{ id: 'amber', name: 'Amber', description: 'Warm and bright.' },
	{ id: 'basil', name: 'Basil', description: undefined },
];

describe('matchingVoices', () => {
	it('offers every voice for an empty query, named with its description', () => {
		expect(matchingVoices(voices, '')).toEqual([
			{ name: 'Narrator — A calm, neutral voice.', value: 'default' },
			{ name: 'Amber — Warm and bright.', value: 'amber' },
			{ name: 'Basil', value: 'basil' },
		]);
	});

	it('matches the name, the id or the description, ignoring case', () => {
		expect(matchingVoices(voices, 'AMB').map((choice) => choice.value)).toEqual(['amber']);
		expect(matchingVoices(voices, 'neutral').map((choice) => choice.value)).toEqual(['default']);
	});

	it('offers at most 25 choices with names of at most 100 characters', () => {
		const many = Array.from({ length: 40 }, (_, index) => ({
			id: `v${index}`,
			name: `Voice ${index}`,
			description: 'x'.repeat(200),
		}));
		const choices = matchingVoices(many, 'voice');
		expect(choices).toHaveLength(25);
		for (const choice of choices) expect(choice.name.length).toBeLessThanOrEqual(100);
	});
});
