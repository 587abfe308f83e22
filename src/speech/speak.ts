import type { Message, RepliableInteraction } from 'discord.js';
import type { AppContext } from '../app-context.js';
import { guildIdOf } from '../discord/guards.js';
import { plain } from '../discord/text.js';
import { resolveRostro } from '../discord/tokens.js';
import { UserError } from '../discord/user-error.js';
import { downloadMedia, MediaDownloadError, uploadLimit } from '../media/attachment.js';
import { chargeUse, hasVisibleText, notePublished, refuseBlockedWords } from '../moderation/index.js';
import { type ImagineJob, type RostroClient, RostroValidationError } from '../rostro/index.js';
import { sendPublicResult } from './delivery.js';
import { finishedSpeech } from './job.js';

/** What to speak, in which voice (Rostro's default when none), and the line shown above the audio. */
export interface SpeechOrder {
	text: string;
	voiceId?: string | undefined;
	caption: string;
}

const QUOTE_SHOWN = 300;

/**
 * The line above a `/tts` result: the start of the text, quoted on one line, its markdown
 * escaped so a member's text can neither hide a link nor restyle the post.
 */
export function quoteCaption(text: string): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return `🔊 > ${plain(line.length > QUOTE_SHOWN ? `${line.slice(0, QUOTE_SHOWN)}…` : line)}`;
}

/** The line above a Speak result: whose message it was, escaped, and a link to it. */
export function messageCaption(message: Message): string {
	const author = plain(message.member?.displayName ?? message.author.displayName);
	return `🔊 A message by **${author}**: ${message.url}`;
}

/**
 * The text Speak reads from a message: its content with mentions turned into names, else the
 * text of its embeds (the bot's own results carry theirs there); empty when neither shows
 * anything.
 */
export function spokenText(message: Message): string {
	const content = message.cleanContent.trim();
	if (hasVisibleText(content)) return content;
	const embedded = message.embeds
		.flatMap((embed) => [embed.title, embed.description])
		.filter(Boolean)
		.join('\n')
		.trim();
	return hasVisibleText(embedded) ? embedded : '';
}

async function askForSpeech(rostro: RostroClient, order: SpeechOrder): Promise<ImagineJob> {
	try {
		return await rostro.tts.speak({ transcript: order.text, ...(order.voiceId ? { voiceId: order.voiceId } : {}) });
	} catch (error) {
		if (!(error instanceof RostroValidationError)) throw error;
		const voiceRefused = error.fields.some((field) => field.location.includes('voice'));
		throw new UserError(
			voiceRefused ? 'unknown-voice' : 'speech-refused',
			voiceRefused
				? 'Rostro has no such voice; pick one of the suggested voices.'
				: 'Rostro did not accept this text for speech; try a shorter or plainer text.',
		);
	}
}

function mebibytes(size: number): string {
	return `${(size / (1024 * 1024)).toFixed(1)} MiB`;
}

function linkNote(url: string, size: number): string {
	return `[Listen](${url}): at ${mebibytes(size)} it is larger than Discord takes here.`;
}

/**
 * The checks before anything is public, so a refusal is private: visible text, blocked words,
 * the paying account, then the cooldown and quota (keyv reads only, well inside Discord's 3 s).
 */
async function admitSpeech(interaction: RepliableInteraction, ctx: AppContext, text: string): Promise<RostroClient> {
	if (!hasVisibleText(text)) {
		throw new UserError('nothing-to-speak', 'There is nothing to speak: the text has no visible characters.');
	}
	await refuseBlockedWords(ctx, interaction.guildId, text);
	const { rostro, source } = await resolveRostro(interaction, ctx);
	await chargeUse(ctx, { guildId: guildIdOf(interaction), userId: interaction.user.id, feature: 'tts', source });
	return rostro;
}

/**
 * Speaks a text publicly: the checks (`admitSpeech`), a public placeholder, Rostro's speech job
 * followed to its end, then the audio attached under a name and type read from its bytes (or
 * linked when it is larger than Discord takes here), with a Delete button for the member and
 * moderators. Failures reach the member privately through the error reply.
 */
export async function speakAloud(interaction: RepliableInteraction, ctx: AppContext, order: SpeechOrder) {
	const rostro = await admitSpeech(interaction, ctx, order.text);
	// The placeholder's id lets a result posted in the channel after the token died replace it.
	const deferred = await interaction.deferReply({ withResponse: true });
	const placeholder = deferred.resource?.message?.id ?? deferred.interaction.responseMessageId ?? undefined;
	const first = await askForSpeech(rostro, order);
	const job = await finishedSpeech(rostro, first);

	const limit = uploadLimit({
		attachmentSizeLimit: interaction.attachmentSizeLimit,
		premiumTier: interaction.guild?.premiumTier,
	});
	const download = await downloadMedia(job.primaryMediaUrl, 'speech', limit).catch((error: unknown) => {
		if (!(error instanceof MediaDownloadError)) throw error;
		throw new UserError('speech-gone', 'Rostro made the speech, but I could not fetch it; try again.');
	});

	const result =
		download.kind === 'link'
			? { content: `${order.caption}\n${linkNote(job.primaryMediaUrl, download.size)}` }
			: { content: order.caption, file: download.file };
	const postedId = await sendPublicResult(interaction, result, placeholder);
	const who = { guildId: guildIdOf(interaction), userId: interaction.user.id, channelId: interaction.channelId };
	await notePublished(ctx, { ...who, what: 'made speech with /tts', excerpt: order.text, messageId: postedId });
	ctx.logger.info({ uuid: job.uuid, linked: download.kind === 'link' }, 'speech delivered');
}
