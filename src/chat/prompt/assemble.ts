import {
	contextSizeFor,
	DEFAULT_REPLY_TOKENS,
	fitHistory,
	type HistoryFit,
	LORE_SHARE,
	MESSAGE_OVERHEAD,
	PERSONA_SHARE,
	promptBudget,
	SECTION_SEPARATOR,
} from './budget.js';
import { type CardSections, cardSections, fillPlaceholders, type PlaceholderNames, personaSection } from './card.js';
import { stopSequences, turnContent, turnMessages } from './history.js';
import { type LoreSelection, selectLore } from './lore.js';
import { countRecurring, countTokens, truncateToTokens } from './tokens.js';
import type { Persona, Prompt, PromptInput, PromptMessage, Turn } from './types.js';

// However little space is left, the member's message keeps at least this much of its text.
const MIN_NEWEST_TOKENS = 64;
const TRUNCATION_MARK = '…';

/** The newest turn as it goes into the prompt. */
interface NewestTurn {
	role: Turn['role'];
	content: string;
	/** The count of the whole turn, as stored for the next prompt. */
	count: number;
	/** What it takes in this prompt, cut short or not, its message overhead included. */
	tokens: number;
	truncated: boolean;
}

/** Other members' persona sections that fit, and the tokens they take. */
interface OthersSelection {
	sections: string[];
	tokens: number;
}

/** What the budget let in. */
interface Selection {
	sections: CardSections;
	others: OthersSelection;
	lore: LoreSelection;
	examples: string;
	earlier: HistoryFit;
	newest: NewestTurn | undefined;
	tokens: number;
}

function sectionTokens(text: string): number {
	return text === '' ? 0 : countRecurring(text) + SECTION_SEPARATOR;
}

/** What the card always sends: its system message less lore and examples, and its closing words. */
function coreTokens(sections: CardSections): number {
	const { systemPrompt, description, personality, scenario, persona, postHistory } = sections;
	const system = [systemPrompt, description, personality, scenario, persona].reduce(
		(sum, text) => sum + sectionTokens(text),
		MESSAGE_OVERHEAD,
	);
	return postHistory === '' ? system : system + countRecurring(postHistory) + MESSAGE_OVERHEAD;
}

/** The count a stored turn carries, unless it is missing or unusable. */
function storedCount({ tokens }: Turn): number | undefined {
	if (tokens === undefined || !Number.isInteger(tokens) || tokens < 0) return undefined;

	return tokens;
}

/** The newest turn, cut short when even it does not fit beside the card. */
function fitNewest(turn: Turn | undefined, room: number): NewestTurn | undefined {
	if (turn === undefined) return undefined;

	const content = turnContent(turn);
	const count = storedCount(turn) ?? countTokens(content);
	const limit = Math.max(room - MESSAGE_OVERHEAD, MIN_NEWEST_TOKENS);
	const { role } = turn;
	if (count <= limit) {
		return { role, content, count, tokens: count + MESSAGE_OVERHEAD, truncated: false };
	}

	const cut = truncateToTokens(content, limit - countTokens(TRUNCATION_MARK)) + TRUNCATION_MARK;
	const tokens = countTokens(cut) + MESSAGE_OVERHEAD;
	return { role, content: cut, count, tokens, truncated: true };
}

function namesOf(input: PromptInput): PlaceholderNames {
	const personaName = input.speaker.persona?.name.trim();
	return { char: input.characterName, user: personaName || input.speaker.displayName };
}

function budgetOf(input: PromptInput): number {
	const context = input.contextTokens ?? contextSizeFor(input.model);
	return promptBudget(context, input.replyTokens ?? DEFAULT_REPLY_TOKENS);
}

function loreFor(input: PromptInput, names: PlaceholderNames, budget: number): LoreSelection {
	return selectLore({
		book: input.card.character_book,
		extra: input.lore ?? [],
		recent: input.history.map((turn) => turn.text),
		budget,
		fill: (text) => fillPlaceholders(text, names),
	});
}

