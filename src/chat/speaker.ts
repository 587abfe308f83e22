import {
	type BaseMessageOptions,
	ChannelType,
	type Message,
	type MessageCreateOptions,
	type Webhook,
	type WebhookMessageCreateOptions,
} from 'discord.js';
import type { AppContext } from '../app-context.js';
import { neutralizeMentions } from '../discord/mentions.js';
import { noMentions } from '../discord/replies.js';
import { splitMessage } from '../discord/split.js';
import { type WebhookChannel, WebhookDirectory, webhooksOf } from '../discord/webhooks.js';
import type { RequestKind, StreamTarget } from './stream-writer.js';
import { webhookUsername } from './webhook-name.js';

/** Who a speaker speaks as. */
export interface CharacterVoice {
	name: string;
	avatarUrl?: string;
}

/** Where a message goes: an existing thread, or a new forum post with this name. */
export type SpeakTarget = { threadId: string } | { threadName: string };

/** What was posted. */
export interface Posted {
	threadId: string;
	messageIds: string[];
}

/**
 * Posts as a character in a channel's threads: through the bot's own webhook with the
 * character's name and avatar, or — without Manage Webhooks — as the bot with the name in bold.
 * Every message pings nobody.
 */
export class Speaker {
	constructor(
		private readonly ctx: AppContext,
		private readonly channel: WebhookChannel,
		private readonly voice: CharacterVoice,
	) {}

	private webhook(): Promise<Webhook | undefined> {
		return webhooksOf(this.ctx.client).forChannel(this.channel);
	}

	private asCharacter(webhook: Webhook | undefined): Pick<WebhookMessageCreateOptions, 'username' | 'avatarURL'> {
		return webhook ? { username: webhookUsername(this.voice.name), avatarURL: this.voice.avatarUrl } : {};
	}

	/** Text as the bot posts it without a webhook: the character's name first, in bold. */
	private signed(text: string, webhook: Webhook | undefined): string {
		return webhook ? text : `**${this.voice.name}**\n${text}`;
	}

	/** Posts text (split to Discord's limit) and returns where it went. */
	async say(text: string, target: SpeakTarget, extra: BaseMessageOptions = {}): Promise<Posted> {
		const webhook = await this.webhook();
		const pieces = splitMessage(this.signed(neutralizeMentions(text), webhook));
		const messageIds: string[] = [];
		let threadId = 'threadId' in target ? target.threadId : undefined;

		for (const [index, content] of pieces.entries()) {
			const last = index === pieces.length - 1;
			const payload = { content, allowedMentions: noMentions, ...(last ? extra : {}) };
			const message = await this.post(
				webhook,
				payload,
				threadId ?? (target as { threadName: string }).threadName,
				!threadId,
			);
			threadId = message.channelId;
			messageIds.push(message.id);
		}
		return { threadId: threadId as string, messageIds };
	}

	/**
	 * Shows another text in a reply's messages (a swipe): edits them piece by piece, posts more
	 * when the text is longer, deletes the rest when shorter. The buttons go on the last one.
	 * Resolves with the reply's message ids now.
	 */
	async rewrite(
		threadId: string,
		messageIds: string[],
		text: string,
		components: BaseMessageOptions['components'],
	): Promise<string[]> {
		const webhook = await this.webhook();
		const pieces = splitMessage(this.signed(neutralizeMentions(text), webhook));
		const shown: string[] = [];
		for (const [index, content] of pieces.entries()) {
			const payload = { content, components: index === pieces.length - 1 ? components : [] };
			const id = messageIds[index];
			if (id) await this.edit(webhook, threadId, id, payload);
			const posted = id
				? id
				: (
						await this.paced(webhook, 'new-message', () =>
							this.post(webhook, { ...payload, allowedMentions: noMentions }, threadId),
						)
					).id;
			shown.push(posted);
		}
		for (const extra of messageIds.slice(pieces.length)) await this.remove(webhook, threadId, extra);
		return shown;
	}

	/** Deletes a message the character posted; one already gone is as good as deleted. */
	async remove(webhook: Webhook | undefined, threadId: string, messageId: string): Promise<void> {
		const deletion = webhook
			? this.paced(webhook, 'edit', () => webhook.deleteMessage(messageId, threadId))
			: this.ctx.client.channels.fetch(threadId).then((thread) => {
					if (thread?.isTextBased()) return thread.messages.delete(messageId);
				});
		await deletion.catch(() => undefined);
	}

	/** Where a streamed reply goes in a thread: new messages and edits as the character. */
	async streamTarget(threadId: string): Promise<StreamTarget> {
		const webhook = await this.webhook();
		let first = true;
		return {
			send: async (content) => {
				const text = first ? this.signed(content, webhook) : content;
				first = false;
				const message = await this.post(webhook, { content: text, allowedMentions: noMentions }, threadId);
				return { id: message.id };
			},
			edit: async (id, content) => {
				await this.editNow(webhook, threadId, id, { content });
			},
		};
	}

	/** Edits a message the character posted in a thread (its content, its buttons), paced. */
	async edit(
		webhook: Webhook | undefined,
		threadId: string,
		messageId: string,
		payload: Pick<BaseMessageOptions, 'content' | 'components'>,
	): Promise<void> {
		await this.paced(webhook, 'edit', () => this.editNow(webhook, threadId, messageId, payload));
	}

	/**
	 * Runs a webhook request through the channel's pacer (see WebhookDirectory.pacer); requests as
	 * the bot itself have buckets of their own and go at once.
	 */
	private async paced<T>(webhook: Webhook | undefined, kind: RequestKind, request: () => Promise<T>): Promise<T> {
		if (!webhook) return request();
		let result: T | undefined;
		await webhooksOf(this.ctx.client)
			.pacer(this.channel.id)
			.run(async () => {
				result = await request();
			}, kind);
		return result as T;
	}

	/** Edits at once; the stream writer paces its own calls. */
	private async editNow(
		webhook: Webhook | undefined,
		threadId: string,
		messageId: string,
		payload: Pick<BaseMessageOptions, 'content' | 'components'>,
	): Promise<void> {
		const body = { ...payload, allowedMentions: noMentions };
		if (webhook) {
			await webhook.editMessage(messageId, { ...body, threadId });
			return;
		}
		const thread = await this.ctx.client.channels.fetch(threadId);
		if (!thread?.isTextBased()) throw new Error(`cannot edit in thread ${threadId}`);
		await thread.messages.edit(messageId, body);
	}

	/** The webhook this speaker uses, if the bot may manage webhooks in the channel. */
	currentWebhook(): Promise<Webhook | undefined> {
		return this.webhook();
	}

	/** Posts one message in a thread (or opens a forum post), as the character. */
	async post(
		webhook: Webhook | undefined,
		payload: BaseMessageOptions,
		thread: string,
		createPost = false,
	): Promise<Message> {
		if (webhook) {
			const where = createPost ? { threadName: thread } : { threadId: thread };
			try {
				return await webhook.send({ ...payload, ...this.asCharacter(webhook), ...where });
			} catch (error) {
				if (WebhookDirectory.isGone(error)) webhooksOf(this.ctx.client).forget(this.channel.id);
				throw error;
			}
		}
		if (createPost && this.channel.type === ChannelType.GuildForum) {
			const post = await this.channel.threads.create({ name: thread, message: payload as MessageCreateOptions });
			return (await post.fetchStarterMessage()) as Message;
		}
		const target = await this.ctx.client.channels.fetch(thread);
		if (!target?.isSendable()) throw new Error(`cannot post in thread ${thread}`);
		return target.send(payload as MessageCreateOptions);
	}
}
