import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	type APIAllowedMentions,
	type APIApplicationCommand,
	type APIAttachment,
	type APIChannel,
	type APIMessage,
	type APIUser,
	type APIWebhook,
	GatewayDispatchEvents,
	GatewayIntentBits,
	type OverwriteType,
} from 'discord-api-types/v10';
import type { FakeServices } from './context.js';
import { FileHost } from './files.js';
import { type DispatchScope, Gateway, type GatewayFrame } from './gateway.js';
import {
	type ActorContext,
	InteractionDriver,
	type InteractionHandle,
	type ModalContext,
	type ModalFieldValues,
	type SlashContext,
	type UserRef,
} from './interactions/driver.js';
import type { OptionValues } from './interactions/options.js';
import { InteractionResponder } from './interactions/responder.js';
import { LIMITS } from './limits.js';
import { Messaging } from './messages.js';
import { type RateWindow, WebhookRateLimiter } from './rate-limit.js';
import type { UploadedFile } from './rest/body.js';
import type { FaultMatch, FaultReply } from './rest/faults.js';
import { applicationRoutes } from './rest/routes/applications.js';
import { channelRoutes } from './rest/routes/channels.js';
import { gatewayRoutes } from './rest/routes/gateway.js';
import { guildRoutes } from './rest/routes/guilds.js';
import { interactionRoutes } from './rest/routes/interactions.js';
import { threadRoutes } from './rest/routes/threads.js';
import { dmChannelWith, userRoutes } from './rest/routes/users.js';
import { addWebhook, webhookRoutes } from './rest/routes/webhooks.js';
import { type RecordedCall, RestServer } from './rest/server.js';
import { SnowflakeGenerator } from './snowflake.js';
import { createUser, type SeededGuild, seedEmptyGuild, seedMainGuild } from './state/seed.js';
import { toAPIChannel, toAPIWebhook, toGuildCreate } from './state/serialize.js';
import type { InteractionResponse } from './state/world.js';
import { World } from './state/world.js';
import { Threads } from './threads.js';

export type { DispatchScope, GatewayFrame } from './gateway.js';
export type {
	ActorContext,
	InteractionHandle,
	ModalContext,
	ModalFieldValues,
	SlashContext,
	UserRef,
} from './interactions/driver.js';
export type { OptionValue, OptionValues, TypedOption } from './interactions/options.js';
export type { RateWindow } from './rate-limit.js';
export type { UploadedFile } from './rest/body.js';
export type { FaultMatch, FaultReply } from './rest/faults.js';
export type { RecordedCall } from './rest/server.js';
export type { SeededChannels, SeededGuild, SeededRoles, SeededUsers } from './state/seed.js';
export type { InteractionResponse } from './state/world.js';

export interface FakeDiscordOptions {
	/** How long the bot has to acknowledge an interaction (Discord: 3000 ms). */
	interactionDeadlineMs?: number;
	/** How long an interaction token works for `@original` and follow-ups (Discord: 15 minutes). */
	tokenLifetimeMs?: number;
	/** Per-webhook execution and edit limit (about 5 per 2 s on Discord). */
	webhookRate?: RateWindow;
	/** Extra guilds with one channel each, for benchmarks. */
	guilds?: number;
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

/** A guild added with `addGuild`. */
export interface AddedGuild {
	id: string;
	name: string;
	channels: { general: string };
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

	/** Resolves once a client has identified and been sent READY and its GUILD_CREATEs. */
	waitForIdentify(timeoutMs?: number): Promise<void>;

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
	/** The bot joins a new guild: GUILD_CREATE. */
	addGuild(options?: { name?: string }): AddedGuild;
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

const DEFAULT_WAIT = 10_000; // ms
const DEFAULT_WEBHOOK_RATE: RateWindow = { requests: 5, perMs: 2000 };

function listen(server: Server): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
	});
}

