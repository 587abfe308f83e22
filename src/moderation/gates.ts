import type { AppContext } from '../app-context.js';
import { UserError } from '../discord/user-error.js';
import type { PromptGate } from '../media/gates.js';
import { BlockedWords } from './blocked-words.js';
import { policyOf } from './policy.js';

/** What is being checked, for the sentence a member reads. */
export type CheckedText = 'prompt' | 'text' | 'line';

/** The refusal of a text that contains one of the server's blocked words, or undefined. */
export async function blockedWordRefusal(
	ctx: AppContext,
	guildId: string | null | undefined,
	text: string,
	what: CheckedText = 'text',
): Promise<string | undefined> {
	if (!guildId) return undefined;

	const words = (await policyOf(ctx, guildId)).blockedWords ?? [];
	const found = new BlockedWords(words).find(text);
	if (found === undefined) return undefined;
	return `This server blocks “${found}”, so your ${what} was not sent to Rostro. Reword it and try again.`;
}

/** Throws a UserError when the text contains one of the server's blocked words. */
export async function refuseBlockedWords(
	ctx: AppContext,
	guildId: string | null | undefined,
	text: string,
	what: CheckedText = 'text',
): Promise<void> {
	const refusal = await blockedWordRefusal(ctx, guildId, text, what);
	if (refusal) throw new UserError('blocked-word', refusal);
}

/** The prompt gate `/imagine` runs before it spends credits. */
export const blockedWordsGate: PromptGate = (check, ctx) =>
	blockedWordRefusal(ctx, check.guildId, check.prompt, 'prompt');
