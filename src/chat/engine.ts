import { setInterval } from 'node:timers';
import { setTimeout as delay } from 'node:timers/promises';
import {
	ActionRowBuilder,
	ButtonBuilder,
	ButtonStyle,
	type Client,
	DiscordAPIError,
	RESTJSONErrorCodes,
	type SendableChannels,
} from 'discord.js';
import { LRUCache } from 'lru-cache';
import type { AppContext } from '../app-context.js';
import { customId } from '../discord/command.js';
import { describeError } from '../discord/errors.js';
import { noMentions } from '../discord/replies.js';
import { rostroFor, type TokenSource } from '../discord/tokens.js';
import { UserError } from '../discord/user-error.js';
import { type WebhookChannel, webhooksOf } from '../discord/webhooks.js';
import { recordPosted } from '../moderation/index.js';
import type { Character, RostroClient } from '../rostro/index.js';
import { TokenLanes } from './lanes.js';
import { heardTurns, replyPeople } from './personas.js';
import { buildPrompt, contextSizeFor, DEFAULT_REPLY_TOKENS } from './prompt/index.js';
import { type ChatSession, chatSessions, saveSession, type Turn } from './session.js';
import { Speaker } from './speaker.js';
import { loadCharacter } from './start.js';
import { StreamWriter } from './stream-writer.js';

/** One member's line for the character; it is heard under their persona's name when they have one. */
export interface Line {
	userId: string;
	displayName: string;
	text: string;
}

/** How a reply is asked for: answering new lines, another take on the last reply, or more of it. */
export type ReplyMode = 'answer' | 'regenerate' | 'continue';

interface ThreadState {
	pending: Line[];
	running: boolean;
}

const TYPING_EVERY_MS = 8_000; // Discord shows typing for about 10 s
/** How long a shutdown gives cut-short replies to show what they have and say they failed. */
const ABANDON_LIMIT_MS = 3_000;
/** Why a reply cut short by a shutdown failed, as the thread's failure note says it. */
const RESTARTING = 'The bot restarted before this reply was finished; press Retry.';
const LORE_TIMEOUT_MS = 2_000;
// Errors after which retrying an edit can never succeed (deleted message, locked thread, lost rights).
const PERMANENT_CODES: unknown[] = [
	RESTJSONErrorCodes.UnknownMessage,
	RESTJSONErrorCodes.UnknownWebhook,
	RESTJSONErrorCodes.ThreadLocked,
	RESTJSONErrorCodes.MissingAccess,
	RESTJSONErrorCodes.MissingPermissions,
];

/**
 * Runs the conversations: one generation per thread at a time (lines that arrive meanwhile are
 * answered together next), one completion per Rostro token at a time across all threads, the
 * reply streamed into the thread in the character's name, and the session saved after each turn.
 */
export class ChatEngine {
	private readonly threads = new Map<string, ThreadState>();
	private readonly lanes = new TokenLanes();
	private readonly characters = new LRUCache<string, Character>({ max: 200, ttl: 10 * 60_000 });
	/** Replies being generated or written, so a shutdown can wait for them. */
	private readonly running = new Set<Promise<void>>();
	/** Set once the bot is stopping: lines not yet answered are not started any more. */
	private closing = false;
	/** Aborted when a shutdown runs out of time: replies still going stop and say they failed. */
	private readonly abandoned = new AbortController();

	constructor(private readonly ctx: AppContext) {}

	/** Queues a member's line in a chat thread; the character answers lines in order. */
	hear(threadId: string, line: Line): void {
		const state = this.threads.get(threadId) ?? { pending: [], running: false };
		this.threads.set(threadId, state);
		state.pending.push(line);
		if (!state.running) this.track(this.answerThread(threadId, state));
	}

	/** Asks for another reply without new lines: a retry, a regeneration or a continuation. */
	async again(threadId: string, mode: ReplyMode, requestedBy: string): Promise<void> {
		const session = await chatSessions(this.ctx).get(threadId);
		if (!session) return;
		if (this.closing) {
			await this.failed(session, [], await this.threadOf(session), new UserError('restarting', RESTARTING));
			return;
		}
		await this.track(this.reply(session, [], mode, requestedBy));
	}

	/**
	 * For a graceful shutdown: resolves once every reply under way has been written to Discord
	 * in full (its last paced edit included) and saved. Lines that were waiting for their turn
	 * are not answered: they are kept in the chat's history and the thread gets a failure note
	 * with Retry, as for any failed reply.
	 */
	async drain(): Promise<void> {
		this.closing = true;
		while (this.running.size > 0) await Promise.allSettled([...this.running]);
	}

