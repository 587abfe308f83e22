import type {
	ButtonInteraction,
	ChatInputCommandInteraction,
	Interaction,
	Message,
	RepliableInteraction,
	ThreadChannel,
} from 'discord.js';
import type { AppContext } from '../app-context.js';
import { guildIdOf } from '../discord/guards.js';
import { isModerator } from '../discord/permissions.js';
import { defer, sendPrivate } from '../discord/replies.js';
import { plain } from '../discord/text.js';
import { UserError } from '../discord/user-error.js';
import type { WebhookChannel } from '../discord/webhooks.js';
import {
	audit,
	blockedWordRefusal,
	chatEndedEntry,
	hasVisibleText,
	memberMayUse,
	recordPosted,
	refuseBlockedWords,
} from '../moderation/index.js';
import { chargeMemberUse, UseRefused } from '../moderation/limits.js';
import { chatEngineOf, replyButtons } from './engine.js';
import { personaOf, sayLine } from './personas.js';
import { countTokens } from './prompt/index.js';
import { type ChatSession, chatSessions, saveSession } from './session.js';
import { Speaker } from './speaker.js';
import { requireChatModel } from './start.js';

const MAX_LINE = 4_000;
// Public, so it names no word: the member sees which one by trying /chat say.
const CHAT_NOT_ALLOWED = '-# That line was not sent to the character: your roles do not allow chat in this server.';
const LINE_NOT_SENT = '-# That line was not sent to the character: it contains a word or phrase this server blocks.';
const LINE_NOT_SENT_YET = '-# That line was not sent to the character.';
const LATER_LINES = ' Lines written before then are not sent either.';
// Marks, embeddings, overrides and isolates that change the direction of the text after them.
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const CHAT_ENDED = 'This chat has ended; start a new one with /chat start from a text or forum channel.';
const CHAT_ENDED_NOTE = `-# ${CHAT_ENDED}`;

function displayName(interaction: Interaction): string {
	const member = interaction.member;
	return member && 'displayName' in member ? member.displayName : interaction.user.displayName;
}

/** The session of the thread an interaction happened in; a clear refusal outside chat threads. */
export async function sessionHere(interaction: Interaction, ctx: AppContext): Promise<ChatSession> {
	const session = interaction.channelId ? await chatSessions(ctx).get(interaction.channelId) : undefined;
	if (!session || session.guildId !== interaction.guildId) {
		throw new UserError('not-a-chat', 'This is not a chat thread; start one with /chat start.');
	}
	return session;
}

/** The chat the interaction's thread held, when `/chat end` ended it. */
async function endedChatHere(interaction: Interaction, ctx: AppContext): Promise<ChatSession | undefined> {
	const session = interaction.channelId ? await chatSessions(ctx).get(interaction.channelId) : undefined;
	return session?.endedAt !== undefined && session.guildId === interaction.guildId ? session : undefined;
}

/**
 * Archives an ended chat's thread again after something reopened it; a failure is only logged.
 * Always asked of Discord: the cached state may not have seen the reopening yet (a member's
 * message reopens the thread, and its THREAD_UPDATE may come after the message).
 */
async function keepArchived(thread: ThreadChannel | undefined, ctx: AppContext): Promise<void> {
	if (!thread) return;
	await thread
		.setArchived(true, 'The chat ended')
		.catch((error: unknown) => ctx.logger.warn({ err: error, threadId: thread.id }, 'could not archive an ended chat'));
}

/**
 * Answers a command or button in an ended chat's thread privately with one sentence, and tells
 * whether it did. Discord refuses every interaction reply in an archived thread, a private one
 * or a deferral included ("Thread is archived", field lesson #31), so the bot reopens the thread
 * for the answer and archives it again; a member's client may have reopened it already.
 */
export async function answeredEndedChat(interaction: RepliableInteraction, ctx: AppContext): Promise<boolean> {
	if (!(await endedChatHere(interaction, ctx))) return false;

	const channel = interaction.channel;
	const thread = channel?.isThread() ? channel : undefined;
	try {
		if (thread?.archived) await thread.setArchived(false, 'Answering a member in an ended chat');
		await sendPrivate(interaction, { content: CHAT_ENDED });
	} finally {
		await keepArchived(thread, ctx);
	}
	return true;
}

