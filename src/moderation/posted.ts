import type { Message } from 'discord.js';
import type { AppContext } from '../app-context.js';
import type { PostedRecord } from '../store/index.js';

const DAY_MS = 24 * 60 * 60_000;

/**
 * Remembers who caused each message the bot (or one of its webhooks) posted, because a webhook
 * message otherwise hides the member behind it. Records live as long as chat sessions do. A
 * failure is logged, never thrown: the message is out already and must not be reported as failed.
 */
export async function recordPosted(
	ctx: AppContext,
	messageIds: string | readonly string[],
	guildId: string | null | undefined,
	userId: string,
): Promise<void> {
	if (!guildId) return;

	const record: PostedRecord = { guildId, userId, at: Date.now() };
	const ttlMs = ctx.config.chat.retentionDays * DAY_MS;
	const ids = typeof messageIds === 'string' ? [messageIds] : messageIds;
	try {
		for (const id of ids) await ctx.store.posted.set(id, record, ttlMs);
	} catch (error) {
		ctx.logger.warn({ err: error, guildId }, 'could not record who caused a posted message');
	}
}

/** Webhook messages are included: which app owns a webhook is not on the message itself. */
function postedByBotOrWebhook(message: Message, ctx: AppContext): boolean {
	return message.author.id === ctx.client.user?.id || message.webhookId !== null;
}

function when(at: number): string {
	const seconds = Math.floor(at / 1_000);
	return `<t:${seconds}:f> (<t:${seconds}:R>)`;
}

/** The private answer to "Who prompted this?" about a message. */
export async function whoPrompted(message: Message, ctx: AppContext): Promise<string> {
	const record = await ctx.store.posted.get(message.id);
	if (record && record.guildId === message.guildId) {
		return `<@${record.userId}> caused this message, on ${when(record.at)}.`;
	}

	if (postedByBotOrWebhook(message, ctx)) {
		return (
			'I have no record of who caused that message: it may be older than my records, ' +
			'or nobody asked for it (a feed post, for example), or another app posted it.'
		);
	}
	return `I did not post that message: <@${message.author.id}> wrote it themselves.`;
}
