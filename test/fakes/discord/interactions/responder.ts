import {
	type APIMessage,
	type APIMessageInteractionMetadata,
	type APIUser,
	ApplicationCommandType,
	InteractionType,
	MessageFlags,
	MessageType,
	InteractionResponseType as R,
} from 'discord-api-types/v10';
import * as errors from '../errors.js';
import { choiceIssues, type MessageBody, modalIssues } from '../limits.js';
import type { Messaging } from '../messages.js';
import type { UploadedFile } from '../rest/body.js';
import type { InteractionRecord, InteractionResponse, World } from '../state/world.js';

export interface ResponderOptions {
	/** How long the bot has to acknowledge. */
	deadlineMs: number;
	/** How long the token works for @original and follow-ups. */
	tokenLifetimeMs: number;
}

export interface CallbackResult {
	/** The body for `?with_response=true`. */
	response: unknown;
}

const wrongResponseType = (type: unknown) =>
	errors.invalidFormBody([
		{ path: ['type'], code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: `Response type ${type} is not valid here` },
	]);

/** Which callback types each interaction type accepts. */
const ALLOWED: Record<number, R[]> = {
	[InteractionType.ApplicationCommand]: [R.ChannelMessageWithSource, R.DeferredChannelMessageWithSource, R.Modal],
	[InteractionType.MessageComponent]: [
		R.ChannelMessageWithSource,
		R.DeferredChannelMessageWithSource,
		R.DeferredMessageUpdate,
		R.UpdateMessage,
		R.Modal,
	],
	[InteractionType.ApplicationCommandAutocomplete]: [R.ApplicationCommandAutocompleteResult],
	[InteractionType.ModalSubmit]: [
		R.ChannelMessageWithSource,
		R.DeferredChannelMessageWithSource,
		R.DeferredMessageUpdate,
		R.UpdateMessage,
	],
};

/**
 * The bot's side of an interaction: the one callback within the deadline, then `@original`
 * and follow-ups while the token lives, each recorded for `interactionResponses()`.
 */
export class InteractionResponder {
	constructor(
		private readonly world: World,
		private readonly messaging: Messaging,
		private readonly botUser: APIUser,
		private readonly options: ResponderOptions,
	) {}

