import {
	type APIEmoji,
	type APIRole,
	type APIUser,
	ChannelType,
	Locale,
	OverwriteType,
	PermissionFlagsBits as P,
	type RoleFlags,
	ThreadAutoArchiveDuration,
} from 'discord-api-types/v10';
import type { ChannelRecord, GuildRecord, World } from './world.js';

/** What a fresh member may do: read, talk, react, make threads, run commands. */
export const MEMBER_PERMISSIONS =
	P.ViewChannel |
	P.SendMessages |
	P.SendMessagesInThreads |
	P.CreatePublicThreads |
	P.CreatePrivateThreads |
	P.EmbedLinks |
	P.AttachFiles |
	P.AddReactions |
	P.UseExternalEmojis |
	P.ReadMessageHistory |
	P.UseApplicationCommands |
	P.Connect |
	P.Speak |
	P.ChangeNickname |
	P.CreateInstantInvite;

/**
 * What the bot's own role grants: everything rostro-bot's features call for, no Administrator.
 * Mention Everyone is included on purpose, so a message without safe `allowed_mentions` really
 * pings in the fake and a test can catch it.
 */
export const BOT_PERMISSIONS =
	MEMBER_PERMISSIONS | P.ManageWebhooks | P.ManageMessages | P.ManageThreads | P.MentionEveryone;

/** Ids of the channels every seeded guild has. */
export interface SeededChannels {
	general: string;
	/** Age-restricted (`nsfw: true`). */
	nsfw: string;
	/** A forum (type 15): posts are threads. */
	forum: string;
	/** The guild's system channel. */
	system: string;
}

export interface SeededRoles {
	everyone: string;
	/** Manage Server. */
	admin: string;
	/** Manage Messages. */
	moderator: string;
	/** The bot's managed role. */
	bot: string;
}

export interface SeededUsers {
	owner: APIUser;
	/** Holds the admin role (Manage Server). */
	admin: APIUser;
	/** Holds the moderator role (Manage Messages). */
	moderator: APIUser;
	/** Only @everyone. */
	member: APIUser;
}

/** The main guild tests act in. */
export interface SeededGuild {
	id: string;
	name: string;
	channels: SeededChannels;
	roles: SeededRoles;
	users: SeededUsers;
}

/** A user in the fake's directory, with Discord's post-2023 unique-name shape. */
export function createUser(world: World, username: string, bot = false): APIUser {
	const user: APIUser = {
		id: world.ids.next(),
		username,
		discriminator: bot ? '0000' : '0',
		global_name: bot ? null : username[0]?.toUpperCase() + username.slice(1),
		avatar: null,
		...(bot ? { bot: true } : {}),
	};
	world.users.set(user.id, user);
	return user;
}

function role(id: string, name: string, permissions: bigint, position: number): APIRole {
	return {
		id,
		name,
		color: 0,
		colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
		hoist: false,
		position,
		permissions: permissions.toString(),
		managed: false,
		mentionable: false,
		flags: 0 as RoleFlags,
	};
}

/** Adds a channel record with Discord's defaults for the given type. */
export function addChannel(
	world: World,
	guildId: string | null,
	fields: Pick<ChannelRecord, 'type' | 'name'> & Partial<ChannelRecord>,
): ChannelRecord {
	const channel: ChannelRecord = {
		id: world.ids.next(),
		guildId,
		position: fields.position ?? [...world.channels.values()].filter((other) => other.guildId === guildId).length,
		parentId: null,
		topic: null,
		nsfw: false,
		overwrites: [],
		lastMessageId: null,
		rateLimitPerUser: 0,
		...fields,
	};
	world.channels.set(channel.id, channel);
	world.channelMessages.set(channel.id, []);
	return channel;
}

/** A guild with @everyone and the bot's member and role; returns it with the bot role's id. */
export function createGuild(world: World, name: string, ownerId: string): { guild: GuildRecord; botRoleId: string } {
	const id = world.ids.next();
	const botRoleId = world.ids.next();
	const joinedAt = world.isoNow();
	const botRole = { ...role(botRoleId, 'Rostro', BOT_PERMISSIONS, 1), managed: true };
	botRole.tags = { bot_id: world.botUserId };

	const guild: GuildRecord = {
		id,
		name,
		ownerId,
		systemChannelId: null,
		joinedAt,
		preferredLocale: Locale.EnglishUS,
		roles: new Map([
			[id, role(id, '@everyone', MEMBER_PERMISSIONS, 0)],
			[botRoleId, botRole],
		]),
		members: new Map(),
		emojis: [],
	};
	guild.members.set(ownerId, { userId: ownerId, roles: [], joinedAt, nick: null });
	guild.members.set(world.botUserId, { userId: world.botUserId, roles: [botRoleId], joinedAt, nick: null });
	world.guilds.set(id, guild);
	return { guild, botRoleId };
}

/** A guild with only a general channel, for benchmarks that want many guilds. */
export function seedEmptyGuild(world: World, name: string, ownerId: string): GuildRecord {
	const { guild } = createGuild(world, name, ownerId);
	const general = addChannel(world, guild.id, { type: ChannelType.GuildText, name: 'general', position: 0 });
	guild.systemChannelId = general.id;
	return guild;
}

/**
 * How big a benchmark guild is. Each count is the guild's total, as Discord counts it: the
 * channels include `general`, the roles @everyone and the bot's, the members the owner and the bot.
 */
