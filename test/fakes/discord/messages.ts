import {
	type AllowedMentionsTypes,
	type APIAllowedMentions,
	type APIAttachment,
	type APIEmbed,
	type APIMessage,
	type APIMessageInteractionMetadata,
	type APIMessageReference,
	type APIMessageTopLevelComponent,
	type APIUser,
	GatewayDispatchEvents,
	GatewayIntentBits,
	MessageFlags,
	MessageType,
	PermissionFlagsBits,
} from 'discord-api-types/v10';
import * as errors from './errors.js';
import type { AttachmentDetails } from './files.js';
import type { Gateway, GatewaySession } from './gateway.js';
import { hasVisibleContent, LIMITS, type MessageBody, messageIssues } from './limits.js';
import { resolveMentions } from './mentions.js';
import { channelPermissions } from './permissions.js';
import type { UploadedFile } from './rest/body.js';
import type { ChannelRecord, World } from './state/world.js';

/** Who a message comes from and how it is shown. */
export interface Authorship {
	author: APIUser;
	/** A forum post's starter message shares the thread's id. */
	messageId?: string;
	webhookId?: string;
	applicationId?: string;
	type?: MessageType;
	interactionMetadata?: APIMessageInteractionMetadata;
	/** Seen only by the interaction's user: kept out of the channel and the gateway. */
	ephemeral?: boolean;
	/** A deferred reply's "thinking…" placeholder. */
	loading?: boolean;
	/** A system message's pointer (a thread-created notice points at the thread). */
	systemReference?: APIMessageReference;
}

/** Flags a sender may set itself; the rest are Discord's to set. */
const SETTABLE_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

const GUILD_MESSAGE_FIELDS_WITHOUT_CONTENT = { content: '', embeds: [], attachments: [], components: [] };

/** A message payload as it goes over the gateway. */
type GatewayMessage = APIMessage & { guild_id?: string; member?: unknown };