function maySteer(interaction: Interaction, session: ChatSession): boolean {
	return session.participants.includes(interaction.user.id) || isModerator(interaction);
}

/** `/chat say`: shows the member's line in the thread, then the character answers. */
export async function say(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const session = await sessionHere(interaction, ctx);
	const text = interaction.options.getString('message', true).trim().slice(0, MAX_LINE);
	if (!hasVisibleText(text)) throw new UserError('empty-line', 'Say something first: that line shows nothing.');
	await refuseBlockedWords(ctx, session.guildId, text, 'line');
	await chargeMemberUse(ctx, { guildId: session.guildId, userId: interaction.user.id, feature: 'chat' });

	const name = displayName(interaction);
	const shown = await interaction.reply({
		content: sayLine(name, text, await personaOf(ctx, session.guildId, interaction.user.id)),
		allowedMentions: { parse: [] },
		withResponse: true,
	});
	// The line is the bot's own message, so Who prompted this? needs a record to name its writer.
	const lineId = shown.resource?.message?.id ?? shown.interaction.responseMessageId;
	if (lineId) await recordPosted(ctx, lineId, session.guildId, interaction.user.id);
	chatEngineOf(ctx).hear(session.threadId, { userId: interaction.user.id, displayName: name, text });
}

/**
 * Counts a plain line against the member's chat limits. Refused, it gets a public note the first
 * time in a cooldown window or quota day, and nothing after that, so a member who keeps writing
 * does not fill the thread with notes; null means the line is refused without a note.
 */
async function chargePlainLine(ctx: AppContext, guildId: string, userId: string): Promise<string | null | undefined> {
	try {
		await chargeMemberUse(ctx, { guildId, userId, feature: 'chat' });
		return undefined;
	} catch (error) {
		if (!(error instanceof UseRefused)) throw error;
		ctx.logger.debug({ guildId, userId, code: error.code, first: error.first }, 'chat line over the limits');
		return error.first ? `${LINE_NOT_SENT_YET} ${error.message}${LATER_LINES}` : null;
	}
}

/** Why a plain line may not reach the character, as a short public note naming no word; null for no note. */
async function plainLineRefusal(message: Message, ctx: AppContext, guildId: string, text: string) {
	if (!(await memberMayUse(ctx, guildId, message.member, 'chat'))) return CHAT_NOT_ALLOWED;
	if (await blockedWordRefusal(ctx, guildId, text, 'line')) return LINE_NOT_SENT;
	return chargePlainLine(ctx, guildId, message.author.id);
}

/** A member's plain message in a chat thread (with the Message Content intent). */
export async function hearMessage(message: Message, ctx: AppContext): Promise<void> {
	if (message.author.bot || message.webhookId || !message.inGuild() || !message.channel.isThread()) return;
	const text = message.content.trim();
	// A line that shows nothing (only invisible characters) is not for the character either.
	if (!hasVisibleText(text) || text.startsWith(ctx.config.chat.ignorePrefix)) return;

	const session = await chatSessions(ctx).get(message.channelId);
	if (!session || session.guildId !== message.guildId) return;
	if (session.endedAt !== undefined) {
		// Writing reopened the archived thread; the character does not answer any more.
		await message.reply({ content: CHAT_ENDED_NOTE, allowedMentions: { parse: [], repliedUser: false } });
		await keepArchived(message.channel, ctx);
		return;
	}
	const refusal = await plainLineRefusal(message, ctx, session.guildId, text);
	if (refusal === null) return;
	if (refusal) {
		await message.reply({ content: refusal, allowedMentions: { parse: [], repliedUser: false } });
		return;
	}
	const name = message.member?.displayName ?? message.author.displayName;
	chatEngineOf(ctx).hear(session.threadId, {
		userId: message.author.id,
		displayName: name,
		text: text.slice(0, MAX_LINE),
	});
}

