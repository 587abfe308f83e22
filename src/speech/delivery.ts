import { MessagePayload, type MessageTarget, type RepliableInteraction } from 'discord.js';
import { isDeadTokenError, noMentions, tokenExpired } from '../discord/replies.js';
import type { MediaFile } from '../media/attachment.js';
import { deletePostRow } from '../moderation/post-delete.js';

/** A public result: its text and, unless it is only a link, one file. */
export interface PublicResult {
	content: string;
	file?: MediaFile | undefined;
}

/**
 * The result as a message, with the Delete button its member and moderators may press, under the
 * content type read from the file's bytes.
 */
function resultPayload(target: MessageTarget, result: PublicResult): MessagePayload {
	const { content, file } = result;
	const payload = MessagePayload.create(target, {
		content,
		allowedMentions: noMentions,
		components: [deletePostRow()],
		files: file ? [{ attachment: file.bytes, name: file.name }] : [],
	});
	// Left to itself, @discordjs/rest guesses the type again with another sniffer, which calls
	// a WAV audio/x-wav; the resolved files are used as given.
	if (file) payload.files = [{ name: file.name, data: file.bytes, contentType: file.contentType }];
	return payload;
}

/** The result posted in the channel, and the placeholder it replaces removed (the bot may delete its own). */
async function postInChannel(interaction: RepliableInteraction, result: PublicResult, placeholder?: string) {
	const channel = interaction.channel;
	if (!channel?.isSendable()) throw new Error('the interaction channel is gone');
	const posted = await channel.send(resultPayload(channel, result));
	if (placeholder && 'messages' in channel) await channel.messages.delete(placeholder).catch(() => undefined);
	return posted.id;
}

/**
 * Puts a public result (a file, or a link) in the deferred reply while the interaction token
 * works, and posts it in the channel once the token has expired (by the clock, or because
 * Discord says so), removing the reply's placeholder when its id is known. Either way it carries
 * a Delete button. Resolves to the id of the message with the result.
 */
export async function sendPublicResult(
	interaction: RepliableInteraction,
	result: PublicResult,
	placeholder?: string,
): Promise<string> {
	if (tokenExpired(interaction)) return postInChannel(interaction, result, placeholder);

	try {
		return (await interaction.editReply(resultPayload(interaction.webhook, result))).id;
	} catch (error) {
		if (!isDeadTokenError(error)) throw error;
		return postInChannel(interaction, result, placeholder);
	}
}
