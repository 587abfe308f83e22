import {
	ActionRowBuilder,
	type APIActionRowComponent,
	type APIButtonComponent,
	type APIEmbed,
	ButtonBuilder,
	ButtonStyle,
	type RawFile,
} from 'discord.js';
import { customId } from '../discord/command.js';
import { plain } from '../discord/text.js';
import type { MediaFile } from './attachment.js';
import type { MediaJob } from './job-record.js';
import { kindNoun, kindTitle } from './kinds.js';

/** The command whose router receives the result's buttons. */
export const IMAGINE_COMMAND = 'imagine';

/** The buttons on a result, by custom-id action. */
export const resultActions = {
	regenerate: 'regen',
	variations: 'vary',
	upscale: 'upscale',
	save: 'save',
	delete: 'delete',
} as const;

/** A message body in Discord's own JSON, with the files it uploads. */
export interface OutgoingMessage {
	body: Record<string, unknown>;
	files: RawFile[];
}

const MAX_PROMPT_SHOWN = 3_500; // an embed description holds 4096
const EMBED_COLOUR = 0x7c5cff;

/** The placeholder's first text, once the defer has been sent. */
export function startingText(kind: MediaJob['kind']): string {
	return `Making ${kindNoun(kind)}…`;
}

/** The placeholder's text while Rostro works: the elapsed time, which is all Rostro reports. */
export function progressText(job: Pick<MediaJob, 'kind'>, elapsedMs: number): string {
	const seconds = Math.max(1, Math.round(elapsedMs / 1000));
	return `Making ${kindNoun(job.kind)}… ${seconds} s so far.`;
}

/** The prompt as the embed shows it: cut to fit, markdown escaped so it cannot render links. */
function shownPrompt(prompt: string): string {
	const cut = prompt.length > MAX_PROMPT_SHOWN ? `${prompt.slice(0, MAX_PROMPT_SHOWN)}…` : prompt;
	return plain(cut);
}

function button(action: string, jobId: string, label: string, style = ButtonStyle.Secondary): ButtonBuilder {
	return new ButtonBuilder()
		.setCustomId(customId(IMAGINE_COMMAND, action, jobId))
		.setLabel(label)
		.setStyle(style);
}

/** Regenerate and Delete on every result; the image-only ones only on images. */
export function resultButtons(job: Pick<MediaJob, 'id' | 'kind'>): APIActionRowComponent<APIButtonComponent>[] {
	const buttons = [button(resultActions.regenerate, job.id, 'Regenerate', ButtonStyle.Primary)];
	if (job.kind === 'image') {
		buttons.push(
			button(resultActions.variations, job.id, 'Variations'),
			button(resultActions.upscale, job.id, 'Upscale'),
			button(resultActions.save, job.id, 'Save to gallery'),
		);
	}
	buttons.push(button(resultActions.delete, job.id, 'Delete', ButtonStyle.Danger));
	return [new ActionRowBuilder<ButtonBuilder>().addComponents(buttons).toJSON()];
}

function resultEmbed(job: MediaJob, image: string | undefined, extra = ''): APIEmbed {
	return {
		title: kindTitle(job.kind),
		description: shownPrompt(job.prompt) + extra,
		color: EMBED_COLOUR,
		...(image ? { image: { url: image } } : {}),
		...(job.model ? { footer: { text: `Model: ${job.model}` } } : {}),
	};
}

/** The line that names the requester when the result is posted in the channel instead of the reply. */
export function requesterLine(job: Pick<MediaJob, 'kind' | 'userName'>): string {
	return `Here is ${kindNoun(job.kind)} **${plain(job.userName)}** asked for.`;
}

/** The result with its file attached, the prompt in an embed, and its buttons. */
export function attachedResult(job: MediaJob, file: MediaFile, content = ''): OutgoingMessage {
	const isImage = file.contentType.startsWith('image/');
	return {
		body: {
			content,
			embeds: [resultEmbed(job, isImage ? `attachment://${file.name}` : undefined)],
			components: resultButtons(job),
			attachments: [{ id: 0, filename: file.name }],
			allowed_mentions: { parse: [] },
		},
		files: [{ name: file.name, data: file.bytes, contentType: file.contentType }],
	};
}

function mebibytes(size: number): string {
	return `${(size / (1024 * 1024)).toFixed(1)} MiB`;
}

/** The result as a link, for a file larger than Discord takes here. */
export function linkedResult(job: MediaJob, url: string, size: number, content = ''): OutgoingMessage {
	const note = `\n\n[Open the ${kindTitle(job.kind).toLowerCase()}](${url}): at ${mebibytes(size)} it is larger than Discord takes here.`;
	return {
		body: {
			content,
			embeds: [{ ...resultEmbed(job, job.kind === 'image' ? url : undefined, note), url }],
			components: resultButtons(job),
			attachments: [],
			allowed_mentions: { parse: [] },
		},
		files: [],
	};
}