/** `/chat end`: archives the thread; the session stays until retention removes it. */
export async function end(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const session = await sessionHere(interaction, ctx);
	if (!maySteer(interaction, session))
		throw new UserError('not-participant', 'Only the chat’s participants and moderators can end it.');
	await interaction.reply({
		content: `The chat with ${plain(session.character.name)} has ended.`,
		allowedMentions: { parse: [] },
	});
	await saveSession(ctx, { ...session, endedAt: Date.now() });
	ctx.logger.info({ threadId: session.threadId }, 'chat ended');
	if (!session.private) await audit(ctx, chatEndedEntry(session, interaction.user.id));
	await (interaction.channel as ThreadChannel).setArchived(true, 'The chat ended');
}

/** `/chat reset`: forgets the history, keeps the character. */
export async function reset(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const session = await sessionHere(interaction, ctx);
	if (!maySteer(interaction, session))
		throw new UserError('not-participant', 'Only the chat’s participants and moderators can reset it.');
	const { lastReply: _gone, forgotten: _none, ...rest } = session;
	await saveSession(ctx, { ...rest, history: [] });
	await interaction.reply({
		content: `${plain(session.character.name)} has forgotten this chat so far.`,
		allowedMentions: { parse: [] },
	});
}

/** `/chat persona`: how the member presents themselves in this server's roleplay. */
export async function persona(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const name = interaction.options.getString('name', true).trim().slice(0, 80);
	const description = interaction.options.getString('description', true).trim().slice(0, 1_000);
	const guildId = guildIdOf(interaction);
	// The name shows in bold before every line the member says, so it must show, and must not turn
	// the rest of the line around; both reach the character, so the server's blocked words apply.
	if (!hasVisibleText(name)) throw new UserError('empty-persona', 'Give your persona a name: that one shows nothing.');
	if (BIDI_CONTROLS.test(name)) {
		throw new UserError('persona-bidi', 'A persona name cannot contain characters that change the writing direction.');
	}
	if (!hasVisibleText(description)) {
		throw new UserError('empty-persona', 'Describe your persona: that description shows nothing.');
	}
	await refuseBlockedWords(ctx, guildId, `${name}\n${description}`, 'text');
	const settings = (await ctx.store.members.get(interaction.user.id)) ?? {};
	const personas = { ...settings.personas, [guildId]: { name, description } };
	await ctx.store.members.set(interaction.user.id, { ...settings, personas });
	await sendPrivate(interaction, { content: `In this server's chats you are now **${plain(name)}**.` });
}

/** `/chat info`: the character, the model, the turns in memory and the tokens they use. */
export async function info(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const session = await sessionHere(interaction, ctx);
	const tokens = session.history.reduce((sum, turn) => sum + (turn.tokens ?? countTokens(turn.text)), 0);
	const lines = [
		`Character: **${plain(session.character.name)}** (${session.character.fullPath})`,
		`Model: ${session.model}`,
		`Turns in memory: ${session.history.length} (about ${tokens.toLocaleString('en')} tokens)`,
		session.forgotten ? `Forgotten (too old for the model's context): ${session.forgotten}` : '',
	];
	await sendPrivate(interaction, { content: lines.filter(Boolean).join('\n') });
}

/** `/chat model`: switches the thread's model. */
export async function model(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const session = await sessionHere(interaction, ctx);
	if (!maySteer(interaction, session))
		throw new UserError('not-participant', 'Only the chat’s participants and moderators can change its model.');
	const name = interaction.options.getString('name', true).trim();
	await defer(interaction, 'private');
	await requireChatModel(ctx.rostro, name);
	await saveSession(ctx, { ...session, model: name });
	await sendPrivate(interaction, { content: `This chat now uses ${name}.` });
}

const LISTED_CHATS = 25;

