import { MessagePayload, type MessageTarget, type RepliableInteraction } from 'discord.js';
import { isDeadTokenError, noMentions, tokenExpired } from '../discord/replies.js';
import type { MediaFile } from '../media/attachment.js';

/** A message carrying one file under the content type read from its bytes. */
function filePayload(target: MessageTarget, content: string, file: MediaFile): MessagePayload {
	const payload = MessagePayload.create(target, {
		content,
		allowedMentions: noMentions,
		files: [{ attachment: file.bytes, name: file.name }],
	});
	// Left to itself, @discordjs/rest guesses the type again with another sniffer, which calls
	// a WAV audio/x-wav; the resolved files are used as given.
	payload.files = [{ name: file.name, data: file.bytes, contentType: file.contentType }];
	return payload;
}

/** A file posted in the channel, and the placeholder it replaces removed (the bot may delete its own). */
async function postInChannel(
	interaction: RepliableInteraction,
	content: string,
	file: MediaFile,
	placeholder?: string,
): Promise<string> {
	const channel = interaction.channel;
	if (!channel?.isSendable()) throw new Error('the interaction channel is gone');
	const posted = await channel.send(filePayload(channel, content, file));
	if (placeholder && 'messages' in channel) await channel.messages.delete(placeholder).catch(() => undefined);
	return posted.id;
}

/**
 * Puts a public file in the deferred reply while the interaction token works, and posts it in
 * the channel once the token has expired (by the clock, or because Discord says so), removing
 * the reply's placeholder when its id is known. Resolves to the id of the message with the file.
 */
export async function sendPublicFile(
	interaction: RepliableInteraction,
	content: string,
	file: MediaFile,
	placeholder?: string,
): Promise<string> {
	if (tokenExpired(interaction)) return postInChannel(interaction, content, file, placeholder);

	try {
		return (await interaction.editReply(filePayload(interaction.webhook, content, file))).id;
	} catch (error) {
		if (!isDeadTokenError(error)) throw error;
		return postInChannel(interaction, content, file, placeholder);
	}
}
