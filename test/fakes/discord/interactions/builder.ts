import { randomBytes } from 'node:crypto';
import {
	type APIApplicationCommand,
	type APIInteraction,
	type APIMessage,
	type APIUser,
	type ApplicationCommandType,
	ApplicationIntegrationType,
	InteractionContextType,
	type InteractionType,
	Locale,
} from 'discord-api-types/v10';
import { LIMITS } from '../limits.js';
import { channelPermissions } from '../permissions.js';
import { toAPIChannel, toInteractionMember } from '../state/serialize.js';
import type { ChannelRecord, InteractionRecord, World } from '../state/world.js';

/** Who acts and where: everything an interaction payload says about its origin. */
export interface InteractionOrigin {
	user: APIUser;
	channel: ChannelRecord;
}

/** A built interaction: what goes over the gateway, and the record the REST side checks against. */
export interface BuiltInteraction {
	payload: APIInteraction;
	record: InteractionRecord;
}

export interface InteractionParts {
	type: InteractionType;
	data?: unknown;
	message?: APIMessage;
	commandName?: string | null;
}

/** Interaction tokens are long opaque strings; this keeps them URL-safe like Discord's. */
function newToken(): string {
	return `aW50ZXJhY3Rpb246${randomBytes(48).toString('base64url')}`;
}

/** The registered command a test refers to by name, preferring the guild's own over a global one. */
export function findCommand(
	world: World,
	name: string,
	type: ApplicationCommandType,
	guildId: string | null,
): APIApplicationCommand | undefined {
	const matches = [...world.commands.values()].filter((command) => command.name === name && command.type === type);
	return matches.find((command) => command.guild_id === guildId) ?? matches.find((command) => !command.guild_id);
}

/** The command part of `data`: its registered id when there is one, so a router can match on it. */
export function commandData(world: World, name: string, type: ApplicationCommandType, guildId: string | null) {
	const command = findCommand(world, name, type, guildId);
	return {
		id: command?.id ?? world.ids.next(),
		name,
		type,
		...(command?.guild_id ? { guild_id: command.guild_id } : {}),
	};
}

/**
 * Wraps type-specific data in every field discord.js needs: without `entitlements` or
 * `authorizing_integration_owners` it throws inside its handler and the event is lost.
 */
export function buildInteraction(world: World, origin: InteractionOrigin, parts: InteractionParts): BuiltInteraction {
	const { user, channel } = origin;
	const id = world.ids.next();
	const token = newToken();
	const guildId = channel.guildId;
	const guild = guildId ? world.guild(guildId) : undefined;
	const member = guild?.members.get(user.id);

	const payload: Record<string, unknown> = {
		id,
		application_id: world.applicationId,
		type: parts.type,
		token,
		version: 1,
		channel: toAPIChannel(world, channel),
		channel_id: channel.id,
		app_permissions: channelPermissions(world, channel, world.botUserId).toString(),
		locale: Locale.EnglishUS,
		entitlements: [],
		attachment_size_limit: LIMITS.fileSize,
		...(parts.data === undefined ? {} : { data: parts.data }),
		...(parts.message ? { message: parts.message } : {}),
	};
	if (guild && member) {
		payload.guild_id = guild.id;
		payload.guild = { id: guild.id, locale: guild.preferredLocale, features: [] };
		payload.guild_locale = guild.preferredLocale;
		payload.member = toInteractionMember(world, member, channel);
		payload.context = InteractionContextType.Guild;
		payload.authorizing_integration_owners = { [ApplicationIntegrationType.GuildInstall]: guild.id };
	} else {
		payload.user = user;
		payload.context = InteractionContextType.BotDM;
		payload.authorizing_integration_owners = { [ApplicationIntegrationType.GuildInstall]: '0' };
	}

	const record = interactionRecord(world, {
		id,
		token,
		type: parts.type,
		payload,
		userId: user.id,
		channelId: channel.id,
		guildId: guild && member ? guild.id : null,
		commandName: parts.commandName ?? null,
		sourceMessageId: parts.message?.id ?? null,
	});
	return { payload: payload as unknown as APIInteraction, record };
}

/** What identifies an interaction; the rest of its record starts empty. */
export type InteractionIdentity = Pick<
	InteractionRecord,
	'id' | 'token' | 'type' | 'payload' | 'userId' | 'channelId' | 'guildId' | 'commandName' | 'sourceMessageId'
>;

/** A fresh record: not acknowledged, no replies, its clock started now. */
export function interactionRecord(world: World, identity: InteractionIdentity): InteractionRecord {
	return {
		...identity,
		createdAt: world.now(),
		expired: false,
		acknowledgedWith: null,
		originalMessageId: null,
		followUpIds: new Set(),
		originalLoading: false,
		responses: [],
	};
}