/** `/chat list`: the server's active chats, then the ended ones, latest first, with links. */
export async function list(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const guildId = guildIdOf(interaction);
	const chats: ChatSession[] = [];
	for await (const [, session] of chatSessions(ctx).entries()) {
		if (session.guildId === guildId && !session.private) chats.push(session);
	}
	chats.sort((a, b) => b.updatedAt - a.updatedAt);
	const link = (chat: ChatSession) => `<#${chat.threadId}> ${plain(chat.character.name)}`;
	const active = chats.filter((chat) => chat.endedAt === undefined).slice(0, LISTED_CHATS);
	const ended = chats.filter((chat) => chat.endedAt !== undefined).slice(0, LISTED_CHATS - active.length);
	const sections = [
		active.length > 0
			? `Active chats:\n${active.map(link).join('\n')}`
			: 'No active chats; start one with /chat start.',
		...(ended.length > 0 ? [`Ended chats:\n${ended.map(link).join('\n')}`] : []),
	];
	await sendPrivate(interaction, {
		content: chats.length > 0 ? sections.join('\n\n') : 'No chats in this server yet; start one with /chat start.',
	});
}

/** The buttons on a reply: Regenerate, ◀ ▶, Continue, Delete, and Retry after a failure. */
export async function onReplyButton(interaction: ButtonInteraction, ctx: AppContext, action: string, threadId: string) {
	const session = await chatSessions(ctx).get(threadId);
	if (!session) throw new UserError('chat-gone', 'This chat is over.');
	if (session.endedAt !== undefined && (await answeredEndedChat(interaction, ctx))) return;
	if (action === 'delete' && session.lastReply?.causedBy !== interaction.user.id && !isModerator(interaction)) {
		throw new UserError(
			'not-reply-cause',
			'Only the member whose message caused this reply, or a moderator, can delete it.',
		);
	}
	if (action !== 'delete' && !maySteer(interaction, session)) {
		throw new UserError('not-participant', 'Only the chat’s participants and moderators can do that.');
	}

	if (action === 'prev' || action === 'next') return swipe(interaction, ctx, session, action === 'next' ? 1 : -1);
	if (action === 'delete') return deleteReply(interaction, ctx, session);

	// A new answer costs credits like a line does, so it counts against the presser's chat limits.
	await chargeMemberUse(ctx, { guildId: session.guildId, userId: interaction.user.id, feature: 'chat' });
	await interaction.deferUpdate();
	const mode = action === 'regen' ? 'regenerate' : action === 'continue' ? 'continue' : 'answer';
	if (action === 'retry') await interaction.message.delete().catch(() => undefined); // the failure note has served
	await chatEngineOf(ctx).again(threadId, mode, interaction.user.id);
}

async function swipe(interaction: ButtonInteraction, ctx: AppContext, session: ChatSession, step: number) {
	const reply = session.lastReply;
	if (!reply) return;
	await interaction.deferUpdate();
	const index = Math.min(reply.alternatives.length - 1, Math.max(0, reply.index + step));
	const text = reply.alternatives[index] ?? '';
	const parent = await ctx.client.channels.fetch(session.channelId);
	if (!parent || !('fetchWebhooks' in parent)) throw new UserError('chat-gone', 'This chat is over.');

	const speaker = new Speaker(ctx, parent as WebhookChannel, {
		name: session.character.name,
		avatarUrl: session.character.avatarUrl,
	});
	const shownReply = { ...reply, index };
	const messageIds = await speaker.rewrite(
		session.threadId,
		reply.messageIds,
		text,
		replyButtons(session.threadId, shownReply),
	);
	const history = [
		...session.history.slice(0, -1),
		{ role: 'assistant' as const, speaker: session.character.name, text },
	];
	await saveSession(ctx, { ...session, history, lastReply: { ...shownReply, messageIds } });
	// A longer take may have needed new messages; they too were caused by the reply's member.
	await recordPosted(ctx, messageIds, session.guildId, reply.causedBy);
}

async function deleteReply(interaction: ButtonInteraction, ctx: AppContext, session: ChatSession) {
	const reply = session.lastReply;
	if (!reply) return;
	await interaction.deferUpdate();
	const parent = await ctx.client.channels.fetch(session.channelId);
	if (parent && 'fetchWebhooks' in parent) {
		const speaker = new Speaker(ctx, parent as WebhookChannel, { name: session.character.name });
		const webhook = await speaker.currentWebhook();
		for (const id of reply.messageIds) await speaker.remove(webhook, session.threadId, id);
	}
	const { lastReply: _deleted, ...rest } = session;
	await saveSession(ctx, { ...rest, history: session.history.slice(0, -1) });
}
