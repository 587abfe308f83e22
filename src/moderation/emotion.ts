import type { Message, RepliableInteraction } from 'discord.js';
import type { AppContext } from '../app-context.js';
import { defer, sendPrivate } from '../discord/replies.js';
import { resolveRostro } from '../discord/tokens.js';
import { UserError } from '../discord/user-error.js';
import type { DetectedEmotion } from '../rostro/index.js';
import { spokenText } from '../speech/index.js';

const MAX_TEXT = 4_000; // characters; a message with long embeds reads fine from its start

/** How an emotion reads to a member: `joy`, with Rostro's confidence when it gave one. */
export function emotionSentence({ emotion, confidence }: DetectedEmotion): string {
	const sure = confidence === undefined ? '' : ` (${Math.round(confidence * 100)}% confidence)`;
	return `Rostro reads **${emotion}** in that message${sure}.`;
}

/**
 * Detect emotion: the message's text (its content, else its embeds, as Speak reads it) goes to
 * Rostro's emotion inference, and the reading comes back privately.
 */
export async function detectEmotion(interaction: RepliableInteraction, ctx: AppContext, message: Message) {
	const text = spokenText(message).slice(0, MAX_TEXT);
	if (!text) throw new UserError('no-text', 'That message has no text to read an emotion in.');

	await defer(interaction, 'private');
	const { rostro } = await resolveRostro(interaction, ctx);
	const reading = await rostro.emotion.detect(text);
	await sendPrivate(interaction, { content: emotionSentence(reading) });
}
