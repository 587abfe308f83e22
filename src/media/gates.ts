import type { Channel } from 'discord.js';
import type { AppContext } from '../app-context.js';
import type { MediaKind } from './kinds.js';

/** What a prompt gate is asked about before a generation spends credits. */
export interface PromptCheck {
	guildId: string;
	userId: string;
	channel: Channel | null;
	kind: MediaKind;
	prompt: string;
}

/** Answers a sentence that refuses the prompt, or undefined to let it through. */
export type PromptGate = (check: PromptCheck, ctx: AppContext) => Promise<string | undefined>;

// Rostro moderates prompts itself (explicit_text), so by default every prompt goes through.
// A server's own policy (the moderation feature) adds its gate here.
const gates: PromptGate[] = [];

/** Adds a policy every `/imagine` prompt must pass, in the order added. */
export function addPromptGate(gate: PromptGate): void {
	gates.push(gate);
}

/** The first gate's refusal of this prompt, or undefined when every gate lets it through. */
export async function promptRefusal(check: PromptCheck, ctx: AppContext): Promise<string | undefined> {
	for (const gate of gates) {
		const refusal = await gate(check, ctx);
		if (refusal) return refusal;
	}
	return undefined;
}
