import {
	ApplicationCommandType,
	ApplicationIntegrationType,
	type AutocompleteInteraction,
	type ButtonInteraction,
	type ChatInputCommandInteraction,
	ContextMenuCommandBuilder,
	InteractionContextType,
	type MessageContextMenuCommandInteraction,
	type ModalSubmitInteraction,
	type RESTPostAPIApplicationCommandsJSONBody,
	type RESTPostAPIChatInputApplicationCommandsJSONBody,
	type RESTPostAPIContextMenuApplicationCommandsJSONBody,
	type StringSelectMenuInteraction,
	type UserContextMenuCommandInteraction,
} from 'discord.js';
import type { AppContext } from '../app-context.js';

export type CommandInteraction =
	| ChatInputCommandInteraction
	| MessageContextMenuCommandInteraction
	| UserContextMenuCommandInteraction;

export type ComponentInteraction = ButtonInteraction | StringSelectMenuInteraction;

/** What a component or modal handler receives: the interaction, the app, and the custom id's key. */
export type Handler<I> = (interaction: I, ctx: AppContext, key: string) => Promise<void>;

/**
 * One slash command or context menu. `data` is what `npm run deploy` registers. Buttons, selects
 * and modals carry custom ids `<command id>:<action>:<key>`; the router hands them to the
 * handler named by the action, so they keep working after a restart.
 */
export interface Command<I extends CommandInteraction = CommandInteraction> {
	data: RESTPostAPIApplicationCommandsJSONBody;
	// Method syntax on purpose: a command narrows the interaction type it accepts.
	execute(interaction: I, ctx: AppContext): Promise<void>;
	autocomplete?(interaction: AutocompleteInteraction, ctx: AppContext): Promise<void>;
	components?: Record<string, Handler<ComponentInteraction>>;
	modals?: Record<string, Handler<ModalSubmitInteraction>>;
	/**
	 * Subcommands (`group sub`) or groups (`group`) only admins may run, in a command everyone
	 * may see; the command checks this when they run, and `/help` leaves them out for members.
	 */
	adminSubcommands?: readonly string[];
}

/** The id a command's components are routed by: its name, made safe for custom ids. */
export function commandId(name: string): string {
	return name
		.toLowerCase()
		.replace(/[^a-z0-9_-]+/g, '-')
		.replace(/^-|-$/g, '');
}

const MAX_CUSTOM_ID = 100;

/** Builds a component custom id; throws when it would pass Discord's 100-character limit. */
export function customId(command: string, action: string, key = ''): string {
	const id = key ? `${commandId(command)}:${action}:${key}` : `${commandId(command)}:${action}`;
	if (id.length > MAX_CUSTOM_ID) throw new RangeError(`custom id over ${MAX_CUSTOM_ID} characters: ${id}`);
	return id;
}

/** Splits a custom id into the command, the action and the key (the key may itself hold colons). */
export function parseCustomId(id: string): { command: string; action: string; key: string } | undefined {
	const [command, action, ...rest] = id.split(':');
	if (!command || !action) return undefined;
	return { command, action, key: rest.join(':') };
}

/** Whether a command definition is a slash command (rather than a context menu). */
export function isSlashCommand(
	data: RESTPostAPIApplicationCommandsJSONBody,
): data is RESTPostAPIChatInputApplicationCommandsJSONBody {
	return data.type === undefined || data.type === ApplicationCommandType.ChatInput;
}

/** The definition of a message context menu, guild-only like every command for now. */
export function messageMenu(name: string): RESTPostAPIContextMenuApplicationCommandsJSONBody {
	return new ContextMenuCommandBuilder()
		.setName(name)
		.setType(ApplicationCommandType.Message)
		.setContexts(InteractionContextType.Guild)
		.setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
		.toJSON();
}
