import {
	type APIApplicationCommandInteractionDataOption,
	type APIApplicationCommandOption,
	type APIAttachment,
	type APIInteractionDataResolved,
	type APIInteractionDataResolvedChannel,
	type APIRole,
	type APIUser,
	ApplicationCommandOptionType,
	type GuildMemberFlags,
} from 'discord-api-types/v10';
import { channelPermissions } from '../permissions.js';
import type { ChannelRecord, World } from '../state/world.js';

/** An option value with its type spelled out, for ids of channels, roles and mentionables. */
export interface TypedOption {
	type: ApplicationCommandOptionType;
	value: string | number | boolean;
}

/**
 * What a test may pass as an option value. Strings, numbers and booleans are typed from the
 * registered command when there is one, else from their JS type; a user, role or attachment
 * object becomes its id and lands in `resolved`.
 */
export type OptionValue = string | number | boolean | APIUser | APIRole | APIAttachment | TypedOption;
export type OptionValues = Record<string, OptionValue>;

/** Where the options are used: resolved members and channel permissions depend on it. */
export interface OptionScope {
	world: World;
	guildId: string | null;
	userId: string;
	/** The channel the interaction comes from; resolved members carry their permissions there. */
	channel: ChannelRecord | null;
}

const T = ApplicationCommandOptionType;

function isAttachment(value: object): value is APIAttachment {
	return 'filename' in value && 'url' in value;
}

function isUser(value: object): value is APIUser {
	return 'username' in value && 'discriminator' in value;
}

function isRole(value: object): value is APIRole {
	return 'permissions' in value && 'hoist' in value;
}

function inferType(value: OptionValue, declared: ApplicationCommandOptionType | undefined): TypedOption {
	if (typeof value === 'object') {
		if ('type' in value && 'value' in value) return value as TypedOption;
		if (isAttachment(value)) return { type: T.Attachment, value: value.id };
		if (isUser(value)) return { type: declared === T.Mentionable ? T.Mentionable : T.User, value: value.id };
		if (isRole(value)) return { type: declared === T.Mentionable ? T.Mentionable : T.Role, value: value.id };
	}
	if (declared !== undefined) return { type: declared, value: value as string | number | boolean };
	if (typeof value === 'boolean') return { type: T.Boolean, value };
	if (typeof value === 'number') return { type: Number.isInteger(value) ? T.Integer : T.Number, value };
	return { type: T.String, value: String(value) };
}

/** Fills `resolved` the way Discord does for user, channel, role, mentionable and attachment options. */
export class ResolvedCollector {
	readonly resolved: APIInteractionDataResolved = {};

	constructor(private readonly scope: OptionScope) {}

	add(type: ApplicationCommandOptionType, id: string, given?: OptionValue): void {
		if (type === T.User) this.user(id);
		if (type === T.Channel) this.channel(id);
		if (type === T.Role) this.role(id);
		if (type === T.Mentionable) {
			if (this.scope.world.users.has(id)) this.user(id);
			else this.role(id);
		}
		if (type === T.Attachment) this.attachment(id, given);
	}

	user(id: string): void {
		const { world, guildId, channel } = this.scope;
		const user = world.users.get(id);
		if (!user) return;

		this.resolved.users = { ...this.resolved.users, [id]: user };
		const member = guildId ? world.guilds.get(guildId)?.members.get(id) : undefined;
		if (!member) return;

		const permissions = channel ? channelPermissions(world, channel, id).toString() : '0';
		this.resolved.members = {
			...this.resolved.members,
			[id]: {
				roles: member.roles,
				joined_at: member.joinedAt,
				nick: member.nick,
				flags: 0 as GuildMemberFlags,
				permissions,
			},
		};
	}

	channel(id: string): void {
		const channel = this.scope.world.channels.get(id);
		if (!channel) return;

		this.resolved.channels = { ...this.resolved.channels, [id]: this.#resolvedChannel(channel) };
	}

	role(id: string): void {
		const role = this.scope.guildId ? this.scope.world.guilds.get(this.scope.guildId)?.roles.get(id) : undefined;
		if (!role) return;

		this.resolved.roles = { ...this.resolved.roles, [id]: role };
	}

	attachment(id: string, given?: OptionValue): void {
		const attachment = typeof given === 'object' && isAttachment(given) ? given : this.scope.world.files.attachment(id);
		if (!attachment) return;

		this.resolved.attachments = { ...this.resolved.attachments, [id]: attachment };
	}

	#resolvedChannel(channel: ChannelRecord): APIInteractionDataResolvedChannel {
		const permissions = channelPermissions(this.scope.world, channel, this.scope.userId).toString();
		const base = { id: channel.id, name: channel.name, type: channel.type, permissions };
		if (!channel.thread) return base as APIInteractionDataResolvedChannel;

		const thread = channel.thread;
		return {
			...base,
			parent_id: channel.parentId,
			thread_metadata: {
				archived: thread.archived,
				locked: thread.locked,
				auto_archive_duration: thread.autoArchiveDuration,
				archive_timestamp: thread.archiveTimestamp,
			},
		} as APIInteractionDataResolvedChannel;
	}
}

/** The option definitions that apply at the level the values are given (inside a subcommand). */
export function definitionsAt(
	options: APIApplicationCommandOption[] | undefined,
	group: string | undefined,
	subcommand: string | undefined,
): APIApplicationCommandOption[] | undefined {
	let level = options;
	for (const name of [group, subcommand]) {
		if (!name) continue;
		const found = level?.find((option) => option.name === name);
		level = found && 'options' in found ? (found.options as APIApplicationCommandOption[] | undefined) : undefined;
	}
	return level;
}

/** Turns test-friendly values into interaction options, filling `resolved` on the way. */
export function buildOptions(
	values: OptionValues,
	definitions: APIApplicationCommandOption[] | undefined,
	collector: ResolvedCollector,
	focused?: string,
): APIApplicationCommandInteractionDataOption[] {
	return Object.entries(values).map(([name, value]) => {
		const declared = definitions?.find((option) => option.name === name)?.type;
		const typed = inferType(value, declared);
		if (name === focused) {
			return {
				name,
				type: typed.type,
				value: String(typed.value),
				focused: true,
			} as APIApplicationCommandInteractionDataOption;
		}

		collector.add(typed.type, String(typed.value), value);
		return { name, type: typed.type, value: typed.value } as APIApplicationCommandInteractionDataOption;
	});
}

/** Wraps options in their subcommand and group, as Discord nests them. */
export function nestOptions(
	options: APIApplicationCommandInteractionDataOption[],
	group: string | undefined,
	subcommand: string | undefined,
): APIApplicationCommandInteractionDataOption[] {
	if (!subcommand) return options;

	const sub = { name: subcommand, type: T.Subcommand, options } as APIApplicationCommandInteractionDataOption;
	if (!group) return [sub];
	return [{ name: group, type: T.SubcommandGroup, options: [sub] } as APIApplicationCommandInteractionDataOption];
}