function allowedMentionsIssues(value: unknown): errors.FormIssue[] {
	const allowed = value as APIAllowedMentions | undefined;
	const clash = (kind: 'users' | 'roles') =>
		allowed?.parse?.includes(kind as AllowedMentionsTypes) && (allowed[kind]?.length ?? 0) > 0;
	return (['users', 'roles'] as const).filter(clash).map((kind) => ({
		path: ['allowed_mentions', 'parse'],
		code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
		message: `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
	}));
}

/**
 * Creates, edits and deletes messages with Discord's checks, and echoes each change over the
 * gateway as Discord does (MESSAGE_CREATE/UPDATE/DELETE, content stripped without the intent).
 */
export class Messaging {
	constructor(
		private readonly world: World,
		private readonly gateway: Gateway,
	) {}

	create(channel: ChannelRecord, body: MessageBody, files: UploadedFile[], who: Authorship): APIMessage {
		errors.assertNoIssues([...messageIssues(body), ...allowedMentionsIssues(body.allowed_mentions)]);
		if (!who.loading && !hasVisibleContent(body, files.length)) throw errors.emptyMessage();

		const reference = this.#reference(channel, body.message_reference);
		const allowed = body.allowed_mentions as APIAllowedMentions | undefined;
		const content = typeof body.content === 'string' ? body.content : '';
		const flags =
			(Number(body.flags ?? 0) & SETTABLE_FLAGS) |
			(who.ephemeral ? MessageFlags.Ephemeral : 0) |
			(who.loading ? MessageFlags.Loading : 0);

		const message: APIMessage = {
			id: who.messageId ?? this.world.ids.next(),
			channel_id: channel.id,
			author: who.author,
			content,
			timestamp: this.world.isoNow(),
			edited_timestamp: null,
			tts: body.tts === true,
			...this.#mentions(channel, who, content, allowed, reference),
			attachments: this.#attachments(body.attachments, files, []),
			embeds: this.#embeds(body.embeds),
			components: (body.components ?? []) as APIMessageTopLevelComponent[],
			pinned: false,
			type: who.type ?? (reference ? MessageType.Reply : MessageType.Default),
			flags,
			...(who.webhookId ? { webhook_id: who.webhookId } : {}),
			...(who.applicationId ? { application_id: who.applicationId } : {}),
			...(who.interactionMetadata ? { interaction_metadata: who.interactionMetadata } : {}),
			...(who.systemReference ? { message_reference: who.systemReference } : {}),
			...(reference ? { message_reference: this.#referenceOf(reference), referenced_message: reference } : {}),
		};
		this.#store(channel, message, allowed, who.ephemeral === true);
		return message;
	}

	/** Saves a built message; visible ones join the channel and are echoed over the gateway. */
	#store(
		channel: ChannelRecord,
		message: APIMessage,
		allowed: APIAllowedMentions | undefined,
		ephemeral = false,
	): void {
		this.world.messages.set(message.id, message);
		this.world.allowedMentions.set(message.id, allowed);
		if (ephemeral) return;

		this.world.channelMessages.get(channel.id)?.push(message.id);
		channel.lastMessageId = message.id;
		if (channel.thread) {
			channel.thread.messageCount += 1;
			channel.thread.totalMessageSent += 1;
		}
		this.#echo(GatewayDispatchEvents.MessageCreate, channel, message);
	}

	edit(message: APIMessage, body: MessageBody, files: UploadedFile[]): APIMessage {
		errors.assertNoIssues([...messageIssues(body), ...allowedMentionsIssues(body.allowed_mentions)]);
		const next = this.#withChanges(message, body, files);
		if (!hasVisibleContent(next, next.attachments.length)) throw errors.emptyMessage();

		const channel = this.world.channel(message.channel_id);
		const stored = this.world.allowedMentions.get(message.id);
		const allowed = (body.allowed_mentions ?? stored) as APIAllowedMentions | undefined;
		const who = { author: message.author, webhookId: message.webhook_id };
		const repliedTo = message.referenced_message ?? undefined;
		Object.assign(next, this.#mentions(channel, who, next.content, allowed, repliedTo));
		this.world.allowedMentions.set(message.id, allowed);
		this.world.messages.set(message.id, next);

		if (this.#isVisible(next)) this.#echo(GatewayDispatchEvents.MessageUpdate, channel, next);
		return next;
	}

	/** The message with a PATCH applied: only the fields sent change; a filled deferral stops loading. */
	#withChanges(message: APIMessage, body: MessageBody, files: UploadedFile[]): APIMessage {
		const wasLoading = ((message.flags ?? 0) & MessageFlags.Loading) !== 0;
		const next: APIMessage = { ...message, edited_timestamp: wasLoading ? null : this.world.isoNow() };
		if ('content' in body) next.content = typeof body.content === 'string' ? body.content : '';
		if ('embeds' in body) next.embeds = this.#embeds(body.embeds);
		if ('components' in body) next.components = (body.components ?? []) as APIMessageTopLevelComponent[];
		if ('attachments' in body || files.length > 0) {
			next.attachments = this.#attachments(body.attachments, files, message.attachments);
		}

		const kept = (message.flags ?? 0) & ~(SETTABLE_FLAGS | MessageFlags.Loading);
		const asked = 'flags' in body ? Number(body.flags ?? 0) : (message.flags ?? 0);
		next.flags = kept | (asked & SETTABLE_FLAGS);
		return next;
	}

	remove(message: APIMessage): void {
		const channel = this.world.channel(message.channel_id);
		this.world.messages.delete(message.id);
		if (!this.#isVisible(message)) return;

		const ids = this.world.channelMessages.get(channel.id) ?? [];
		ids.splice(ids.indexOf(message.id), 1);
		if (channel.thread) channel.thread.messageCount = Math.max(0, channel.thread.messageCount - 1);
		const data = { id: message.id, channel_id: channel.id, ...(channel.guildId ? { guild_id: channel.guildId } : {}) };
		this.gateway.dispatch(GatewayDispatchEvents.MessageDelete, data, this.#scope(channel));
	}

	/** Re-sends a message already stored, after something else about it changed (a thread on it). */
	announceUpdate(message: APIMessage): void {
		this.#echo(GatewayDispatchEvents.MessageUpdate, this.world.channel(message.channel_id), message);
	}

	#isVisible(message: APIMessage): boolean {
		return this.world.channelMessages.get(message.channel_id)?.includes(message.id) ?? false;
	}

	#scope(channel: ChannelRecord) {
		const intent = channel.guildId ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
		return { guildId: channel.guildId, intent };
	}

	#echo(event: GatewayDispatchEvents, channel: ChannelRecord, message: APIMessage): void {
		const payload: GatewayMessage = { ...message };
		if (channel.guildId) {
			payload.guild_id = channel.guildId;
			const member = message.webhook_id
				? undefined
				: this.world.guilds.get(channel.guildId)?.members.get(message.author.id);
			if (member) {
				payload.member = {
					roles: member.roles,
					joined_at: member.joinedAt,
					nick: member.nick,
					deaf: false,
					mute: false,
					flags: 0,
				};
			}
		}
		this.gateway.dispatch(event, (session) => this.#forSession(session, payload), this.#scope(channel));
	}

	/** Without the Message Content intent a bot sees no content of others' guild messages, unless pinged. */
	#forSession(session: GatewaySession, message: GatewayMessage): GatewayMessage {
		const hasIntent = (session.intents & GatewayIntentBits.MessageContent) !== 0;
		const botId = this.world.botUserId;
		const exempt = !message.guild_id || message.author.id === botId || message.mentions.some((u) => u.id === botId);
		return hasIntent || exempt ? message : { ...message, ...GUILD_MESSAGE_FIELDS_WITHOUT_CONTENT };
	}

	#mentions(
		channel: ChannelRecord,
		who: Pick<Authorship, 'author' | 'webhookId'>,
		content: string,
		allowed: APIAllowedMentions | undefined,
		repliedTo: APIMessage | undefined,
	) {
		const mayPingAll =
			who.webhookId !== undefined ||
			(channelPermissions(this.world, channel, who.author.id) & PermissionFlagsBits.MentionEveryone) !== 0n;
		return resolveMentions(this.world, {
			content,
			allowed,
			guildId: channel.guildId,
			canMentionEveryone: mayPingAll,
			repliedUser: repliedTo?.author,
		});
	}

	#reference(channel: ChannelRecord, value: unknown): APIMessage | undefined {
		const reference = value as Partial<APIMessageReference> & { fail_if_not_exists?: boolean };
		if (!reference?.message_id) return undefined;

		const target = this.world.messages.get(reference.message_id);
		if (target && target.channel_id === (reference.channel_id ?? channel.id))
			return { ...target, referenced_message: undefined };
		if (reference.fail_if_not_exists === false) return undefined;

		throw errors.invalidFormBody([
			{ path: ['message_reference'], code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' },
		]);
	}

	#referenceOf(target: APIMessage): APIMessageReference {
		const guildId = this.world.channels.get(target.channel_id)?.guildId;
		return { message_id: target.id, channel_id: target.channel_id, ...(guildId ? { guild_id: guildId } : {}) };
	}

	#embeds(value: unknown): APIEmbed[] {
		if (!Array.isArray(value)) return [];
		return value.map((embed: APIEmbed) => ({ type: 'rich', ...embed }) as APIEmbed);
	}

	/**
	 * Attachments after a create or edit: `attachments[]` entries whose id is an existing
	 * attachment are kept, entries whose id is a file index describe that upload, and uploads
	 * nobody described are added as they are.
	 */
	#attachments(value: unknown, files: UploadedFile[], existing: APIAttachment[]): APIAttachment[] {
		const tooBig = files.find((file) => file.data.length > LIMITS.fileSize);
		if (tooBig) throw errors.entityTooLarge();

		const entries = Array.isArray(value) ? (value as (AttachmentDetails & { id?: unknown })[]) : undefined;
		const kept = entries
			? existing.filter((attachment) => entries.some((entry) => String(entry.id) === attachment.id))
			: existing;
		const uploaded = files.map((file, position) => {
			const index = file.index ?? position;
			const entry = entries?.find((candidate) => String(candidate.id) === String(index));
			const { id: _id, ...details } = entry ?? {};
			return this.world.files.host(file.filename, file.data, file.contentType, details);
		});
		return [...kept, ...uploaded];
	}
}