function newBotToken(applicationId: string): string {
	const part = (bytes: number) => randomBytes(bytes).toString('base64url');
	return `${Buffer.from(applicationId).toString('base64url')}.${part(4)}.${part(28)}`;
}

function toUploads(files: UserFile[]): UploadedFile[] {
	return files.map((file, index) => ({
		field: `files[${index}]`,
		index,
		filename: file.filename,
		contentType: file.contentType ?? '',
		data: Buffer.isBuffer(file.data) ? file.data : Buffer.from(file.data),
	}));
}

const bits = (value: bigint | string | undefined) => (value ?? 0n).toString();

class RunningFakeDiscord implements FakeDiscord {
	readonly apiUrl: string;
	readonly gatewayUrl: string;
	readonly applicationId: string;
	readonly #services: FakeServices;
	readonly #rest: RestServer;
	readonly #driver: InteractionDriver;

	constructor(
		private readonly server: Server,
		readonly guild: SeededGuild,
		readonly extraGuildIds: string[],
		readonly botToken: string,
		services: FakeServices,
	) {
		this.#services = services;
		this.apiUrl = `${services.world.files.origin}/api`;
		this.gatewayUrl = services.gatewayUrl;
		this.applicationId = services.world.applicationId;
		this.#rest = new RestServer(allRoutes(services), services.world, services.world.files, botToken);
		this.#driver = new InteractionDriver(services.world, services.gateway, guild.channels.general);
		server.on('request', (request, response) => {
			this.#rest.handle(request, response).catch((error: Error) => {
				this.#rest.internalErrors.push(error);
				response.destroy();
			});
		});
	}

	get botUser() {
		return this.#services.botUser;
	}
	get calls() {
		return this.#rest.calls;
	}
	get internalErrors() {
		return this.#rest.internalErrors;
	}
	get gatewayFrames() {
		return this.#services.gateway.received;
	}
	get identifyCount() {
		return this.#services.gateway.identified;
	}
	get resumeCount() {
		return this.#services.gateway.resumed;
	}
	get #world() {
		return this.#services.world;
	}

	async waitForIdentify(timeoutMs = DEFAULT_WAIT): Promise<void> {
		await this.waitFor(() => this.identifyCount > 0, timeoutMs);
	}

	slash(name: string, options: OptionValues, context: SlashContext) {
		return this.#driver.slash(name, options, context);
	}
	autocomplete(name: string, focused: string, options: OptionValues, context: SlashContext) {
		return this.#driver.autocomplete(name, focused, options, context);
	}
	button(message: APIMessage, customId: string, context: { user: UserRef }) {
		return this.#driver.button(message, customId, context);
	}
	select(message: APIMessage, customId: string, values: string[], context: { user: UserRef }) {
		return this.#driver.select(message, customId, values, context);
	}
	modalSubmit(customId: string, fields: ModalFieldValues, context: ModalContext) {
		return this.#driver.modalSubmit(customId, fields, context);
	}
	messageContext(name: string, target: APIMessage, context: ActorContext) {
		return this.#driver.messageContext(name, target, context);
	}
	userContext(name: string, target: UserRef, context: ActorContext) {
		return this.#driver.userContext(name, target, context);
	}
	rawInteraction(payload: Record<string, unknown>) {
		return this.#driver.raw(payload);
	}

	userSays(channelId: string, content: string, user: UserRef, extra?: UserFile[] | UserMessageOptions): APIMessage {
		const options = Array.isArray(extra) ? { attachments: extra } : (extra ?? {});
		const channel = this.#world.channel(channelId);
		const author = this.#world.user(typeof user === 'string' ? user : user.id);
		// Posting in a thread makes the author a member of it, as on Discord.
		channel.thread?.members.add(author.id);

		const replyTo = typeof options.replyTo === 'string' ? options.replyTo : options.replyTo?.id;
		const body = { content, ...(replyTo ? { message_reference: { message_id: replyTo } } : {}) };
		return this.#services.messaging.create(channel, body, toUploads(options.attachments ?? []), { author });
	}

	dispatch(event: string, data: unknown, scope?: DispatchScope): number {
		return this.#services.gateway.dispatch(event, data, scope);
	}

	messages(channelId: string): APIMessage[] {
		return structuredClone(this.#world.visibleMessages(channelId));
	}
	message(messageId: string): APIMessage | undefined {
		const found = this.#world.messages.get(messageId);
		return found && structuredClone(found);
	}
	allowedMentionsOf(messageId: string) {
		return this.#world.allowedMentions.get(messageId);
	}
	threads(parentId?: string): APIChannel[] {
		const threads = [...this.#world.channels.values()].filter(
			(channel) => channel.thread && (!parentId || channel.parentId === parentId),
		);
		return threads.map((thread) => toAPIChannel(this.#world, thread));
	}
	webhooks(channelId?: string): APIWebhook[] {
		const webhooks = [...this.#world.webhooks.values()].filter(
			(webhook) => !channelId || webhook.channelId === channelId,
		);
		return webhooks.map((webhook) => toAPIWebhook(this.#world, webhook));
	}
	commands(guildId?: string): APIApplicationCommand[] {
		return [...this.#world.commands.values()].filter((command) => (command.guild_id ?? undefined) === guildId);
	}
	interactionResponses(handle: InteractionHandle): InteractionResponse[] {
		return [...(this.#world.interactions.get(handle.token)?.responses ?? [])];
	}

	waitFor<T>(predicate: () => T | undefined | false, timeoutMs = DEFAULT_WAIT): Promise<T> {
		return this.#world.changes.waitFor(predicate, timeoutMs, () => this.#recentCalls());
	}
	waitForCall(predicate: (call: RecordedCall) => boolean, timeoutMs?: number) {
		return this.waitFor(() => this.calls.find((call) => call.status !== 0 && predicate(call)), timeoutMs);
	}
	waitForMessage(channelId: string, predicate: (message: APIMessage) => boolean, timeoutMs?: number) {
		return this.waitFor(() => this.messages(channelId).find(predicate), timeoutMs);
	}
	waitForResponse(
		handle: InteractionHandle,
		predicate: (response: InteractionResponse) => boolean = () => true,
		timeoutMs?: number,
	) {
		return this.waitFor(() => this.interactionResponses(handle).find(predicate), timeoutMs);
	}

	fail(match: FaultMatch, reply: FaultReply, times = 1): void {
		this.#rest.fail(match, reply, times);
	}
	hostFile(filename: string, data: Buffer | string, contentType?: string): APIAttachment {
		return this.#world.files.host(filename, Buffer.isBuffer(data) ? data : Buffer.from(data), contentType);
	}
	dmChannel(user: UserRef): string {
		return dmChannelWith(this.#world, typeof user === 'string' ? user : user.id).id;
	}

	addUser(username: string, roleIds: string[] = []): APIUser {
		const user = createUser(this.#world, username);
		const joinedAt = this.#world.isoNow();
		this.#world.guild(this.guild.id).members.set(user.id, { userId: user.id, roles: roleIds, joinedAt, nick: null });
		return user;
	}

	addWebhook(channelId: string, options: { name?: string; ownedByApp?: boolean } = {}): APIWebhook {
		const creator = this.guild.users.admin.id;
		const webhook = addWebhook(this.#services, this.#world.channel(channelId), {
			name: options.name ?? 'Captain Hook',
			avatar: null,
			applicationId: options.ownedByApp ? this.applicationId : null,
			creatorId: options.ownedByApp ? this.botUser.id : creator,
		});
		return toAPIWebhook(this.#world, webhook);
	}

	addGuild(options: { name?: string } = {}): AddedGuild {
		const guild = seedEmptyGuild(this.#world, options.name ?? 'Another Guild', this.guild.users.owner.id);
		this.dispatch(GatewayDispatchEvents.GuildCreate, toGuildCreate(this.#world, guild), this.#guildScope(guild.id));
		const general = [...this.#world.channels.values()].find((channel) => channel.guildId === guild.id);
		return { id: guild.id, name: guild.name, channels: { general: general?.id ?? '' } };
	}

	removeGuild(guildId: string): void {
		this.#world.guild(guildId);
		this.#world.guilds.delete(guildId);
		for (const channel of [...this.#world.channels.values()]) {
			if (channel.guildId === guildId) this.#world.channels.delete(channel.id);
		}
		this.dispatch(GatewayDispatchEvents.GuildDelete, { id: guildId }, this.#guildScope(guildId));
	}

	setPermissions(channelId: string, overwrites: OverwriteInput[]): void {
		const channel = this.#world.channel(channelId);
		if (channel.thread) throw new Error('fake Discord: threads have no overwrites of their own; set the parent');

		channel.overwrites = overwrites.map(({ id, type, allow, deny }) => ({
			id,
			type,
			allow: bits(allow),
			deny: bits(deny),
		}));
		this.dispatch(
			GatewayDispatchEvents.ChannelUpdate,
			toAPIChannel(this.#world, channel),
			this.#guildScope(channel.guildId),
		);
	}

	setRolePermissions(roleId: string, permissions: bigint, guildId = this.guild.id): void {
		const role = this.#world.guild(guildId).roles.get(roleId);
		if (!role) throw new Error(`fake Discord: guild ${guildId} has no role ${roleId}`);

		role.permissions = permissions.toString();
		this.dispatch(GatewayDispatchEvents.GuildRoleUpdate, { guild_id: guildId, role }, this.#guildScope(guildId));
	}

	setBotPermissions(permissions: bigint, guildId = this.guild.id): void {
		const member = this.#world.member(guildId, this.botUser.id);
		const roleId = member.roles[0];
		if (!roleId) throw new Error(`fake Discord: the bot has no role in guild ${guildId}`);
		this.setRolePermissions(roleId, permissions, guildId);
	}

	expireInteraction(handle: InteractionHandle | string): void {
		const token = typeof handle === 'string' ? handle : handle.token;
		const record = this.#world.interactions.get(token);
		if (!record) throw new Error('fake Discord: no interaction has that token');
		record.expired = true;
	}

	disconnect(code = 4000): void {
		this.#services.gateway.disconnect(code);
	}

	async close(): Promise<void> {
		await this.#services.gateway.close();
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	#guildScope(guildId: string | null): DispatchScope {
		return { guildId, intent: GatewayIntentBits.Guilds };
	}

	#recentCalls(): string {
		const recent = this.calls.slice(-8).map((call) => `  ${call.method} ${call.path} → ${call.status}`);
		return recent.length > 0 ? `last REST calls:\n${recent.join('\n')}` : 'no REST calls were made';
	}
}

function allRoutes(services: FakeServices) {
	return [
		...gatewayRoutes(services),
		...userRoutes(services),
		...guildRoutes(services),
		...threadRoutes(services),
		...channelRoutes(services),
		...webhookRoutes(services),
		...interactionRoutes(services),
		...applicationRoutes(services),
	];
}

/**
 * Starts a local fake of Discord that the unmodified discord.js client logs in to over real
 * sockets on 127.0.0.1: REST under `/api/v10`, the gateway on `/gateway`, files on `/files`.
 *
 * ```ts
 * const fake = await startFakeDiscord();
 * const client = new Client({ intents, rest: { api: fake.apiUrl, offset: 0 }, waitGuildTimeout: 1000 });
 * await client.login(fake.botToken);
 * const ping = fake.slash('ping', {}, { user: fake.guild.users.member });
 * const [reply] = await fake.waitForResponse(ping).then(() => fake.interactionResponses(ping));
 * await fake.close();
 * ```
 *
 * What it models:
 * - **Gateway**: HELLO, IDENTIFY → READY + one GUILD_CREATE per guild of the shard, heartbeat
 *   ACKs, RESUME → missed events + RESUMED, member requests; plain JSON frames, or
 *   `compress=zlib-stream` (one deflate context per socket, Z_SYNC_FLUSH per packet). Events
 *   honour intents; MESSAGE_CREATE/UPDATE of others' guild messages lose their content without
 *   the Message Content intent unless they mention the bot.
 * - **World**: one guild with `general`, an age-restricted `nsfw`, a `forum` and a `system`
 *   channel; @everyone with ordinary member permissions, admin (Manage Server), moderator
 *   (Manage Messages), and the bot's role; users `owner`, `admin`, `moderator`, `member`.
 *   Permissions are computed from roles and overwrites, so the bot meets 50001/50013 where it
 *   would live.
 * - **Interactions**: `slash`, `autocomplete`, `button`, `select`, `modalSubmit`,
 *   `messageContext`, `userContext`, `rawInteraction` dispatch INTERACTION_CREATE and return a
 *   handle; the bot's callback, `@original` and follow-ups are recorded per handle. One
 *   acknowledgement (40060), within `interactionDeadlineMs` (10062), tokens expire after
 *   `tokenLifetimeMs` (401, 50027).
 * - **REST**: messages (JSON and multipart with `payload_json`), typing, threads (public,
 *   private, from a message, forum posts), thread members, webhooks (15 per channel, 30007;
 *   `?wait`, `?thread_id`, app-owned ones may carry components), webhook rate limits with
 *   headers on every response, application commands, users, guilds, members, DM channels.
 *   Bodies are held to Discord's limits (50035, 50006). Every message is echoed over the
 *   gateway. Uploaded files are served back from `/files/…`.
 * - **Tests' tools**: `calls`, `waitFor*`, `fail()` for injected errors and 429s,
 *   `disconnect(code)`, `expireInteraction`, `setPermissions`/`setBotPermissions`,
 *   `addGuild`/`removeGuild`, `allowedMentionsOf` to prove nothing pings.
 */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
	const now = options.now ?? Date.now;
	const server = createServer();
	const port = await listen(server);
	const origin = `http://127.0.0.1:${port}`;

	const ids = new SnowflakeGenerator(now);
	const applicationId = ids.next();
	const world = new World(ids, new FileHost(origin, ids), applicationId, applicationId, now);
	// Bots made since 2019 share their id with their application.
	const botUser: APIUser = {
		id: applicationId,
		username: 'Rostro',
		discriminator: '0001',
		global_name: null,
		avatar: null,
		bot: true,
	};
	world.users.set(botUser.id, botUser);
	const guild = seedMainGuild(world);

	const extraGuildIds = Array.from(
		{ length: options.guilds ?? 0 },
		(_, index) => seedEmptyGuild(world, `Bench Guild ${index + 1}`, guild.users.owner.id).id,
	);

	const botToken = newBotToken(applicationId);
	const gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
	const gateway = new Gateway(server, world, { botToken, botUser, url: gatewayUrl });
	const messaging = new Messaging(world, gateway);
	const responder = new InteractionResponder(world, messaging, botUser, {
		deadlineMs: options.interactionDeadlineMs ?? LIMITS.interactionDeadline,
		tokenLifetimeMs: options.tokenLifetimeMs ?? LIMITS.interactionTokenLifetime,
	});
	const services: FakeServices = {
		world,
		gateway,
		messaging,
		threads: new Threads(world, gateway),
		responder,
		webhookLimiter: new WebhookRateLimiter(options.webhookRate ?? DEFAULT_WEBHOOK_RATE, now),
		botUser,
		gatewayUrl,
	};
	return new RunningFakeDiscord(server, guild, extraGuildIds, botToken, services);
}