	/**
	 * When a shutdown runs out of time: replies still going stop, keep the text they showed and
	 * end with the failure note and its Retry button; waits for that at most a few seconds.
	 */
	async abandon(): Promise<void> {
		this.closing = true;
		this.abandoned.abort(new UserError('restarting', RESTARTING));
		const settled = Promise.allSettled([...this.running]).then(() => true);
		if (!(await Promise.race([settled, delay(ABANDON_LIMIT_MS, false)]))) {
			this.ctx.logger.warn({ replies: this.running.size }, 'stopped before every chat reply said it failed');
		}
	}

	private track(work: Promise<void>): Promise<void> {
		const settled = work.catch(() => undefined);
		this.running.add(settled);
		void settled.finally(() => this.running.delete(settled));
		return work;
	}

	private async answerThread(threadId: string, state: ThreadState): Promise<void> {
		state.running = true;
		try {
			while (state.pending.length > 0) {
				const lines = state.pending.splice(0);
				const session = await chatSessions(this.ctx).get(threadId);
				if (!session) return;
				if (this.closing) {
					const turns = await heardTurns(this.ctx, session.guildId, lines).catch(() => lines.map(displayNamed));
					await this.failed(session, turns, await this.threadOf(session), new UserError('restarting', RESTARTING));
					continue;
				}
				await this.reply(session, lines, 'answer', lines.at(-1)?.userId ?? session.startedBy);
			}
		} catch (error) {
			this.ctx.logger.error({ err: error, threadId }, 'chat thread failed');
		} finally {
			state.running = false;
			if (state.pending.length === 0) this.threads.delete(threadId);
		}
	}

	private async channelOf(session: ChatSession): Promise<{ parent: WebhookChannel; thread: SendableChannels }> {
		const client: Client = this.ctx.client;
		const [parent, thread] = await Promise.all([
			client.channels.fetch(session.channelId),
			client.channels.fetch(session.threadId),
		]);
		if (!parent || !thread?.isSendable()) throw new Error(`chat thread ${session.threadId} is gone`);
		return { parent: parent as WebhookChannel, thread };
	}

	private async threadOf(session: ChatSession): Promise<SendableChannels> {
		return (await this.channelOf(session)).thread;
	}

	private async character(rostro: RostroClient, session: ChatSession): Promise<Character> {
		const key = String(session.character.id);
		const known = this.characters.get(key);
		if (known) return known;
		const loaded = await loadCharacter(rostro, key);
		this.characters.set(key, loaded);
		return loaded;
	}

	private async reply(session: ChatSession, lines: Line[], mode: ReplyMode, causedBy: string): Promise<void> {
		const { parent, thread } = await this.channelOf(session);
		const speaker = new Speaker(this.ctx, parent, {
			name: session.character.name,
			avatarUrl: session.character.avatarUrl,
		});
		const stopTyping = keepTyping(thread);
		let source: TokenSource | undefined;
		let newTurns: Turn[] | undefined;
		try {
			newTurns = await heardTurns(this.ctx, session.guildId, lines);
			const payer = await rostroFor(this.ctx, causedBy, session.guildId);
			source = payer?.source;
			if (!payer) {
				await say(thread, 'This server is not connected to Rostro any more; an admin must run /setup token.');
				return;
			}
			const release = await this.lanes.acquire(payer.payer, (ahead) => void waitingNote(thread, ahead));
			try {
				this.abandoned.signal.throwIfAborted();
				await this.generate(session, newTurns, mode, causedBy, payer.rostro, speaker);
			} finally {
				release();
			}
		} catch (error) {
			await this.failed(session, newTurns ?? lines.map(displayNamed), thread, error, source);
		} finally {
			stopTyping();
		}
	}

