import {
	type APIChannel,
	type APIGuild,
	type APIGuildMember,
	type APIInteractionGuildMember,
	type APIThreadChannel,
	type APIWebhook,
	type ChannelFlags,
	ChannelType,
	ForumLayoutType,
	type GatewayGuildCreateDispatchData,
	GuildDefaultMessageNotifications,
	GuildExplicitContentFilter,
	type GuildMemberFlags,
	GuildMFALevel,
	GuildNSFWLevel,
	GuildPremiumTier,
	GuildSystemChannelFlags,
	GuildVerificationLevel,
	type ThreadMemberFlags,
	WebhookType,
} from 'discord-api-types/v10';
import { channelPermissions } from '../permissions.js';
import type { ChannelRecord, GuildRecord, MemberRecord, WebhookRecord, World } from './world.js';

// Turns the fake's records into the JSON Discord sends; nothing here changes state.

function threadFields(world: World, channel: ChannelRecord): Partial<APIThreadChannel> {
	const thread = channel.thread;
	if (!thread) return {};

	const fields: Partial<APIThreadChannel> = {
		owner_id: thread.ownerId,
		thread_metadata: {
			archived: thread.archived,
			auto_archive_duration: thread.autoArchiveDuration,
			archive_timestamp: thread.archiveTimestamp,
			locked: thread.locked,
			create_timestamp: thread.createTimestamp,
		},
		message_count: thread.messageCount,
		member_count: thread.members.size,
		total_message_sent: thread.totalMessageSent,
		applied_tags: thread.appliedTags,
	};
	if (channel.type === ChannelType.PrivateThread && fields.thread_metadata) {
		fields.thread_metadata.invitable = thread.invitable;
	}
	if (thread.members.has(world.botUserId)) {
		fields.member = {
			id: channel.id,
			user_id: world.botUserId,
			join_timestamp: thread.createTimestamp,
			flags: 0 as ThreadMemberFlags,
		};
	}
	return fields;
}

/** A channel as Discord's API returns it. Threads carry no `nsfw`: their parent's counts. */
export function toAPIChannel(world: World, channel: ChannelRecord): APIChannel {
	if (channel.type === ChannelType.DM) {
		const recipient = channel.recipientId ? world.users.get(channel.recipientId) : undefined;
		return {
			id: channel.id,
			type: ChannelType.DM,
			name: null,
			last_message_id: channel.lastMessageId,
			recipients: recipient ? [recipient] : [],
			flags: 0 as ChannelFlags,
		};
	}

	const base = {
		id: channel.id,
		type: channel.type,
		guild_id: channel.guildId ?? undefined,
		name: channel.name,
		parent_id: channel.parentId,
		last_message_id: channel.lastMessageId,
		rate_limit_per_user: channel.rateLimitPerUser,
		flags: 0,
	};
	if (channel.thread) return { ...base, ...threadFields(world, channel) } as APIChannel;

	const guildChannel = {
		...base,
		position: channel.position,
		permission_overwrites: channel.overwrites,
		topic: channel.topic,
		nsfw: channel.nsfw,
	};
	if (channel.type !== ChannelType.GuildForum) return guildChannel as APIChannel;

	return {
		...guildChannel,
		available_tags: [],
		default_reaction_emoji: null,
		default_sort_order: null,
		default_forum_layout: ForumLayoutType.ListView,
	} as APIChannel;
}

/** A member with its user, as in GUILD_CREATE and GET /guilds/{id}/members/{user}. */
export function toAPIMember(world: World, member: MemberRecord): APIGuildMember {
	return {
		user: world.user(member.userId),
		nick: member.nick,
		roles: member.roles,
		joined_at: member.joinedAt,
		deaf: false,
		mute: false,
		flags: 0 as GuildMemberFlags,
		avatar: null,
		premium_since: null,
		pending: false,
	};
}

/** The member object on an interaction: the user plus their permissions in that channel. */
export function toInteractionMember(
	world: World,
	member: MemberRecord,
	channel: ChannelRecord,
): APIInteractionGuildMember {
	return {
		...toAPIMember(world, member),
		permissions: channelPermissions(world, channel, member.userId).toString(),
	};
}

/** The full guild, as dispatched in GUILD_CREATE when the bot connects or joins. */
export function toGuildCreate(world: World, guild: GuildRecord): GatewayGuildCreateDispatchData {
	const channels = [...world.channels.values()].filter((channel) => channel.guildId === guild.id);
	const openThreads = channels.filter((channel) => channel.thread && !channel.thread.archived);

	return {
		id: guild.id,
		name: guild.name,
		icon: null,
		splash: null,
		discovery_splash: null,
		banner: null,
		description: null,
		features: [],
		owner_id: guild.ownerId,
		afk_channel_id: null,
		afk_timeout: 300,
		verification_level: GuildVerificationLevel.Low,
		default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
		explicit_content_filter: GuildExplicitContentFilter.AllMembers,
		mfa_level: GuildMFALevel.None,
		nsfw_level: GuildNSFWLevel.Default,
		premium_tier: GuildPremiumTier.None,
		premium_progress_bar_enabled: false,
		application_id: null,
		system_channel_id: guild.systemChannelId,
		system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
		rules_channel_id: null,
		public_updates_channel_id: null,
		safety_alerts_channel_id: null,
		vanity_url_code: null,
		preferred_locale: guild.preferredLocale,
		hub_type: null,
		incidents_data: null,
		roles: [...guild.roles.values()],
		emojis: guild.emojis,
		stickers: [],
		joined_at: guild.joinedAt,
		large: false,
		unavailable: false,
		member_count: guild.members.size,
		members: [...guild.members.values()].map((member) => toAPIMember(world, member)),
		channels: channels.filter((channel) => !channel.thread).map((channel) => toAPIChannel(world, channel)),
		threads: openThreads.map((channel) => toAPIChannel(world, channel)),
		voice_states: [],
		presences: [],
		stage_instances: [],
		guild_scheduled_events: [],
		soundboard_sounds: [],
	} as GatewayGuildCreateDispatchData;
}

/** An incoming webhook, token included as Discord shows it to members with Manage Webhooks. */
export function toAPIWebhook(world: World, webhook: WebhookRecord): APIWebhook {
	return {
		id: webhook.id,
		type: WebhookType.Incoming,
		name: webhook.name,
		avatar: webhook.avatar,
		channel_id: webhook.channelId,
		guild_id: webhook.guildId,
		application_id: webhook.applicationId,
		user: world.users.get(webhook.creatorId),
		token: webhook.token,
	};
}

/** The guild as GET /guilds/{id} returns it: no members, channels or other gateway-only lists. */
export function toAPIGuild(world: World, guild: GuildRecord, withCounts: boolean): APIGuild {
	const {
		joined_at: _joinedAt,
		large: _large,
		unavailable: _unavailable,
		member_count: memberCount,
		members: _members,
		channels: _channels,
		threads: _threads,
		voice_states: _voiceStates,
		presences: _presences,
		stage_instances: _stageInstances,
		guild_scheduled_events: _events,
		soundboard_sounds: _sounds,
		...rest
	} = toGuildCreate(world, guild);
	if (!withCounts) return rest;
	return { ...rest, approximate_member_count: memberCount, approximate_presence_count: 0 };
}
