import type {
	APIAllowedMentions,
	APIApplicationCommand,
	APIAttachment,
	APIChannel,
	APIMessage,
	APIUser,
	APIWebhook,
	OverwriteType,
} from 'discord-api-types/v10';
import type { DispatchScope, GatewayFrame } from './gateway.js';
import type {
	ActorContext,
	InteractionHandle,
	ModalContext,
	ModalFieldValues,
	SlashContext,
	UserRef,
} from './interactions/driver.js';
import type { OptionValues } from './interactions/options.js';
import type { RateWindow } from './rate-limit.js';
import type { FaultMatch, FaultReply } from './rest/faults.js';
import type { RecordedCall } from './rest/server.js';
import type { GuildShape, SeededGuild } from './state/seed.js';
import type { InteractionResponse } from './state/world.js';

// The fake's public surface: what tests and the end-to-end harness program against.

export interface FakeDiscordOptions {
	/** How long the bot has to acknowledge an interaction (Discord: 3000 ms). */
	interactionDeadlineMs?: number;
	/** How long an interaction token works for `@original` and follow-ups (Discord: 15 minutes). */
	tokenLifetimeMs?: number;
	/** Per-webhook execution and edit limit (about 5 per 2 s on Discord). */
	webhookRate?: RateWindow;
	/**
	 * Extra guilds for benchmarks: a count (one channel each), or a count with how big each is,
	 * e.g. `{ count: 2500, channels: 20, roles: 15, members: 50, emojis: 20 }`.
	 */
	guilds?: number | ({ count: number } & GuildShape);
	/** The clock behind timestamps, deadlines and token expiry (default `Date.now`). */
	now?: () => number;
}

/** A file a user attaches in `userSays`. */
export interface UserFile {
	filename: string;
	data: Buffer | string;
	contentType?: string;
}

export interface UserMessageOptions {
	attachments?: UserFile[];
	/** Makes the message a reply to this one. */
	replyTo?: APIMessage | string;
}

/** A permission overwrite; bits may be bigints (`PermissionFlagsBits.X`) or strings. */
export interface OverwriteInput {
	id: string;
	type: OverwriteType;
	allow?: bigint | string;
	deny?: bigint | string;
}

/** A guild added with `addGuild`: a general channel, and an admin and a member who can run commands there. */
export interface AddedGuild {
	id: string;
	name: string;
	channels: { general: string };
	/** The Admin role (Manage Server). */
	roles: { admin: string };
	/** `admin` holds the Admin role; `member` only @everyone. Neither is in the main guild. */
	users: { admin: APIUser; member: APIUser };
}

export interface FakeDiscord {
	/** `http://127.0.0.1:PORT/api`: what `DISCORD_API_URL` or discord.js's `rest.api` is set to. */
	readonly apiUrl: string;
	/** `ws://127.0.0.1:PORT/gateway`, as `/gateway/bot` hands it out. */
	readonly gatewayUrl: string;
	readonly botToken: string;
	readonly applicationId: string;
	readonly botUser: APIUser;
	readonly guild: SeededGuild;
	/** Ids of the extra guilds from the `guilds` option. */
	readonly extraGuildIds: string[];
	/** Every REST request, in order of arrival. */
	readonly calls: RecordedCall[];
	/** Every frame clients sent over the gateway. */
	readonly gatewayFrames: GatewayFrame[];
	/** Exceptions inside the fake itself (answered with 500); a test should expect none. */
	readonly internalErrors: Error[];
	readonly identifyCount: number;
	readonly resumeCount: number;

	/**
	 * Resolves once `count` identifications (default 1) have been answered with READY and the
	 * GUILD_CREATEs; after a bot restart, pass the count you expect by then.
	 */
	waitForIdentify(options?: { count?: number; timeoutMs?: number }): Promise<void>;

