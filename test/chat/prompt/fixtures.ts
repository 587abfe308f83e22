import type { PromptInput, Turn } from '../../../src/chat/prompt/index.js';
import type { CharacterBook, CharacterCard } from '../../../src/rostro/index.js';

/** A card with every prompt field set, each field naming itself so tests can find it. */
export function aCard(overrides: Partial<CharacterCard> = {}): CharacterCard {
	return {
		name: 'Ari',
		description: 'DESCRIPTION: {{char}} maps rivers.',
		personality: 'PERSONALITY: curious',
		scenario: 'SCENARIO: {{user}} finds {{char}} at the docks.',
		first_mes: '*{{char}} looks up.* Hello, {{user}}.',
		mes_example: '<START>\n{{user}}: Who are you?\n{{char}}: EXAMPLE: a mapmaker.',
		creator_notes: 'CREATOR NOTES are for readers only.',
		system_prompt: 'SYSTEM: you are {{char}}.',
		post_history_instructions: 'POST: stay in character as {{char}}.',
		alternate_greetings: [],
		character_book: undefined,
		tags: [],
		creator: 'creator_a',
		character_version: '',
		extensions: {},
		...overrides,
	};
}

/** A card whose lorebook holds these entries (card-spec V2 names, anything else passes through). */
export function aCardWithLore(entries: Record<string, unknown>[], book: Record<string, unknown> = {}): CharacterCard {
	return aCard({ character_book: { extensions: {}, ...book, entries } as unknown as CharacterBook });
}

/** A member's message. */
export function said(speaker: string, text: string, tokens?: number): Turn {
	return tokens === undefined ? { role: 'user', speaker, text } : { role: 'user', speaker, text, tokens };
}

/** One of the character's replies. */
export function replied(text: string, tokens?: number): Turn {
	return tokens === undefined
		? { role: 'assistant', speaker: 'Ari', text }
		: { role: 'assistant', speaker: 'Ari', text, tokens };
}

/** Alternating member and character turns, each about `words` words long. */
export function conversation(turns: number, words = 30): Turn[] {
	return Array.from({ length: turns }, (_, index) => {
		const text = `turn ${index} ${'and the river bends again '.repeat(Math.ceil(words / 5))}`.trim();
		return index % 2 === 0 ? said(index % 4 === 0 ? 'Bob' : 'Cat', text) : replied(text);
	});
}

/** A prompt input for Ari talking with Bob, with the given changes. */
export function anInput(overrides: Partial<PromptInput> = {}): PromptInput {
	return {
		card: aCard(),
		characterName: 'Ari',
		speaker: { displayName: 'Bob' },
		participants: ['Bob', 'Cat'],
		history: [said('Bob', 'Hello there.')],
		model: 'asha',
		...overrides,
	};
}

/** The system message of a prompt. */
export function systemText(messages: { role: string; content: string }[]): string {
	return messages.find((message) => message.role === 'system')?.content ?? '';
}
