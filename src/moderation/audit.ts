import { ChannelType, type ChatInputCommandInteraction, messageLink } from 'discord.js';
import type { AppContext } from '../app-context.js';
import type { ChatSession } from '../chat/session.js';
import { guildIdOf } from '../discord/guards.js';
import { noMentions, sendPrivate } from '../discord/replies.js';
import { plain } from '../discord/text.js';
import { policyOf, updatePolicy } from './policy.js';
import { recordPosted } from './posted.js';

const EXCERPT = 200; // characters of a prompt shown in the audit log

/** One thing worth an audit line: who did what, where, with an excerpt and a link when there are any. */
export interface AuditEntry {
	guildId: string;
	userId: string;
	what: string;
	channelId?: string | null | undefined;
	excerpt?: string | undefined;
	messageId?: string | undefined;
}

function excerptOf(text: string): string {
	const line = plain(text.replace(/\s+/g, ' ').trim());
	return line.length > EXCERPT ? `${line.slice(0, EXCERPT)}…` : line;
}

function auditLine(entry: AuditEntry): string {
	const where = entry.channelId ? ` in <#${entry.channelId}>` : '';
	const parts = [`<@${entry.userId}> ${entry.what}${where}.`];
	if (entry.excerpt) parts.push(`> ${excerptOf(entry.excerpt)}`);
	if (entry.channelId && entry.messageId) parts.push(messageLink(entry.channelId, entry.messageId, entry.guildId));
	return parts.join('\n');
}

/**
 * Posts an entry in the server's audit-log channel, when it has one. The action it records has
 * happened already, so a failure to post is logged and never thrown.
 */
export async function audit(ctx: AppContext, entry: AuditEntry): Promise<void> {
	try {
		const channelId = (await policyOf(ctx, entry.guildId)).auditChannelId;
		if (!channelId) return;

		const channel = await ctx.client.channels.fetch(channelId);
		if (!channel?.isSendable()) throw new Error('the audit-log channel cannot be posted in');
		await channel.send({ content: auditLine(entry), allowedMentions: noMentions });
	} catch (error) {
		ctx.logger.warn({ err: error, guildId: entry.guildId }, 'could not write to the audit log');
	}
}

/** After a result is posted: remembers who caused it (Who prompted this?) and writes it to the audit log. */
export async function notePublished(ctx: AppContext, entry: AuditEntry): Promise<void> {
	if (entry.messageId) await recordPosted(ctx, entry.messageId, entry.guildId, entry.userId);
	await audit(ctx, entry);
}

/** `/setup audit-log [channel]`: where the audit log goes; no channel turns it off. */
export async function auditLogSetup(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const channel = interaction.options.getChannel('channel', false, [ChannelType.GuildText]);

	await updatePolicy(ctx, guildIdOf(interaction), (policy) => ({ ...policy, auditChannelId: channel?.id }));
	await sendPrivate(interaction, {
		content: channel ? `The audit log now goes to <#${channel.id}>.` : 'The audit log is off now.',
	});
}

/** Audits a `/setup` change; showing the setup or listing blocked words changes nothing. */
export async function auditSetup(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const subcommand = interaction.options.getSubcommand();
	if (subcommand === 'show' || interaction.options.getString('action') === 'list') return;

	const what = `changed the setup: /setup ${subcommand}`;
	await audit(ctx, { guildId: guildIdOf(interaction), userId: interaction.user.id, what });
}

/** The audit entry of a chat that started; a private chat says only that, naming no character. */
export function chatStartedEntry(session: ChatSession): AuditEntry {
	const who = { guildId: session.guildId, userId: session.startedBy ?? session.participants[0] ?? '' };
	if (session.private) return { ...who, what: 'started a private chat' };
	return { ...who, what: `started a chat with ${session.character.name}`, channelId: session.threadId };
}

/** The audit entry of a chat that ended (private chats are not audited beyond their start). */
export function chatEndedEntry(session: ChatSession, userId: string): AuditEntry {
	const what = `ended the chat with ${session.character.name}`;
	return { guildId: session.guildId, userId, what, channelId: session.threadId };
}
