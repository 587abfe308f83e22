import {
	contextSizeFor,
	DEFAULT_REPLY_TOKENS,
	fitHistory,
	type HistoryFit,
	LORE_SHARE,
	MESSAGE_OVERHEAD,
	promptBudget,
	SECTION_SEPARATOR,
} from './budget.js';
import { type CardSections, cardSections, fillPlaceholders, type PlaceholderNames } from './card.js';
import { stopSequences, turnContent, turnMessages } from './history.js';
import { type LoreSelection, selectLore } from './lore.js';
import { countRecurring, countTokens, truncateToTokens } from './tokens.js';
import type { Prompt, PromptInput, PromptMessage, Turn } from './types.js';

// However little space is left, the member's message keeps at least this much of its text.
const MIN_NEWEST_TOKENS = 64;
const TRUNCATION_MARK = '…';

/** The newest turn as it goes into the prompt. */
interface NewestTurn {
	content: string;
	/** The count of the whole turn, as stored for the next prompt. */
	count: number;
	/** What it takes in this prompt, cut short or not, its message overhead included. */
	tokens: number;
	truncated: boolean;
}

/** What the budget let in. */
interface Selection {
	sections: CardSections;
	lore: LoreSelection;
	examples: string;
	contents: string[];
	earlier: HistoryFit;
	newest: NewestTurn | undefined;
	tokens: number;
}

function sectionTokens(text: string): number {
	return text === '' ? 0 : countRecurring(text) + SECTION_SEPARATOR;
}

/** The card's part that is always sent: the system message without lore and examples, and the closing instructions. */
function coreTokens(sections: CardSections): number {
	const { systemPrompt, description, personality, scenario, persona, postHistory } = sections;
	const system = [systemPrompt, description, personality, scenario, persona].reduce(
		(sum, text) => sum + sectionTokens(text),
		MESSAGE_OVERHEAD,
	);
	return postHistory === '' ? system : system + countRecurring(postHistory) + MESSAGE_OVERHEAD;
}

function storedCount(turn: Turn): number | undefined {
	const { tokens } = turn;
	return Number.isInteger(tokens) && (tokens as number) >= 0 ? tokens : undefined;
}

/** The newest turn, cut short when even it does not fit beside the card. */
function fitNewest(turn: Turn | undefined, content: string | undefined, room: number): NewestTurn | undefined {
	if (turn === undefined || content === undefined) return undefined;

	const count = storedCount(turn) ?? countTokens(content);
	const limit = Math.max(room - MESSAGE_OVERHEAD, MIN_NEWEST_TOKENS);
	if (count <= limit) return { content, count, tokens: count + MESSAGE_OVERHEAD, truncated: false };

	const cut = truncateToTokens(content, limit - countTokens(TRUNCATION_MARK)) + TRUNCATION_MARK;
	return { content: cut, count, tokens: countTokens(cut) + MESSAGE_OVERHEAD, truncated: true };
}

function namesOf(input: PromptInput): PlaceholderNames {
	const personaName = input.speaker.persona?.name.trim();
	return { char: input.characterName, user: personaName || input.speaker.displayName };
}

/** Spends the budget: the card's core and the newest turn first, then lore, examples and older turns. */
function select(input: PromptInput): Selection {
	const names = namesOf(input);
	const sections = cardSections(input.card, names, input.speaker.persona);
	const contents = input.history.map(turnContent);
	const budget = promptBudget(
		input.contextTokens ?? contextSizeFor(input.model),
		input.replyTokens ?? DEFAULT_REPLY_TOKENS,
	);
	const core = coreTokens(sections);

	const newest = fitNewest(input.history.at(-1), contents.at(-1), budget - core);
	let room = budget - core - (newest?.tokens ?? 0);
	const lore = selectLore({
		book: input.card.character_book,
		extra: input.lore ?? [],
		recent: input.history.map((turn) => turn.text),
		budget: Math.min(room, Math.floor(budget * LORE_SHARE)),
		fill: (text) => fillPlaceholders(text, names),
	});
	room -= lore.tokens;
	const examples = sectionTokens(sections.examples) <= room ? sections.examples : '';
	room -= sectionTokens(examples);

	const earlierCount = newest ? contents.length - 1 : 0;
	const countOf = (index: number) => storedCount(input.history[index] as Turn) ?? countTokens(contents[index] ?? '');
	const earlier = fitHistory(earlierCount, room, countOf);
	const tokens = budget - room + earlier.tokens;
	return { sections, lore, examples, contents, earlier, newest, tokens };
}

function systemMessage({ sections, lore, examples }: Selection): PromptMessage {
	const { systemPrompt, description, personality, scenario, persona } = sections;
	const parts = [systemPrompt, ...lore.before, description, personality, scenario, persona, ...lore.after, examples];
	return { role: 'system', content: parts.filter((part) => part !== '').join('\n\n') };
}

function messagesOf(input: PromptInput, selection: Selection): PromptMessage[] {
	const { earlier, newest, contents, sections } = selection;
	const kept = input.history.slice(earlier.firstKept).map((turn, offset) => ({
		role: turn.role,
		content: contents[earlier.firstKept + offset] ?? '',
	}));
	const last = kept.at(-1);
	if (last && newest) last.content = newest.content;

	const closing: PromptMessage[] =
		sections.postHistory === '' ? [] : [{ role: 'system', content: sections.postHistory }];
	return [systemMessage(selection), ...turnMessages(kept), ...closing];
}

function stopsOf(input: PromptInput, keptTurns: readonly Turn[]): string[] {
	const speakers = keptTurns.filter((turn) => turn.role === 'user').map((turn) => turn.speaker);
	const persona = input.speaker.persona?.name ?? '';
	const names = [...input.participants, input.speaker.displayName, persona, ...speakers];
	return stopSequences(names, input.characterName);
}

/**
 * Builds the chat completion messages for the character's next reply: the card, the speaker's
 * persona, activated lore, example dialogue, as much history as the model's context holds
 * (oldest turns dropped first), then the card's post-history instructions.
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
