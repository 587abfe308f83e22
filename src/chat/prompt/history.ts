import { stripThinking } from '../../rostro/index.js';
import type { PromptMessage, Turn } from './types.js';

/**
 * A turn's content as the model reads it. A member's line starts with their name so the model
 * knows who speaks; the character's lines are the assistant's own and carry none, or the
 * model learns to open its replies with its name. Reasoning a stored reply kept is left out.
 */
export function turnContent(turn: Turn): string {
	const text = turn.text.includes('think>') ? stripThinking(turn.text) : turn.text;
	return turn.role === 'user' ? `${turn.speaker}: ${text}` : text;
}

/**
 * Turns as chat messages. Consecutive lines of one role share a message: several members often
 * speak before the character answers, and some chat templates insist that roles alternate.
 */
export function turnMessages(turns: readonly PromptMessage[]): PromptMessage[] {
	const messages: PromptMessage[] = [];
	for (const turn of turns) {
		const last = messages.at(-1);
		if (last?.role === turn.role) last.content += `\n${turn.content}`;
		else messages.push({ role: turn.role, content: turn.content });
	}
	return messages;
}

/** `\n<Name>:` for every member who may speak, so the model stops before writing their line. */
export function stopSequences(names: Iterable<string>, characterName: string): string[] {
	const members = new Set<string>();
	for (const name of names) {
		const trimmed = name.trim();
		if (trimmed !== '' && trimmed !== characterName) members.add(trimmed);
	}
	return [...members].map((name) => `\n${name}:`);
}
