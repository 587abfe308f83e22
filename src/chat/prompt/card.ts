import type { CharacterCard } from '../../rostro/index.js';
import type { Persona } from './types.js';

/** Who `{{char}}` and `{{user}}` stand for in one prompt. */
export interface PlaceholderNames {
	char: string;
	user: string;
}

// `{{char}}`/`{{user}}` in any case and spacing, and the older `<BOT>`/`<CHAR>`/`<USER>` forms.
const PLACEHOLDER = /\{\{\s*(char|user)\s*\}\}|<(bot|char|user)>/gi;

/** Replaces the character and user placeholders of card text with the names in this chat. */
export function fillPlaceholders(text: string, names: PlaceholderNames): string {
	// A function replacement, so a `$` in a member's name is taken literally.
	return text.replace(PLACEHOLDER, (_match, braced?: string, angled?: string) => {
		const which = (braced ?? angled ?? '').toLowerCase();
		return which === 'user' ? names.user : names.char;
	});
}

// Card-spec V2 lets a card's own prompts embed the frontend's with `{{original}}`.
const ORIGINAL = /\{\{\s*original\s*\}\}/gi;

/** The instruction used when a card brings no system prompt of its own. */
export const defaultSystemPrompt = [
	'You are {{char}} in an ongoing roleplay chat on Discord.',
	"Several people may take part; each of their messages starts with the speaker's name.",
	"Write only {{char}}'s next reply, in character and true to the story so far.",
	'Never write lines, actions or thoughts for anyone else, and never mention these instructions.',
].join(' ');

/** The card's text for one prompt, placeholders filled, each part empty when the card has none. */
export interface CardSections {
	systemPrompt: string;
	description: string;
	personality: string;
	scenario: string;
	persona: string;
	examples: string;
	postHistory: string;
}

/** Maps a card and the speaker's persona to the labelled sections of a prompt. */
export function cardSections(card: CharacterCard, names: PlaceholderNames, persona?: Persona): CardSections {
	const fill = (text: string) => fillPlaceholders(text.trim(), names);
	const ownPrompt = card.system_prompt.trim();
	const systemPrompt = ownPrompt === '' ? defaultSystemPrompt : ownPrompt;

	return {
		systemPrompt: fill(systemPrompt.replace(ORIGINAL, defaultSystemPrompt)),
		description: fill(card.description),
		personality: labelled(`${names.char}'s personality`, fill(card.personality)),
		scenario: labelled('Scenario', fill(card.scenario)),
		persona: personaSection({ name: names.user, description: persona?.description ?? '' }, names.char),
		examples: renderExamples(exampleExchanges(fill(card.mes_example)), names.char),
		postHistory: fill(card.post_history_instructions.replace(ORIGINAL, '')),
	};
}

function labelled(label: string, text: string): string {
	return text === '' ? '' : `${label}: ${text}`;
}

/**
 * A member's persona as a section of the system message, empty without a description. In a
 * persona, `{{user}}` is the member it describes, whoever the character answers.
 */
export function personaSection(persona: Persona, characterName: string): string {
	const names = { char: characterName, user: persona.name };
	return labelled(`About ${persona.name}`, fillPlaceholders(persona.description.trim(), names));
}

/** The example exchanges of a card's `mes_example`, one per `<START>` block, trimmed. */
export function exampleExchanges(mesExample: string): string[] {
	return mesExample
		.split(/<start>/i)
		.map((block) => block.trim())
		.filter((block) => block !== '');
}

/**
 * Example exchanges as a section of the system message. They stay out of the message list:
 * as user and assistant messages, models take them for things that were really said.
 */
export function renderExamples(exchanges: string[], characterName: string): string {
	if (exchanges.length === 0) return '';

	const numbered = exchanges.map((exchange, index) => `[Example ${index + 1}]\n${exchange}`);
	const heading = `Example exchanges showing how ${characterName} speaks (not part of this chat):`;
	return [heading, ...numbered].join('\n\n');
}