	callback(interactionId: string, token: string, body: Record<string, unknown>, files: UploadedFile[]): CallbackResult {
		const record = this.world.interactions.get(token);
		if (!record || record.id !== interactionId) throw errors.unknownInteraction();
		if (record.acknowledgedWith !== null) throw errors.alreadyAcknowledged();
		if (this.world.now() - record.createdAt > this.options.deadlineMs) throw errors.unknownInteraction();

		const type = body.type as R;
		if (!ALLOWED[record.type]?.includes(type)) throw wrongResponseType(body.type);

		if ((type === R.UpdateMessage || type === R.DeferredMessageUpdate) && !record.sourceMessageId) {
			throw wrongResponseType(body.type);
		}

		const data = (body.data ?? {}) as MessageBody & Record<string, unknown>;
		const message = this.#respond(record, type, data, files);
		record.acknowledgedWith = type;
		this.#log(record, { kind: 'callback', callbackType: type, body: data, files, message });
		return { response: this.#callbackResponse(record, type, message) };
	}

	getOriginal(token: string): APIMessage {
		return this.#original(this.#live(token));
	}

	editOriginal(token: string, body: MessageBody, files: UploadedFile[]): APIMessage {
		const record = this.#live(token);
		const message = this.#editable(this.#original(record));
		const edited = this.messaging.edit(message, body, files);
		record.originalLoading = false;
		this.#log(record, { kind: 'editOriginal', body, files, message: edited });
		return edited;
	}

	deleteOriginal(token: string): void {
		const record = this.#live(token);
		this.messaging.remove(this.#original(record));
		this.#log(record, { kind: 'deleteOriginal', body: undefined, files: [] });
	}

	/** A follow-up; after a deferral the first one replaces the "thinking…" message, as on Discord. */
	followUp(token: string, body: MessageBody, files: UploadedFile[]): APIMessage {
		const record = this.#live(token);
		if (record.acknowledgedWith === null || record.type === InteractionType.ApplicationCommandAutocomplete) {
			throw errors.unknownWebhook();
		}

		let message: APIMessage;
		if (record.originalLoading && record.originalMessageId) {
			const original = this.world.messages.get(record.originalMessageId);
			if (!original) throw errors.unknownMessage();

			message = this.messaging.edit(this.#editable(original), body, files);
			record.originalLoading = false;
		} else {
			const ephemeral = (Number(body.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
			message = this.#createMessage(record, body, files, { ephemeral });
			record.followUpIds.add(message.id);
		}
		this.#log(record, { kind: 'followUp', body, files, message });
		return message;
	}

	getFollowUp(token: string, messageId: string): APIMessage {
		return this.#ownMessage(this.#live(token), messageId);
	}

	editFollowUp(token: string, messageId: string, body: MessageBody, files: UploadedFile[]): APIMessage {
		const record = this.#live(token);
		const edited = this.messaging.edit(this.#editable(this.#ownMessage(record, messageId)), body, files);
		this.#log(record, { kind: 'editFollowUp', body, files, message: edited });
		return edited;
	}

	deleteFollowUp(token: string, messageId: string): void {
		const record = this.#live(token);
		this.messaging.remove(this.#ownMessage(record, messageId));
		this.#log(record, { kind: 'deleteFollowUp', body: { message_id: messageId }, files: [] });
	}

	/** True when the token belongs to an interaction, live or not. */
	isInteractionToken(token: string): boolean {
		return this.world.interactions.has(token);
	}

	#respond(record: InteractionRecord, type: R, data: MessageBody & Record<string, unknown>, files: UploadedFile[]) {
		switch (type) {
			case R.ChannelMessageWithSource:
				return this.#reply(record, data, files, false);
			case R.DeferredChannelMessageWithSource:
				return this.#reply(record, { flags: data.flags }, [], true);
			case R.DeferredMessageUpdate:
				record.originalMessageId = record.sourceMessageId;
				return undefined;
			case R.UpdateMessage:
				return this.#updateSource(record, data, files);
			case R.ApplicationCommandAutocompleteResult:
				errors.assertNoIssues(choiceIssues(data.choices).map((issue) => ({ ...issue, path: ['data', ...issue.path] })));
				return undefined;
			default:
				errors.assertNoIssues(modalIssues(data));
				return undefined;
		}
	}

	#reply(record: InteractionRecord, data: MessageBody, files: UploadedFile[], loading: boolean): APIMessage {
		const ephemeral = (Number(data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
		const message = this.#createMessage(record, data, files, { ephemeral, loading });
		record.originalMessageId = message.id;
		record.originalLoading = loading;
		return message;
	}

	#updateSource(record: InteractionRecord, data: MessageBody, files: UploadedFile[]): APIMessage {
		const source = this.world.messages.get(record.sourceMessageId ?? '');
		if (!source) throw errors.unknownMessage();

		record.originalMessageId = source.id;
		return this.messaging.edit(this.#editable(source), data, files);
	}

	#createMessage(
		record: InteractionRecord,
		body: MessageBody,
		files: UploadedFile[],
		shown: { ephemeral: boolean; loading?: boolean },
	): APIMessage {
		const channel = this.world.channel(record.channelId ?? '');
		if (channel.thread?.archived) throw errors.threadArchived();

		return this.messaging.create(channel, body, files, {
			author: this.botUser,
			webhookId: this.world.applicationId,
			applicationId: this.world.applicationId,
			type: this.#messageType(record),
			interactionMetadata: this.#metadata(record),
			...shown,
		});
	}

	#messageType(record: InteractionRecord): MessageType {
		if (record.type !== InteractionType.ApplicationCommand) return MessageType.Default;

		const data = record.payload.data as { type?: ApplicationCommandType } | undefined;
		return data?.type === ApplicationCommandType.ChatInput
			? MessageType.ChatInputCommand
			: MessageType.ContextMenuCommand;
	}

	#metadata(record: InteractionRecord): APIMessageInteractionMetadata {
		const base = {
			id: record.id,
			user: this.world.user(record.userId),
			authorizing_integration_owners: record.payload.authorizing_integration_owners as Record<string, string>,
		};
		if (record.type === InteractionType.MessageComponent) {
			return { ...base, type: InteractionType.MessageComponent, interacted_message_id: record.sourceMessageId ?? '' };
		}
		return { ...base, type: InteractionType.ApplicationCommand } as APIMessageInteractionMetadata;
	}

	/** Edits in an archived thread fail on Discord; see discord-api-docs #5517. */
	#editable(message: APIMessage): APIMessage {
		if (this.world.channels.get(message.channel_id)?.thread?.archived) throw errors.threadArchived();
		return message;
	}

	/** The interaction behind a webhook-style token, refused once the token has expired. */
	#live(token: string): InteractionRecord {
		const record = this.world.interactions.get(token);
		if (!record) throw errors.invalidWebhookToken();

		const expired = record.expired || this.world.now() - record.createdAt > this.options.tokenLifetimeMs;
		if (expired) throw errors.invalidWebhookToken();
		return record;
	}

	#original(record: InteractionRecord): APIMessage {
		const message = record.originalMessageId ? this.world.messages.get(record.originalMessageId) : undefined;
		if (!message) throw errors.unknownMessage();
		return message;
	}

	#ownMessage(record: InteractionRecord, messageId: string): APIMessage {
		const owned = record.followUpIds.has(messageId) || record.originalMessageId === messageId;
		const message = owned ? this.world.messages.get(messageId) : undefined;
		if (!message) throw errors.unknownMessage();
		return message;
	}

	#log(record: InteractionRecord, entry: Omit<InteractionResponse, 'at'>): void {
		record.responses.push({ ...entry, at: this.world.now() });
		this.world.changes.touch(record.token);
	}

	#callbackResponse(record: InteractionRecord, type: R, message: APIMessage | undefined): unknown {
		const flags = message?.flags ?? 0;
		return {
			interaction: {
				id: record.id,
				type: record.type,
				activity_instance_id: null,
				response_message_id: message?.id ?? null,
				response_message_loading: (flags & MessageFlags.Loading) !== 0,
				response_message_ephemeral: (flags & MessageFlags.Ephemeral) !== 0,
			},
			...(message ? { resource: { type, message } } : {}),
		};
	}
}
