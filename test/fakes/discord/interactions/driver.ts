import {
	type APIInteraction,
	type APIInteractionDataResolved,
	type APIMessage,
	type APIUser,
	ApplicationCommandOptionType,
	ApplicationCommandType,
	ComponentType,
	GatewayDispatchEvents,
	InteractionResponseType,
	InteractionType,
} from 'discord-api-types/v10';
import type { Gateway } from '../gateway.js';
import type { ChannelRecord, InteractionRecord, World } from '../state/world.js';
import { buildInteraction, commandData, findCommand, type InteractionParts, interactionRecord } from './builder.js';
import { buildOptions, definitionsAt, nestOptions, type OptionValues, ResolvedCollector } from './options.js';

/** A user object from the fake (`fake.guild.users.member`) or a user id. */
export type UserRef = APIUser | string;

/** What a test keeps of an interaction it started, to check the bot's answers. */
export interface InteractionHandle {
	id: string;
	token: string;
	type: InteractionType;
	userId: string;
	channelId: string;
	payload: APIInteraction;
}

export interface ActorContext {
	user: UserRef;
	/** Defaults to the main guild's general channel. */
	channelId?: string;
}

export interface SlashContext extends ActorContext {
	subcommand?: string;
	group?: string;
	/** Merged over what the fake resolves by itself from user, channel, role and attachment options. */
	resolved?: APIInteractionDataResolved;
}

export interface ModalContext extends ActorContext {
	/** The message whose component opened the modal; found from the modal shown when omitted. */
	message?: APIMessage;
}

/** A modal field's answer: text for text inputs, a list for selects. */
export type ModalFieldValues = Record<string, string | string[]>;

interface LooseComponent {
	type: number;
	custom_id?: string;
	disabled?: boolean;
	components?: LooseComponent[];
	component?: LooseComponent;
	accessory?: LooseComponent;
}

function findComponent(components: unknown, customId: string): LooseComponent | undefined {
	if (!Array.isArray(components)) return undefined;

	for (const component of components as LooseComponent[]) {
		if (component.custom_id === customId) return component;

		const nested = [
			component.components,
			component.component && [component.component],
			component.accessory && [component.accessory],
		];
		for (const children of nested) {
			const found = findComponent(children, customId);
			if (found) return found;
		}
	}
	return undefined;
}

const SELECT_OPTION_TYPE: Partial<Record<ComponentType, ApplicationCommandOptionType>> = {
	[ComponentType.UserSelect]: ApplicationCommandOptionType.User,
	[ComponentType.RoleSelect]: ApplicationCommandOptionType.Role,
	[ComponentType.MentionableSelect]: ApplicationCommandOptionType.Mentionable,
	[ComponentType.ChannelSelect]: ApplicationCommandOptionType.Channel,
};

/**
 * Plays the users: builds each kind of interaction with what discord.js needs, records it so
 * the REST side can hold the bot to Discord's rules, and dispatches INTERACTION_CREATE.
 */
export class InteractionDriver {
	constructor(
		private readonly world: World,
		private readonly gateway: Gateway,
		private readonly defaultChannelId: string,
	) {}

