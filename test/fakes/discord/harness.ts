import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import {
	type APIApplicationCommand,
	type APIAttachment,
	type APIChannel,
	type APIMessage,
	type APIRole,
	type APIUser,
	type APIWebhook,
	GatewayDispatchEvents,
	GatewayIntentBits,
	PermissionFlagsBits,
} from 'discord-api-types/v10';
import type { AddedGuild, FakeDiscord, OverwriteInput, UserFile, UserMessageOptions } from './api.js';
import type { FakeServices } from './context.js';
import type { DispatchScope } from './gateway.js';
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
import { acceptsMessages } from './posting.js';
import type { UploadedFile } from './rest/body.js';
import type { FaultMatch, FaultReply } from './rest/faults.js';
import { applicationRoutes } from './rest/routes/applications.js';
import { channelRoutes } from './rest/routes/channels.js';
import { gatewayRoutes } from './rest/routes/gateway.js';
import { guildRoutes } from './rest/routes/guilds.js';
import { interactionRoutes } from './rest/routes/interactions.js';
import { threadRoutes } from './rest/routes/threads.js';
import { dmChannelWith, userRoutes } from './rest/routes/users.js';
import { webhookMessageRoutes } from './rest/routes/webhook-messages.js';
import { addWebhook, webhookRoutes } from './rest/routes/webhooks.js';
import { type RecordedCall, RestServer } from './rest/server.js';
import { createUser, type SeededGuild, seedEmptyGuild } from './state/seed.js';
import { toAPIChannel, toAPIWebhook, toGuildCreate } from './state/serialize.js';
import type { GuildRecord, InteractionResponse, World } from './state/world.js';

const DEFAULT_WAIT = 10_000; // ms
/** A token shaped like Discord's: the application id in base64, a timestamp part, an HMAC part. */
export function newBotToken(applicationId: string): string {
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

/** The running fake: wires the REST server and the interaction driver to the shared state. */
export class RunningFakeDiscord implements FakeDiscord {
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
		return [...this.#rest.internalErrors, ...this.#services.gateway.internalErrors];
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

	async waitForIdentify({ count = 1, timeoutMs = DEFAULT_WAIT } = {}): Promise<void> {
		await this.waitFor(() => this.identifyCount >= count, timeoutMs);
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
		if (!acceptsMessages(channel)) throw new Error(`fake Discord: ${channel.name} takes posts, not messages`);
		// Posting in a thread makes the author a member of it and reopens it, as on Discord.
		channel.thread?.members.add(author.id);
		this.#services.threads.reopenForPost(channel);

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
		// Keyed by the token: woken only when this interaction's responses change.
		const responses = () => this.#world.interactions.get(handle.token)?.responses.find(predicate);
		return this.#world.changes.waitFor(responses, timeoutMs ?? DEFAULT_WAIT, () => this.#recentCalls(), handle.token);
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

	addGuild(options: { name?: string; alsoJoining?: UserRef[] } = {}): AddedGuild {
		const guild = seedEmptyGuild(this.#world, options.name ?? 'Another Guild', this.guild.users.owner.id);
		const people = addPeople(this.#world, guild);
		for (const user of options.alsoJoining ?? []) {
			const userId = typeof user === 'string' ? user : user.id;
			guild.members.set(userId, { userId, roles: [], joinedAt: this.#world.isoNow(), nick: null });
		}
		this.dispatch(GatewayDispatchEvents.GuildCreate, toGuildCreate(this.#world, guild), this.#guildScope(guild.id));
		const general = [...this.#world.channels.values()].find((channel) => channel.guildId === guild.id);
		return { id: guild.id, name: guild.name, channels: { general: general?.id ?? '' }, ...people };
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

/** An Admin role (Manage Server) and two new users who belong to this guild only: its admin and a member. */
function addPeople(world: World, guild: GuildRecord): Pick<AddedGuild, 'roles' | 'users'> {
	const adminRole = world.ids.next();
	guild.roles.set(adminRole, {
		...structuredClone(guild.roles.get(guild.id) as APIRole),
		id: adminRole,
		name: 'Admin',
		permissions: PermissionFlagsBits.ManageGuild.toString(),
		position: 2,
	});
	const joinedAt = world.isoNow();
	const users = {
		admin: createUser(world, `${guild.name.toLowerCase().replace(/\W+/g, '-')}-admin`),
		member: createUser(world, `${guild.name.toLowerCase().replace(/\W+/g, '-')}-member`),
	};
	guild.members.set(users.admin.id, { userId: users.admin.id, roles: [adminRole], joinedAt, nick: null });
	guild.members.set(users.member.id, { userId: users.member.id, roles: [], joinedAt, nick: null });
	return { roles: { admin: adminRole }, users };
}

function allRoutes(services: FakeServices) {
	return [
		...gatewayRoutes(services),
		...userRoutes(services),
		...guildRoutes(services),
		...threadRoutes(services),
		...channelRoutes(services),
		...webhookRoutes(services),
		...webhookMessageRoutes(services),
		...interactionRoutes(services),
		...applicationRoutes(services),
	];
}