export interface GuildShape {
	channels?: number;
	roles?: number;
	members?: number;
	emojis?: number;
}

/**
 * A guild shaped like a real one, for memory benchmarks: a category holding text channels (each
 * open to one role by an overwrite) and a few voice channels, roles, members with their own
 * users and roles, and custom emojis. Counts below what an empty guild has already add nothing.
 */
export function seedBenchGuild(world: World, name: string, ownerId: string, shape: GuildShape): GuildRecord {
	const guild = seedEmptyGuild(world, name, ownerId);
	const roleIds = addBenchRoles(world, guild, (shape.roles ?? 0) - guild.roles.size);
	addBenchChannels(world, guild, (shape.channels ?? 0) - 1, roleIds);
	addBenchMembers(world, guild, (shape.members ?? 0) - guild.members.size, roleIds);
	guild.emojis = Array.from(
		{ length: shape.emojis ?? 0 },
		(_, index): APIEmoji => ({
			id: world.ids.next(),
			name: `emoji_${index}`,
			roles: [],
			require_colons: true,
			managed: false,
			animated: index % 5 === 0,
			available: true,
		}),
	);
	return guild;
}

function addBenchRoles(world: World, guild: GuildRecord, count: number): string[] {
	return Array.from({ length: Math.max(0, count) }, (_, index) => {
		const created = role(world.ids.next(), `Role ${index + 1}`, index === 0 ? P.ManageMessages : 0n, index + 2);
		guild.roles.set(created.id, created);
		return created.id;
	});
}

function addBenchChannels(world: World, guild: GuildRecord, count: number, roleIds: string[]): void {
	if (count <= 0) return;

	const category = addChannel(world, guild.id, { type: ChannelType.GuildCategory, name: 'Community', position: 1 });
	const voice = Math.min(3, count - 1);
	for (let index = 0; index < count - 1; index++) {
		const isVoice = index >= count - 1 - voice;
		const roleId = roleIds[index % Math.max(1, roleIds.length)];
		const overwrites = roleId
			? [{ id: roleId, type: OverwriteType.Role, allow: String(P.ViewChannel), deny: '0' }]
			: [];
		addChannel(world, guild.id, {
			position: index + 2,
			type: isVoice ? ChannelType.GuildVoice : ChannelType.GuildText,
			name: isVoice ? `voice-${index}` : `channel-${index}`,
			parentId: category.id,
			topic: isVoice ? null : `What channel ${index} is for`,
			overwrites,
		});
	}
}

function addBenchMembers(world: World, guild: GuildRecord, count: number, roleIds: string[]): void {
	const joinedAt = world.isoNow();
	for (let index = 0; index < count; index++) {
		const user = createUser(world, `${guild.name.toLowerCase().replaceAll(' ', '-')}-member-${index}`);
		const roles = roleIds.length === 0 ? [] : [roleIds[index % roleIds.length] as string];
		guild.members.set(user.id, { userId: user.id, roles, joinedAt, nick: index % 4 === 0 ? `Nick ${index}` : null });
	}
}

/** The main guild: four channels, three roles, an owner, an admin, a moderator and a member. */
export function seedMainGuild(world: World): SeededGuild {
	const owner = createUser(world, 'owner');
	const { guild, botRoleId } = createGuild(world, 'Rostro Test Guild', owner.id);
	const addRole = (name: string, permissions: bigint, position: number) => {
		const created = role(world.ids.next(), name, permissions, position);
		guild.roles.set(created.id, created);
		return created.id;
	};
	const roles: SeededRoles = {
		everyone: guild.id,
		admin: addRole('Admin', P.ManageGuild, 3),
		moderator: addRole('Moderator', P.ManageMessages, 2),
		bot: botRoleId,
	};

	const users: SeededUsers = {
		owner,
		admin: createUser(world, 'admin'),
		moderator: createUser(world, 'moderator'),
		member: createUser(world, 'member'),
	};
	const joinedAt = world.isoNow();
	const join = (user: APIUser, roleIds: string[]) =>
		guild.members.set(user.id, { userId: user.id, roles: roleIds, joinedAt, nick: null });
	join(users.admin, [roles.admin]);
	join(users.moderator, [roles.moderator]);
	join(users.member, []);

	const text = (name: string, nsfw = false) =>
		addChannel(world, guild.id, { type: ChannelType.GuildText, name, nsfw }).id;
	const channels: SeededChannels = {
		general: text('general'),
		nsfw: text('age-restricted', true),
		forum: addChannel(world, guild.id, { type: ChannelType.GuildForum, name: 'forum' }).id,
		system: text('system'),
	};
	guild.systemChannelId = channels.system;

	return { id: guild.id, name: guild.name, channels, roles, users };
}

/** A new thread's state; the creator is its first member. */
export function newThreadState(world: World, ownerId: string, autoArchiveDuration?: number): ChannelRecord['thread'] {
	return {
		ownerId,
		archived: false,
		locked: false,
		invitable: true,
		autoArchiveDuration: autoArchiveDuration ?? ThreadAutoArchiveDuration.OneDay,
		archiveTimestamp: world.isoNow(),
		createTimestamp: world.isoNow(),
		members: new Set([ownerId]),
		messageCount: 0,
		totalMessageSent: 0,
		appliedTags: [],
	};
}
