import {
	type Client,
	type ForumChannel,
	type MediaChannel,
	type NewsChannel,
	PermissionFlagsBits,
	type TextChannel,
	type Webhook,
} from 'discord.js';
import { WebhookPacer } from '../chat/stream-writer.js';
import { isDeadTokenError } from './replies.js';

/** A channel that can hold webhooks: threads speak through their parent's. */
export type WebhookChannel = TextChannel | NewsChannel | ForumChannel | MediaChannel;

const WEBHOOK_NAME = 'Rostro characters';
// Discord's webhook window is about 2 s, counted from when requests arrive; ours starts when we
// let a request go, a little earlier, so the margin keeps the two windows from overlapping.
const PACED_WINDOW_MS = 2_400;

/**
 * The bot's own webhook per channel, created once and reused, so characters speak with their own
 * name and avatar without ever reaching Discord's 15-webhooks-per-channel cap. Webhooks that
 * others made are never used: only one the application owns may carry buttons.
 */
export class WebhookDirectory {
	private readonly byChannel = new Map<string, Promise<Webhook | undefined>>();
	private readonly pacers = new Map<string, WebhookPacer>();

	constructor(private readonly client: Client) {}

	/** The bot's webhook in the channel; undefined when the bot lacks Manage Webhooks there. */
	forChannel(channel: WebhookChannel): Promise<Webhook | undefined> {
		if (!this.mayManage(channel)) return Promise.resolve(undefined);

		const known = this.byChannel.get(channel.id);
		if (known) return known;
		const found = this.findOrCreate(channel).catch((error: unknown) => {
			this.byChannel.delete(channel.id);
			throw error;
		});
		this.byChannel.set(channel.id, found);
		return found;
	}

	/**
	 * The pacer every request through a channel's webhook goes through: Discord gives a webhook
	 * about 5 requests per 2 s, shared by all the threads under the channel.
	 */
	pacer(channelId: string): WebhookPacer {
		let pacer = this.pacers.get(channelId);
		if (!pacer) {
			pacer = new WebhookPacer({ windowMs: PACED_WINDOW_MS });
			this.pacers.set(channelId, pacer);
		}
		return pacer;
	}

	/** Forgets a channel's webhook, e.g. after someone deleted it; the next use makes a new one. */
	forget(channelId: string): void {
		this.byChannel.delete(channelId);
	}

	/** Whether a failed webhook call means the webhook is gone. */
	static isGone(error: unknown): boolean {
		return isDeadTokenError(error);
	}

	private mayManage(channel: WebhookChannel): boolean {
		const me = this.client.user;
		return me ? (channel.permissionsFor(me)?.has(PermissionFlagsBits.ManageWebhooks) ?? false) : false;
	}

	private async findOrCreate(channel: WebhookChannel): Promise<Webhook> {
		const existing = await channel.fetchWebhooks();
		const own = existing.find((webhook) => webhook.applicationId === this.client.application?.id && webhook.token);
		if (own) return own;
		return channel.createWebhook({ name: WEBHOOK_NAME, reason: 'Characters speak through it' });
	}
}

const directories = new WeakMap<Client, WebhookDirectory>();

/** The webhook directory of a logged-in client. */
export function webhooksOf(client: Client): WebhookDirectory {
	let directory = directories.get(client);
	if (!directory) {
		directory = new WebhookDirectory(client);
		directories.set(client, directory);
	}
	return directory;
}
