export { buildPrompt } from './assemble.js';
export {
	type ContextTable,
	contextSizeFor,
	contextSizes,
	DEFAULT_CONTEXT_TOKENS,
	DEFAULT_REPLY_TOKENS,
	PERSONA_SHARE,
	promptBudget,
} from './budget.js';
export { defaultSystemPrompt, fillPlaceholders, type PlaceholderNames } from './card.js';
export { turnContent } from './history.js';
export { type LoreEntry, readLorebook } from './lore.js';
export { countTokens } from './tokens.js';
export type { Persona, Prompt, PromptInput, PromptMessage, Speaker, Turn } from './types.js';