	slash(name: string, options: OptionValues, context: SlashContext): InteractionHandle {
		const { user, channel } = this.#actor(context);
		const command = findCommand(this.world, name, ApplicationCommandType.ChatInput, channel.guildId);
		const definitions = definitionsAt(command?.options, context.group, context.subcommand);
		const collector = new ResolvedCollector({ world: this.world, guildId: channel.guildId, userId: user.id, channel });
		const built = buildOptions(options, definitions, collector);
		const resolved = { ...collector.resolved, ...context.resolved };

		return this.#send(user, channel, {
			type: InteractionType.ApplicationCommand,
			commandName: name,
			data: {
				...commandData(this.world, name, ApplicationCommandType.ChatInput, channel.guildId),
				options: nestOptions(built, context.group, context.subcommand),
				...(Object.keys(resolved).length > 0 ? { resolved } : {}),
			},
		});
	}

	autocomplete(name: string, focused: string, options: OptionValues, context: SlashContext): InteractionHandle {
		if (!(focused in options)) throw new Error(`autocomplete: the focused option "${focused}" has no value`);

		const { user, channel } = this.#actor(context);
		const command = findCommand(this.world, name, ApplicationCommandType.ChatInput, channel.guildId);
		const definitions = definitionsAt(command?.options, context.group, context.subcommand);
		const collector = new ResolvedCollector({ world: this.world, guildId: channel.guildId, userId: user.id, channel });
		const built = buildOptions(options, definitions, collector, focused);

		return this.#send(user, channel, {
			type: InteractionType.ApplicationCommandAutocomplete,
			commandName: name,
			data: {
				...commandData(this.world, name, ApplicationCommandType.ChatInput, channel.guildId),
				options: nestOptions(built, context.group, context.subcommand),
			},
		});
	}

	button(message: APIMessage, customId: string, context: { user: UserRef }): InteractionHandle {
		const current = this.#currentMessage(message);
		const component = this.#component(current, customId, [ComponentType.Button]);
		return this.#send(this.#user(context.user), this.world.channel(current.channel_id), {
			type: InteractionType.MessageComponent,
			message: current,
			data: { custom_id: customId, component_type: component.type },
		});
	}

	select(message: APIMessage, customId: string, values: string[], context: { user: UserRef }): InteractionHandle {
		const current = this.#currentMessage(message);
		const selects = [ComponentType.StringSelect, ...Object.keys(SELECT_OPTION_TYPE).map(Number)];
		const component = this.#component(current, customId, selects);
		const user = this.#user(context.user);
		const channel = this.world.channel(current.channel_id);

		const optionType = SELECT_OPTION_TYPE[component.type as ComponentType];
		const collector = new ResolvedCollector({ world: this.world, guildId: channel.guildId, userId: user.id, channel });
		if (optionType) for (const value of values) collector.add(optionType, value);

		return this.#send(user, channel, {
			type: InteractionType.MessageComponent,
			message: current,
			data: {
				custom_id: customId,
				component_type: component.type,
				values,
				...(optionType ? { resolved: collector.resolved } : {}),
			},
		});
	}

	/**
	 * Submits a modal. When the bot showed a modal with this custom_id, the submission mirrors
	 * its layout (label components or action rows) and refuses fields it did not have.
	 */
	modalSubmit(customId: string, fields: ModalFieldValues, context: ModalContext): InteractionHandle {
		const user = this.#user(context.user);
		const shown = this.#shownModal(customId, user.id);
		// Submitted where the modal was opened, unless the test says otherwise.
		const { channel } = this.#actor({
			...context,
			channelId: context.channelId ?? shown?.record.channelId ?? undefined,
		});
		const message = context.message ?? this.#sourceOf(shown);

		return this.#send(user, channel, {
			type: InteractionType.ModalSubmit,
			...(message ? { message: this.#currentMessage(message) } : {}),
			data: { custom_id: customId, components: this.#submission(fields, shown?.layout) },
		});
	}

	messageContext(name: string, target: APIMessage, context: ActorContext): InteractionHandle {
		const { user, channel } = this.#actor({ ...context, channelId: context.channelId ?? target.channel_id });
		const current = this.#currentMessage(target);

		return this.#send(user, channel, {
			type: InteractionType.ApplicationCommand,
			commandName: name,
			data: {
				...commandData(this.world, name, ApplicationCommandType.Message, channel.guildId),
				target_id: current.id,
				resolved: { messages: { [current.id]: current } },
			},
		});
	}

	userContext(name: string, target: UserRef, context: ActorContext): InteractionHandle {
		const { user, channel } = this.#actor(context);
		const targetUser = this.#user(target);
		const collector = new ResolvedCollector({ world: this.world, guildId: channel.guildId, userId: user.id, channel });
		collector.user(targetUser.id);

		return this.#send(user, channel, {
			type: InteractionType.ApplicationCommand,
			commandName: name,
			data: {
				...commandData(this.world, name, ApplicationCommandType.User, channel.guildId),
				target_id: targetUser.id,
				resolved: collector.resolved,
			},
		});
	}

	/**
	 * Dispatches a payload as given, malformed or not. When it has an id and token the fake also
	 * accepts callbacks for it, so a test can see how the bot answers a strange interaction.
	 */
	raw(payload: Record<string, unknown>): InteractionHandle {
		const id = String(payload.id ?? this.world.ids.next());
		const token = String(payload.token ?? `raw-${id}`);
		const channelId = String(payload.channel_id ?? (payload.channel as { id?: string })?.id ?? this.defaultChannelId);
		const member = payload.member as { user?: APIUser } | undefined;
		const userId = member?.user?.id ?? (payload.user as APIUser | undefined)?.id ?? '0';
		const record = interactionRecord(this.world, {
			id,
			token,
			type: Number(payload.type) as InteractionType,
			payload,
			userId,
			channelId,
			guildId: typeof payload.guild_id === 'string' ? payload.guild_id : null,
			commandName: null,
			sourceMessageId: (payload.message as APIMessage | undefined)?.id ?? null,
		});
		this.world.interactions.set(token, record);
		this.#dispatch(payload, record.guildId);
		return { id, token, type: record.type, userId, channelId, payload: payload as unknown as APIInteraction };
	}

	#send(user: APIUser, channel: ChannelRecord, parts: InteractionParts): InteractionHandle {
		const { payload, record } = buildInteraction(this.world, { user, channel }, parts);
		this.world.interactions.set(record.token, record);
		this.#dispatch(payload, record.guildId);
		return { id: record.id, token: record.token, type: record.type, userId: user.id, channelId: channel.id, payload };
	}

	#dispatch(payload: unknown, guildId: string | null): void {
		const reached = this.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, payload, { guildId });
		if (reached === 0)
			throw new Error('fake Discord: no gateway session to send the interaction to; log a client in first');
	}

	#user(ref: UserRef): APIUser {
		return this.world.user(typeof ref === 'string' ? ref : ref.id);
	}

	#actor(context: ActorContext): { user: APIUser; channel: ChannelRecord } {
		return { user: this.#user(context.user), channel: this.world.channel(context.channelId ?? this.defaultChannelId) };
	}

	/** The message as it is now; a test may hold an older copy. */
	#currentMessage(message: APIMessage): APIMessage {
		const current = this.world.messages.get(message.id);
		if (!current) throw new Error(`fake Discord: message ${message.id} does not exist (deleted?)`);
		return current;
	}

	#component(message: APIMessage, customId: string, types: ComponentType[]): LooseComponent {
		const component = findComponent(message.components, customId);
		if (!component || !types.includes(component.type)) {
			throw new Error(
				`fake Discord: message ${message.id} has no ${types.length > 1 ? 'select' : 'button'} "${customId}"`,
			);
		}
		if (component.disabled) throw new Error(`fake Discord: "${customId}" on message ${message.id} is disabled`);
		return component;
	}

	/** The latest modal with this custom_id the bot showed, preferring ones shown to this user. */
	#shownModal(customId: string, userId: string): { record: InteractionRecord; layout: LooseComponent[] } | undefined {
		const shown = [...this.world.interactions.values()].flatMap((record) =>
			record.responses
				.filter((response) => response.callbackType === InteractionResponseType.Modal)
				.map((response) => ({ record, data: response.body as { custom_id?: string; components?: LooseComponent[] } }))
				.filter(({ data }) => data.custom_id === customId),
		);
		const pick = shown.filter(({ record }) => record.userId === userId).at(-1) ?? shown.at(-1);
		return pick ? { record: pick.record, layout: pick.data.components ?? [] } : undefined;
	}

	#sourceOf(shown: { record: InteractionRecord } | undefined): APIMessage | undefined {
		const id = shown?.record.sourceMessageId;
		return id ? this.world.messages.get(id) : undefined;
	}

	#submission(fields: ModalFieldValues, layout: LooseComponent[] | undefined): unknown[] {
		const answer = (input: LooseComponent) => {
			const value = fields[input.custom_id ?? ''];
			if (input.type === ComponentType.TextInput)
				return { type: input.type, custom_id: input.custom_id, value: String(value ?? '') };
			return { type: input.type, custom_id: input.custom_id, values: [value ?? []].flat() };
		};
		if (!layout) {
			return Object.entries(fields).map(([custom_id, value]) => ({
				type: ComponentType.ActionRow,
				components: [{ type: ComponentType.TextInput, custom_id, value: String(value) }],
			}));
		}

		const known = new Set<string>();
		const components = layout.flatMap((top): unknown[] => {
			const input = top.type === ComponentType.Label ? top.component : top.components?.[0];
			if (!input?.custom_id) return [];

			known.add(input.custom_id);
			if (top.type === ComponentType.Label) return [{ type: ComponentType.Label, component: answer(input) }];
			return [{ type: ComponentType.ActionRow, components: [answer(input)] }];
		});
		const unknown = Object.keys(fields).filter((field) => !known.has(field));
		if (unknown.length > 0) throw new Error(`fake Discord: the modal shown has no field ${unknown.join(', ')}`);
		return components;
	}
}
