import type { CharacterCard } from '../../rostro/index.js';

/** One line of a chat's history: a member's message or one of the character's replies. */
export interface Turn {
	role: 'user' | 'assistant';
	/**
	 * The name the line was spoken under: the member's persona name in this server if they had
	 * one when the line was heard, else their display name; for the character's lines, its name.
	 */
	speaker: string;
	text: string;
	/** Its count from an earlier prompt's `turnTokens`, so it is not counted again. */
	tokens?: number;
}

/** A persona a member plays in a server: who the character believes it is talking to. */
export interface Persona {
	name: string;
	description: string;
}

/**
 * The member whose line the character answers now. `{{user}}` stands for them: their persona's
 * name when one is given, else `displayName` (the name their line was spoken under). In a thread
 * with several members, it is whoever spoke the line being answered.
 */
export interface Speaker {
	displayName: string;
	persona?: Persona;
}

/** Everything a roleplay prompt is built from. */
export interface PromptInput {
	/** The character in card-spec V2 names (`src/rostro` maps Rostro's definition to them). */
	card: CharacterCard;
	/** The name the character answers to in chat. */
	characterName: string;
	speaker: Speaker;
	/** Names the session's members have spoken under, each given a stop sequence. */
	participants: string[];
	/**
	 * Personas of other members who spoke recently, most recent first. They follow the speaker's
	 * own while their share of the budget lasts, and each name gets a stop sequence.
	 */
	others?: Persona[];
	/** Oldest first; the last turn is the message being answered. */
	history: Turn[];
	/** Passages from Rostro's `/lore`, best first; they follow the card's own lore. */
	lore?: string[];
	/** The model id, which picks the context size unless `contextTokens` is given. */
	model: string;
	contextTokens?: number;
	/** Tokens kept free for the reply; 400 unless given. */
	replyTokens?: number;
}

/** A message of an OpenAI chat completion body. */
export interface PromptMessage {
	role: 'system' | 'user' | 'assistant';
	content: string;
}

/** An assembled prompt and what was left out to fit it in the model's context. */
export interface Prompt {
	messages: PromptMessage[];
	/** `\n<Name>:` for every member, so the model never writes a member's line. */
	stop: string[];
	/** How many of the oldest turns were left out: `history.slice(droppedTurns)` was kept. */
	droppedTurns: number;
	/** The estimated size of `messages` in tokens. */
	promptTokens: number;
	/** The count of each kept turn, in order, to store beside the history for the next prompt. */
	turnTokens: number[];
	/** True when even the newest turn alone did not fit and its text was cut short. */
	newestTruncated: boolean;
}
