/** Context sizes in tokens, by model id. */
export type ContextTable = Readonly<Record<string, number>>;

/**
 * Context sizes (tokens) of the models Rostro serves. Rostro does not report them; these are
 * the sizes the models are known to be served with, and any can be overridden.
 */
export const contextSizes: ContextTable = {
	mythomax: 4_096,
	asha: 8_192,
	soji: 16_384,
	mixtral: 16_384,
	mistral: 8_192,
	mobile: 4_096,
	testing: 8_192,
};

/** The context size assumed for a model nobody has described. */
export const DEFAULT_CONTEXT_TOKENS = 8_192;

/** Tokens kept free for the reply unless the caller says otherwise. */
export const DEFAULT_REPLY_TOKENS = 400;

// cl100k counts English prose 10–20 % shorter than the Llama 2 and Mistral tokenizers do,
// so only this share of the space left by the reply is filled.
const ESTIMATE_MARGIN = 0.85;

/** The share of the prompt budget that lore may take. */
export const LORE_SHARE = 0.25;

/** The share of the prompt budget that other members' personas may take. */
export const PERSONA_SHARE = 0.15;

/** Tokens a chat template adds around each message (role markers, separators). */
export const MESSAGE_OVERHEAD = 4;

/** Tokens between two sections of one message (a blank line). */
export const SECTION_SEPARATOR = 1;

function lookUp(table: ContextTable, model: string): number | undefined {
	const exact = table[model];
	if (exact !== undefined) return exact;

	// Ids such as `mixtral-8x7b` or `chub/asha` name a known model inside a longer id.
	const family = Object.keys(table).find((known) => model.includes(known));
	return family === undefined ? undefined : table[family];
}

/** The context size of a model: from `overrides` first, then the table, else 8,192. */
export function contextSizeFor(model: string, overrides: ContextTable = {}): number {
	const id = model.trim().toLowerCase();
	return lookUp(overrides, id) ?? lookUp(contextSizes, id) ?? DEFAULT_CONTEXT_TOKENS;
}

/** The estimated tokens a prompt may hold, leaving room for the reply and the estimate's error. */
export function promptBudget(contextTokens: number, replyTokens: number): number {
	return Math.max(0, Math.floor((contextTokens - replyTokens) * ESTIMATE_MARGIN));
}

/** Which of the earlier turns fit, newest first, and their counts in history order. */
export interface HistoryFit {
	/** The index of the oldest turn kept. */
	firstKept: number;
	/** The count of each kept turn, oldest first. */
	counts: number[];
	/** The tokens the kept turns take, their message overhead included. */
	tokens: number;
}

/**
 * Keeps the newest turns that fit in `room` tokens and drops the older ones. Counts are asked
 * for from the newest back and only until the budget is spent, so a long history costs little.
 */
export function fitHistory(turnCount: number, room: number, countOf: (turn: number) => number): HistoryFit {
	const counts: number[] = [];
	let tokens = 0;
	let index = turnCount - 1;
	for (; index >= 0; index--) {
		const cost = countOf(index) + MESSAGE_OVERHEAD;
		if (tokens + cost > room) break;

		counts.push(cost - MESSAGE_OVERHEAD);
		tokens += cost;
	}
	return { firstKept: index + 1, counts: counts.reverse(), tokens };
}