	private async generate(
		session: ChatSession,
		newTurns: Turn[],
		mode: ReplyMode,
		causedBy: string,
		rostro: RostroClient,
		speaker: Speaker,
	): Promise<void> {
		const character = await this.character(rostro, session);
		const base = mode === 'regenerate' ? withoutLastReply(session.history) : session.history;
		const history = [...base, ...newTurns];
		const people = await replyPeople(this.ctx, session.guildId, history, causedBy);
		const lore = await this.lore(rostro, history);

		const prompt = buildPrompt({
			card: character.card,
			characterName: session.character.name,
			speaker: people.speaker,
			others: people.others,
			participants: participantNames(history),
			history: mode === 'continue' ? [...history, continueNudge(people.speaker.displayName)] : history,
			lore,
			model: session.model,
			contextTokens: contextSizeFor(session.model, this.ctx.config.chat.contextSizes),
		});

		const stream = await rostro.chat.stream(
			{
				model: session.model,
				messages: prompt.messages,
				stop: prompt.stop,
				maxTokens: DEFAULT_REPLY_TOKENS,
			},
			{ signal: this.abandoned.signal },
		);
		const writer = new StreamWriter(await speaker.streamTarget(session.threadId), {
			pacer: webhooksOf(this.ctx.client).pacer(session.channelId),
			isPermanent: (error) => error instanceof DiscordAPIError && PERMANENT_CODES.includes(error.code),
		});
		try {
			for await (const delta of stream) writer.push(delta);
		} catch (error) {
			await writer.fail(error);
			throw error;
		}
		const written = await writer.finish();

		if (prompt.droppedTurns > (session.forgotten ?? 0)) await this.noteTruncation(session, prompt.droppedTurns);
		await this.save(session, { newTurns, mode, text: written.text, messageIds: written.messageIds, causedBy, speaker });
		if (prompt.droppedTurns !== (session.forgotten ?? 0)) await this.remember(session.threadId, prompt.droppedTurns);
	}

	private async lore(rostro: RostroClient, history: Turn[]): Promise<string[]> {
		const recent = history
			.slice(-2)
			.map((turn) => turn.text)
			.join('\n');
		try {
			const results = await rostro.lore.query(recent.slice(-500), 3, { signal: AbortSignal.timeout(LORE_TIMEOUT_MS) });
			return results.map((result) => result.content);
		} catch (error) {
			this.ctx.logger.debug({ err: error }, 'lore unavailable; chatting without it');
			return []; // lore is an enrichment: the chat goes on without it
		}
	}

	private async remember(threadId: string, forgotten: number): Promise<void> {
		const sessions = chatSessions(this.ctx);
		const fresh = await sessions.get(threadId);
		if (fresh) await saveSession(this.ctx, { ...fresh, forgotten });
	}

	private async noteTruncation(session: ChatSession, dropped: number): Promise<void> {
		const { thread } = await this.channelOf(session);
		await say(thread, `-# ${session.character.name} no longer remembers the oldest ${dropped} messages of this chat.`);
	}

	private async save(
		session: ChatSession,
		reply: {
			newTurns: Turn[];
			mode: ReplyMode;
			text: string;
			messageIds: string[];
			causedBy: string;
			speaker: Speaker;
		},
	): Promise<void> {
		const fresh = (await chatSessions(this.ctx).get(session.threadId)) ?? session;
		const previous = fresh.lastReply;
		const updated = applyReply(fresh, reply);
		await saveSession(this.ctx, updated);
		await recordPosted(this.ctx, reply.messageIds, session.guildId, reply.causedBy);

		const webhook = await reply.speaker.currentWebhook();
		if (previous && previous.messageIds.at(-1) !== updated.lastReply?.messageIds.at(-1)) {
			const last = previous.messageIds.at(-1);
			if (last) await reply.speaker.edit(webhook, session.threadId, last, { components: [] }).catch(() => undefined);
		}
		const last = updated.lastReply?.messageIds.at(-1);
		if (last && updated.lastReply) {
			await reply.speaker.edit(webhook, session.threadId, last, {
				components: replyButtons(session.threadId, updated.lastReply),
			});
		}
	}

	private async failed(
		session: ChatSession,
		turns: Turn[],
		thread: SendableChannels,
		error: unknown,
		source?: TokenSource,
	): Promise<void> {
		this.ctx.logger.warn({ err: error, threadId: session.threadId }, 'chat reply failed');
		if (turns.length > 0) {
			const fresh = (await chatSessions(this.ctx).get(session.threadId)) ?? session;
			await saveSession(this.ctx, {
				...fresh,
				history: [...fresh.history, ...turns],
				updatedAt: Date.now(),
			});
		}
		const sentence = describeError(error, undefined, source).message;
		const retry = new ButtonBuilder()
			.setCustomId(customId('chat', 'retry', session.threadId))
			.setLabel('Retry')
			.setStyle(ButtonStyle.Primary);
		await thread
			.send({
				content: `⚠️ ${sentence}`,
				components: [new ActionRowBuilder<ButtonBuilder>().addComponents(retry)],
				allowedMentions: noMentions,
			})
			.catch((sendError: unknown) => this.ctx.logger.warn({ err: sendError }, 'could not report a failed reply'));
	}
}

