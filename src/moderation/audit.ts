import { type Channel, ChannelType, type ChatInputCommandInteraction, messageLink } from 'discord.js';
import type { AppContext } from '../app-context.js';
import type { ChatSession } from '../chat/session.js';
import { guildIdOf } from '../discord/guards.js';
import { noMentions, sendPrivate } from '../discord/replies.js';
import { plain } from '../discord/text.js';
import type { TokenSource } from '../discord/tokens.js';
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

// Subcommands that write their own audit line, naming what they changed.
const SELF_AUDITED = ['block', 'unblock'];

/**
 * Audits a `/setup` change; showing the setup or listing blocked words changes nothing, and
 * block and unblock audit themselves (`blockChangeEntry`), with the name as Rostro spells it.
 */
export async function auditSetup(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const subcommand = interaction.options.getSubcommand();
	if (subcommand === 'show' || interaction.options.getString('action') === 'list') return;
	if (SELF_AUDITED.includes(subcommand)) return;

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

/**
 * The channel an entry may name: none for a private thread, whose contents stay out of the log,
 * nor for a channel the bot does not know (and so cannot tell private or not).
 */
export function auditedChannelId(channel: Channel | null | undefined): string | undefined {
	if (!channel || channel.type === ChannelType.PrivateThread) return undefined;
	return channel.id;
}

/** Images a member added to a project's gallery, from a command or a message. */
export interface GalleryUpload {
	guildId: string;
	userId: string;
	count: number;
	projectLabel: string;
	caption: string;
	/** Where it was done; in a private thread it is not named. */
	channel: Channel | null | undefined;
	/** The message the images came from (Upload to gallery), linked unless in a private thread. */
	messageId?: string | undefined;
}

/** The audit entry of a gallery upload: how many images, which project, the caption's start. */
export function galleryUploadEntry(upload: GalleryUpload): AuditEntry {
	const images = upload.count === 1 ? 'an image' : `${upload.count} images`;
	const channelId = auditedChannelId(upload.channel);
	return {
		guildId: upload.guildId,
		userId: upload.userId,
		what: `uploaded ${images} to the gallery of ${plain(upload.projectLabel)}`,
		channelId,
		excerpt: upload.caption || undefined,
		messageId: channelId ? upload.messageId : undefined,
	};
}

/** A follow or unfollow of a creator or a tag, on a member's own account or the server's. */
export interface FollowChange {
	guildId: string;
	userId: string;
	follow: boolean;
	kind: 'user' | 'tag';
	name: string;
	source: TokenSource;
	channel: Channel | null | undefined;
}

/** The audit entry of a follow change; it names whose Rostro account changed, not the account itself. */
export function followChangeEntry(change: FollowChange): AuditEntry {
	const verb = change.follow ? 'followed' : 'unfollowed';
	const whom = `${change.kind === 'tag' ? 'the tag' : 'the creator'} ${plain(change.name)}`;
	const account = change.source === 'guild' ? "the server's Rostro account" : 'their own Rostro account';
	return {
		guildId: change.guildId,
		userId: change.userId,
		what: `${verb} ${whom} with ${account}`,
		channelId: auditedChannelId(change.channel),
	};
}

/** A creator or tag an admin hid (`/setup block`) or showed again (`/setup unblock`). */
export interface BlockChange {
	guildId: string;
	userId: string;
	hide: boolean;
	kind: 'user' | 'tag';
	name: string;
	/** Whether the server's Rostro account was changed too (it has a token). */
	onAccount: boolean;
	/** Whether a block named something hidden already (it is then only sent to the account again). */
	already?: boolean;
}

/** The audit entry of a block change: what was hidden or shown again, and whether on the account too. */
export function blockChangeEntry(change: BlockChange): AuditEntry {
	const whom = `${change.kind === 'tag' ? 'the tag' : 'the creator'} ${plain(change.name)}`;
	const verb = change.hide ? `hid ${whom}${change.already ? ' again' : ''}` : `showed ${whom} again`;
	const account = change.onAccount
		? ` and ${change.hide ? 'blocked' : 'unblocked'} it on the server's Rostro account`
		: '';
	return { guildId: change.guildId, userId: change.userId, what: verb + account };
}
