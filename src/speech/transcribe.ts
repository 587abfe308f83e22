import {
	type APIEmbed,
	type Attachment,
	type Message,
	type MessageContextMenuCommandInteraction,
	MessageFlags,
} from 'discord.js';
import type { AppContext } from '../app-context.js';
import { defer, sendPrivate } from '../discord/replies.js';
import { resolveRostro } from '../discord/tokens.js';
import { UserError } from '../discord/user-error.js';
import { downloadMedia, MediaDownloadError, type MediaFile } from '../media/attachment.js';
import { type RostroClient, RostroValidationError } from '../rostro/index.js';

const MiB = 1024 * 1024;

/**
 * The largest recording sent to speech to text. Limitation: Rostro documents no limit; this is
 * Discord's largest upload for unboosted servers with room to spare, raise it when Rostro says.
 */
export const MAX_RECORDING_BYTES = 25 * MiB;
const MAX_TRANSCRIPT_SHOWN = 4_000; // an embed description holds 4,096
const AUDIO_NAME = /\.(ogg|oga|opus|mp3|wav|flac|m4a|aac|webm)$/i;

/** Whether an attachment says it is audio (its bytes are Rostro's to judge). */
export function isAudio(attachment: Pick<Attachment, 'contentType' | 'name'>): boolean {
	if (attachment.contentType) return attachment.contentType.startsWith('audio/');
	return AUDIO_NAME.test(attachment.name);
}

/** The recording of a message: the clip of a voice message, else its first audio attachment. */
export function findRecording(message: Pick<Message, 'flags' | 'attachments'>): Attachment | undefined {
	const attachments = [...message.attachments.values()];
	if (message.flags.has(MessageFlags.IsVoiceMessage) && attachments[0]) return attachments[0];
	return attachments.find(isAudio);
}

function mebibytes(size: number): string {
	return `${(size / MiB).toFixed(1)} MiB`;
}

function tooLong(size: number): UserError {
	return new UserError(
		'recording-too-large',
		`That recording is ${mebibytes(size)}; I transcribe recordings up to ${mebibytes(MAX_RECORDING_BYTES)}.`,
	);
}

/** The recording's bytes, fetched no further than the limit allows. */
async function recordingFile(recording: Attachment): Promise<MediaFile> {
	if (recording.size > MAX_RECORDING_BYTES) throw tooLong(recording.size);

	const download = await downloadMedia(recording.url, 'recording', MAX_RECORDING_BYTES).catch((error: unknown) => {
		if (!(error instanceof MediaDownloadError)) throw error;
		throw new UserError('recording-unreachable', 'I could not fetch that recording from Discord; try again.');
	});
	if (download.kind === 'link') throw tooLong(download.size);
	return download.file;
}

async function transcribe(rostro: RostroClient, file: MediaFile): Promise<string> {
	try {
		return (await rostro.stt.transcribe(file.bytes, file.name, file.contentType)).text.trim();
	} catch (error) {
		if (!(error instanceof RostroValidationError)) throw error;
		throw new UserError('not-speech', 'Rostro could not read that attachment as audio, so there is no transcript.');
	}
}

function transcriptEmbed(text: string): APIEmbed {
	const shown = text.length > MAX_TRANSCRIPT_SHOWN ? `${text.slice(0, MAX_TRANSCRIPT_SHOWN)}…` : text;
	return { title: 'Transcript', description: shown || '*Rostro heard no words in this recording.*' };
}

/**
 * Transcribe: the target message's voice message or audio attachment goes to speech to text,
 * and the text comes back privately. A message without audio gets a sentence at once.
 */
export async function transcribeMessage(interaction: MessageContextMenuCommandInteraction, ctx: AppContext) {
	const recording = findRecording(interaction.targetMessage);
	if (!recording) {
		throw new UserError('no-audio', 'That message has no voice message or audio file to transcribe.');
	}

	await defer(interaction, 'private');
	const { rostro } = await resolveRostro(interaction, ctx);
	const text = await transcribe(rostro, await recordingFile(recording));
	ctx.logger.info({ bytes: recording.size }, 'recording transcribed');
	await sendPrivate(interaction, { content: interaction.targetMessage.url, embeds: [transcriptEmbed(text)] });
}