function withoutLastReply(history: Turn[]): Turn[] {
	return history.at(-1)?.role === 'assistant' ? history.slice(0, -1) : history;
}

/** A line as a turn under the member's display name, for when their persona could not be read. */
function displayNamed(line: Line): Turn {
	return { role: 'user', speaker: line.displayName, userId: line.userId, text: line.text };
}

function participantNames(history: Turn[]): string[] {
	return [...new Set(history.filter((turn) => turn.role === 'user').map((turn) => turn.speaker))];
}

function continueNudge(speaker: string): Turn {
	return { role: 'user', speaker, text: '(continue your last message from where it stopped)' };
}

/** The session after a reply: its turns added, or the last reply replaced or extended. */
export function applyReply(
	session: ChatSession,
	reply: { newTurns: Turn[]; mode: ReplyMode; text: string; messageIds: string[]; causedBy: string },
): ChatSession {
	const participants = new Set(session.participants);
	for (const turn of reply.newTurns) if (turn.userId) participants.add(turn.userId);
	const assistant: Turn = { role: 'assistant', speaker: session.character.name, text: reply.text };
	const base = { ...session, participants: [...participants], updatedAt: Date.now() };

	if (reply.mode === 'regenerate' && session.lastReply) {
		const alternatives = [...session.lastReply.alternatives, reply.text];
		return {
			...base,
			history: [...withoutLastReply(session.history), assistant],
			lastReply: { ...session.lastReply, messageIds: reply.messageIds, alternatives, index: alternatives.length - 1 },
		};
	}
	if (reply.mode === 'continue' && session.lastReply) {
		const last = session.history.at(-1);
		const joined = `${last?.text ?? ''} ${reply.text}`.trim();
		const alternatives = session.lastReply.alternatives.map((text, i) =>
			i === session.lastReply?.index ? joined : text,
		);
		return {
			...base,
			history: [...withoutLastReply(session.history), { ...assistant, text: joined }],
			lastReply: {
				...session.lastReply,
				messageIds: [...session.lastReply.messageIds, ...reply.messageIds],
				alternatives,
			},
		};
	}
	return {
		...base,
		history: [...session.history, ...reply.newTurns, assistant],
		lastReply: { messageIds: reply.messageIds, alternatives: [reply.text], index: 0, causedBy: reply.causedBy },
	};
}

/** The buttons on the latest reply: swipe between alternatives, regenerate, continue, delete. */
export function replyButtons(threadId: string, reply: NonNullable<ChatSession['lastReply']>) {
	const button = (action: string, label: string, style = ButtonStyle.Secondary) =>
		new ButtonBuilder()
			.setCustomId(customId('chat', action, threadId))
			.setLabel(label)
			.setStyle(style);
	const row = new ActionRowBuilder<ButtonBuilder>();
	if (reply.alternatives.length > 1) {
		row.addComponents(
			button('prev', '◀').setDisabled(reply.index === 0),
			button('next', '▶').setDisabled(reply.index === reply.alternatives.length - 1),
		);
	}
	row.addComponents(
		button('regen', 'Regenerate'),
		button('continue', 'Continue'),
		button('delete', 'Delete', ButtonStyle.Danger),
	);
	return [row.toJSON()];
}

function keepTyping(thread: SendableChannels): () => void {
	const type = () => void thread.sendTyping().catch(() => undefined); // typing is a courtesy, never an error
	type();
	const timer = setInterval(type, TYPING_EVERY_MS);
	return () => clearInterval(timer);
}

async function say(thread: SendableChannels, content: string): Promise<void> {
	await thread.send({ content, allowedMentions: noMentions });
}

async function waitingNote(thread: SendableChannels, ahead: number): Promise<void> {
	const replies = ahead === 1 ? '1 reply' : `${ahead} replies`;
	await say(thread, `-# Waiting for Rostro: ${replies} ahead of this one.`).catch(() => undefined);
}

const engines = new WeakMap<Client, ChatEngine>();

/** The chat engine of a running bot, made on first use with the bot's base context. */
export function chatEngineOf(ctx: AppContext): ChatEngine {
	let engine = engines.get(ctx.client);
	if (!engine) {
		engine = new ChatEngine(ctx);
		engines.set(ctx.client, engine);
	}
	return engine;
}