	slash(name: string, options: OptionValues, context: SlashContext): InteractionHandle;
	autocomplete(name: string, focused: string, options: OptionValues, context: SlashContext): InteractionHandle;
	button(message: APIMessage, customId: string, context: { user: UserRef }): InteractionHandle;
	select(message: APIMessage, customId: string, values: string[], context: { user: UserRef }): InteractionHandle;
	modalSubmit(customId: string, fields: ModalFieldValues, context: ModalContext): InteractionHandle;
	messageContext(name: string, target: APIMessage, context: ActorContext): InteractionHandle;
	userContext(name: string, target: UserRef, context: ActorContext): InteractionHandle;
	rawInteraction(payload: Record<string, unknown>): InteractionHandle;
	/** A user posts in a channel: the message is stored and MESSAGE_CREATE dispatched. */
	userSays(channelId: string, content: string, user: UserRef, extra?: UserFile[] | UserMessageOptions): APIMessage;
	/** Sends any gateway event, for cases the helpers do not cover. */
	dispatch(event: string, data: unknown, scope?: DispatchScope): number;

	/** What everyone in the channel sees, oldest first (ephemeral replies are not here). */
	messages(channelId: string): APIMessage[];
	/** Any message by id as it is now, ephemeral ones included. */
	message(messageId: string): APIMessage | undefined;
	/** The `allowed_mentions` a message was sent with; undefined when it sent none (Discord then pings everything). */
	allowedMentionsOf(messageId: string): APIAllowedMentions | undefined;
	threads(parentId?: string): APIChannel[];
	webhooks(channelId?: string): APIWebhook[];
	commands(guildId?: string): APIApplicationCommand[];
	interactionResponses(handle: InteractionHandle): InteractionResponse[];

	waitFor<T>(predicate: () => T | undefined | false, timeoutMs?: number): Promise<T>;
	waitForCall(predicate: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
	waitForMessage(
		channelId: string,
		predicate: (message: APIMessage) => boolean,
		timeoutMs?: number,
	): Promise<APIMessage>;
	waitForResponse(
		handle: InteractionHandle,
		predicate?: (response: InteractionResponse) => boolean,
		timeoutMs?: number,
	): Promise<InteractionResponse>;

	/** The next `times` requests matching get this error instead (429s always carry Retry-After). */
	fail(match: FaultMatch, reply: FaultReply, times?: number): void;
	/** Hosts a file under `/files/…` and returns its attachment, e.g. for `resolved.attachments`. */
	hostFile(filename: string, data: Buffer | string, contentType?: string): APIAttachment;
	/** The DM channel between the bot and a user (created on first use). */
	dmChannel(user: UserRef): string;
	/** A new member of the main guild. */
	addUser(username: string, roleIds?: string[]): APIUser;
	/** A webhook made outside the bot (by a user in the UI, unless `ownedByApp`). */
	addWebhook(channelId: string, options?: { name?: string; ownedByApp?: boolean }): APIWebhook;
	/** The bot joins a new guild (GUILD_CREATE); `alsoJoining` users are plain members there too. */
	addGuild(options?: { name?: string; alsoJoining?: UserRef[] }): AddedGuild;
	/** The bot is removed from a guild: GUILD_DELETE. */
	removeGuild(guildId: string): void;
	/** Replaces a channel's overwrites (CHANNEL_UPDATE), e.g. to deny the bot Manage Webhooks there. */
	setPermissions(channelId: string, overwrites: OverwriteInput[]): void;
	/** Sets the permissions of a role (GUILD_ROLE_UPDATE). */
	setRolePermissions(roleId: string, permissions: bigint, guildId?: string): void;
	/** Sets the permissions of the bot's own role. */
	setBotPermissions(permissions: bigint, guildId?: string): void;
	/** Ends an interaction token's life now, as if 15 minutes had passed. */
	expireInteraction(handle: InteractionHandle | string): void;
	/** Closes every gateway socket with the code (4000: the client resumes; 1000: it re-identifies). */
	disconnect(code?: number): void;
	close(): Promise<void>;
}