/** The personas of other members, most recent speaker first, each whole, that fit in `room`. */
function fitOthers(others: readonly Persona[], names: PlaceholderNames, room: number): OthersSelection {
	const described = new Set([names.user]);
	const sections: string[] = [];
	let tokens = 0;
	for (const persona of others) {
		const name = persona.name.trim();
		if (described.has(name)) continue;

		described.add(name);
		const section = personaSection({ name, description: persona.description }, names.char);
		const cost = sectionTokens(section);
		if (section === '' || tokens + cost > room) continue;

		sections.push(section);
		tokens += cost;
	}
	return { sections, tokens };
}

/** The turns before the newest that fit in `room`; only turns without a count are rendered. */
function fitEarlier(history: readonly Turn[], room: number): HistoryFit {
	const countOf = (index: number) => {
		const turn = history[index] as Turn;
		return storedCount(turn) ?? countTokens(turnContent(turn));
	};
	return fitHistory(Math.max(0, history.length - 1), room, countOf);
}

/**
 * Spends the budget: the card's core and the newest turn, then other members' personas, lore,
 * examples and older turns.
 */
function select(input: PromptInput): Selection {
	const names = namesOf(input);
	const sections = cardSections(input.card, names, input.speaker.persona);
	const budget = budgetOf(input);
	const core = coreTokens(sections);

	const newest = fitNewest(input.history.at(-1), budget - core);
	let room = budget - core - (newest?.tokens ?? 0);
	const others = fitOthers(input.others ?? [], names, Math.min(room, Math.floor(budget * PERSONA_SHARE)));
	room -= others.tokens;
	const lore = loreFor(input, names, Math.min(room, Math.floor(budget * LORE_SHARE)));
	room -= lore.tokens;
	const examples = sectionTokens(sections.examples) <= room ? sections.examples : '';
	room -= sectionTokens(examples);

	const earlier = fitEarlier(input.history, room);
	return { sections, others, lore, examples, earlier, newest, tokens: budget - room + earlier.tokens };
}

function systemMessage({ sections, others, lore, examples }: Selection): PromptMessage {
	const { systemPrompt, description, personality, scenario, persona } = sections;
	const card = [description, personality, scenario, persona, ...others.sections];
	const parts = [systemPrompt, ...lore.before, ...card, ...lore.after, examples];
	return { role: 'system', content: parts.filter((part) => part !== '').join('\n\n') };
}

function messagesOf(input: PromptInput, selection: Selection): PromptMessage[] {
	const { earlier, newest, sections } = selection;
	const kept = input.history.slice(earlier.firstKept, newest ? -1 : undefined).map((turn) => ({
		role: turn.role,
		content: turnContent(turn),
	}));
	if (newest) kept.push({ role: newest.role, content: newest.content });

	const closing: PromptMessage[] =
		sections.postHistory === '' ? [] : [{ role: 'system', content: sections.postHistory }];
	return [systemMessage(selection), ...turnMessages(kept), ...closing];
}

function stopsOf(input: PromptInput, keptTurns: readonly Turn[]): string[] {
	const speakers = keptTurns.filter((turn) => turn.role === 'user').map((turn) => turn.speaker);
	const persona = input.speaker.persona?.name ?? '';
	const others = (input.others ?? []).map((other) => other.name);
	const names = [...input.participants, input.speaker.displayName, persona, ...others, ...speakers];
	return stopSequences(names, input.characterName);
}

/**
 * Builds the chat completion messages for the character's next reply: the card, the speaker's
 * persona and those of other members who spoke recently, activated lore, example dialogue, as
 * much history as the model's context holds (oldest turns dropped first), then the card's
 * post-history instructions.
 */
export function buildPrompt(input: PromptInput): Prompt {
	const selection = select(input);
	const { earlier, newest } = selection;

	return {
		messages: messagesOf(input, selection),
		stop: stopsOf(input, input.history.slice(earlier.firstKept)),
		droppedTurns: earlier.firstKept,
		promptTokens: selection.tokens,
		turnTokens: newest ? [...earlier.counts, newest.count] : earlier.counts,
		newestTruncated: newest?.truncated ?? false,
	};
}
