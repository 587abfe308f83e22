import type {
	APIAllowedMentions,
	APIApplicationCommand,
	APIEmoji,
	APIMessage,
	APIOverwrite,
	APIRole,
	APIUser,
	ChannelType,
	InteractionResponseType,
	InteractionType,
	Locale,
	ThreadAutoArchiveDuration,
} from 'discord-api-types/v10';
import * as errors from '../errors.js';
import type { FileHost } from '../files.js';
import type { UploadedFile } from '../rest/body.js';
import type { SnowflakeGenerator } from '../snowflake.js';
import { ChangeFeed } from './changes.js';

/** A guild member as the fake keeps it; the user object lives in `World.users`. */
export interface MemberRecord {
	userId: string;
	roles: string[];
	joinedAt: string;
	nick: string | null;
}

export interface GuildRecord {
	id: string;
	name: string;
	ownerId: string;
	systemChannelId: string | null;
	joinedAt: string;
	preferredLocale: Locale;
	roles: Map<string, APIRole>;
	members: Map<string, MemberRecord>;
	emojis: APIEmoji[];
}

/** What only threads have: who owns them, whether they are open, who is in them. */
export interface ThreadState {
	ownerId: string;
	archived: boolean;
	locked: boolean;
	invitable: boolean;
	autoArchiveDuration: ThreadAutoArchiveDuration;
	archiveTimestamp: string;
	createTimestamp: string;
	members: Set<string>;
	messageCount: number;
	totalMessageSent: number;
	appliedTags: string[];
}

export interface ChannelRecord {
	id: string;
	type: ChannelType;
	/** null for DM channels. */
	guildId: string | null;
	name: string;
	position: number;
	parentId: string | null;
	topic: string | null;
	nsfw: boolean;
	overwrites: APIOverwrite[];
	lastMessageId: string | null;
	rateLimitPerUser: number;
	thread?: ThreadState;
	/** DM channels: the user on the other side. */
	recipientId?: string;
}

export interface WebhookRecord {
	id: string;
	token: string;
	name: string;
	avatar: string | null;
	channelId: string;
	guildId: string;
	/** Set when the bot created it; only such webhooks may carry interactive components. */
	applicationId: string | null;
	creatorId: string;
}

/** One thing the bot did with an interaction, in the order it happened. */
export interface InteractionResponse {
	kind: 'callback' | 'editOriginal' | 'deleteOriginal' | 'followUp' | 'editFollowUp' | 'deleteFollowUp';
	/** For `callback`: the response type (4 reply, 5 defer, 6 deferred update, 7 update, 8 choices, 9 modal). */
	callbackType?: InteractionResponseType;
	/** The request body (`data` of a callback, the message body otherwise). */
	body: unknown;
	files: UploadedFile[];
	/** The message created or edited, when there is one. */
	message?: APIMessage;
	at: number;
}

export interface InteractionRecord {
	id: string;
	token: string;
	type: InteractionType;
	payload: Record<string, unknown>;
	userId: string;
	channelId: string | null;
	guildId: string | null;
	/** The command's name, for `interaction_metadata` and messages of type 20/23. */
	commandName: string | null;
	createdAt: number;
	expired: boolean;
	acknowledgedWith: InteractionResponseType | null;
	/** The message `@original` refers to: the reply, or the component's message after 6/7. */
	originalMessageId: string | null;
	/** The message whose component was used (components, and modals opened from one). */
	sourceMessageId: string | null;
	followUpIds: Set<string>;
	/** A deferred reply still shows "thinking": the first follow-up replaces it, as on Discord. */
	originalLoading: boolean;
	responses: InteractionResponse[];
}

/** The fake's whole state, with lookups that fail the way Discord fails. */
export class World {
	readonly users = new Map<string, APIUser>();
	readonly guilds = new Map<string, GuildRecord>();
	readonly channels = new Map<string, ChannelRecord>();
	/** Every message by id, ephemeral ones included. */
	readonly messages = new Map<string, APIMessage>();
	/** Messages everyone in a channel sees, oldest first. */
	readonly channelMessages = new Map<string, string[]>();
	/** What each message asked for in `allowed_mentions`; `undefined` means it sent none. */
	readonly allowedMentions = new Map<string, APIAllowedMentions | undefined>();
	readonly webhooks = new Map<string, WebhookRecord>();
	/** Interactions by token. */
	readonly interactions = new Map<string, InteractionRecord>();
	readonly commands = new Map<string, APIApplicationCommand>();
	readonly changes = new ChangeFeed();

	constructor(
		readonly ids: SnowflakeGenerator,
		readonly files: FileHost,
		readonly applicationId: string,
		readonly botUserId: string,
		readonly now: () => number,
	) {}

	user(id: string): APIUser {
		const user = this.users.get(id);
		if (!user) throw errors.unknownUser();
		return user;
	}

	guild(id: string): GuildRecord {
		const guild = this.guilds.get(id);
		if (!guild) throw errors.unknownGuild();
		return guild;
	}

	channel(id: string): ChannelRecord {
		const channel = this.channels.get(id);
		if (!channel) throw errors.unknownChannel();
		return channel;
	}

	/** A message that is visible in the given channel. */
	message(channelId: string, messageId: string): APIMessage {
		const message = this.messages.get(messageId);
		if (!message || message.channel_id !== channelId) throw errors.unknownMessage();
		return message;
	}

	member(guildId: string, userId: string): MemberRecord {
		const member = this.guild(guildId).members.get(userId);
		if (!member) throw errors.unknownMember();
		return member;
	}

	/** The channel whose permissions and webhooks a thread shares. */
	permissionChannel(channel: ChannelRecord): ChannelRecord {
		if (!channel.thread || !channel.parentId) return channel;
		return this.channel(channel.parentId);
	}

	visibleMessages(channelId: string): APIMessage[] {
		const ids = this.channelMessages.get(channelId) ?? [];
		return ids.flatMap((id) => this.messages.get(id) ?? []);
	}

	isoNow(): string {
		return new Date(this.now()).toISOString();
	}
}
