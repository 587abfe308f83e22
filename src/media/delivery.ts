import { type APIMessage, type Client, DiscordAPIError, MessageFlags, RESTJSONErrorCodes, Routes } from 'discord.js';
import { noMentions } from '../discord/replies.js';
import type { Logger } from '../log.js';
import type { TokenVault } from '../store/index.js';
import type { MediaJob } from './job-record.js';
import { type OutgoingMessage, requesterLine } from './result-message.js';

/** Stop trusting an interaction token a little before Discord does; a late call fails anyway. */
const EXPIRY_MARGIN_MS = 30_000;

/** Codes Discord answers when an interaction's token or its reply no longer work. */
const deadReplyCodes: unknown[] = [
	RESTJSONErrorCodes.InvalidWebhookToken,
	RESTJSONErrorCodes.UnknownWebhook,
	RESTJSONErrorCodes.UnknownInteraction,
	RESTJSONErrorCodes.UnknownMessage,
];

function isDeadReply(error: unknown): boolean {
	return error instanceof DiscordAPIError && deadReplyCodes.includes(error.code);
}

/** Where a delivered result ended up. */
export interface Delivered {
	channelId: string;
	messageId: string;
	attachmentUrl?: string | undefined;
}

function delivered(message: APIMessage): Delivered {
	return { channelId: message.channel_id, messageId: message.id, attachmentUrl: message.attachments[0]?.url };
}

/**
 * Talks to Discord about one job without holding its interaction: through the interaction's
 * webhook (its token, stored sealed) while the token lives, else in the channel, or by direct
 * message for what is only the requester's business.
 */
export class JobMessenger {
	constructor(
		private readonly client: Client,
		private readonly vault: TokenVault,
		private readonly logger: Logger,
	) {}

	/** Whether the job's interaction token may still be used. */
	tokenLive(job: MediaJob, now = Date.now()): boolean {
		return now < job.interaction.expiresAt - EXPIRY_MARGIN_MS;
	}

	/** Shows progress in the placeholder; false once the reply can no longer be edited. */
	async progress(job: MediaJob, text: string): Promise<boolean> {
		const token = this.#token(job);
		if (!token || !this.tokenLive(job)) return false;

		try {
			await this.client.rest.patch(Routes.webhookMessage(job.applicationId, token, '@original'), {
				auth: false,
				body: { content: text, allowed_mentions: noMentions },
			});
			return true;
		} catch (error) {
			if (!isDeadReply(error)) throw error;
			return false;
		}
	}

	/** Puts the result in the reply while its token lives, else posts it in the channel naming the requester. */
	async deliver(job: MediaJob, message: OutgoingMessage): Promise<Delivered> {
		const token = this.#token(job);
		if (token && this.tokenLive(job)) {
			try {
				const route = Routes.webhookMessage(job.applicationId, token, '@original');
				return delivered((await this.client.rest.patch(route, { auth: false, ...message })) as APIMessage);
			} catch (error) {
				if (!isDeadReply(error)) throw error;
				this.logger.info({ jobId: job.id }, 'interaction token dead; posting the result in the channel');
			}
		}

		await this.#removePlaceholder(job);
		const body = { ...message.body, content: requesterLine(job) };
		const posted = await this.client.rest.post(Routes.channelMessages(job.channelId), { body, files: message.files });
		return delivered(posted as APIMessage);
	}

	/** Tells the requester privately why there is no result, and removes the public placeholder. */
	async tellRequester(job: MediaJob, sentence: string): Promise<void> {
		const token = this.#token(job);
		if (token && this.tokenLive(job)) {
			try {
				await this.#answerPrivately(job, token, sentence);
				return;
			} catch (error) {
				if (!isDeadReply(error)) throw error;
			}
		}

		await this.#removePlaceholder(job);
		await this.client.users.send(job.userId, { content: sentence, allowedMentions: noMentions });
	}

	async #answerPrivately(job: MediaJob, token: string, sentence: string): Promise<void> {
		await this.client.rest
			.delete(Routes.webhookMessage(job.applicationId, token, '@original'), { auth: false })
			.catch((error: unknown) => {
				if (!isDeadReply(error)) throw error; // a placeholder already gone is as good as deleted
			});
		await this.client.rest.post(Routes.webhook(job.applicationId, token), {
			auth: false,
			query: new URLSearchParams({ wait: 'true' }),
			body: { content: sentence, flags: MessageFlags.Ephemeral, allowed_mentions: noMentions },
		});
	}

	/** The "making…" placeholder must not linger beside a result posted elsewhere; the bot may delete its own. */
	async #removePlaceholder(job: MediaJob): Promise<void> {
		const placeholder = job.interaction.placeholderId;
		if (!placeholder) return;

		await this.client.rest.delete(Routes.channelMessage(job.channelId, placeholder)).catch((error: unknown) => {
			this.logger.debug({ err: error, jobId: job.id }, 'could not remove the placeholder');
		});
	}

	#token(job: MediaJob): string | undefined {
		try {
			return this.vault.open(job.interaction.token);
		} catch (error) {
			// A secret rotated since: the reply is lost, the channel still works.
			this.logger.warn({ err: error, jobId: job.id }, 'could not open the interaction token');
			return undefined;
		}
	}
}
