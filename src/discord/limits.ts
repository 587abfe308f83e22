import {
	type APIApplicationCommandOption,
	ApplicationCommandOptionType,
	ApplicationCommandType,
	type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { isSlashCommand } from './command.js';

// Discord's documented limits for application commands.
const NAME = /^[-_\p{Ll}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MAX_DESCRIPTION = 100;
const MAX_PER_LEVEL = 25;
const MAX_CONTEXT_NAME = 32;
const MAX_CONTEXT_MENUS = 5;

const isGroup = (option: APIApplicationCommandOption) =>
	option.type === ApplicationCommandOptionType.Subcommand ||
	option.type === ApplicationCommandOptionType.SubcommandGroup;

function checkOptions(path: string, options: APIApplicationCommandOption[]): string[] {
	const problems: string[] = [];
	if (options.length > MAX_PER_LEVEL) problems.push(`${path}: ${options.length} options, at most ${MAX_PER_LEVEL}`);

	const groups = options.filter(isGroup).length;
	if (groups > 0 && groups < options.length) problems.push(`${path}: options beside subcommands`);

	let optionalSeen = false;
	for (const option of options) {
		const here = `${path} ${option.name}`;
		if (!NAME.test(option.name)) problems.push(`${here}: name must be lowercase, 1 to 32 characters`);
		if (!option.description || option.description.length > MAX_DESCRIPTION) {
			problems.push(`${here}: description must be 1 to ${MAX_DESCRIPTION} characters`);
		}
		if ('choices' in option && (option.choices?.length ?? 0) > MAX_PER_LEVEL) {
			problems.push(`${here}: more than ${MAX_PER_LEVEL} choices`);
		}
		if ('required' in option && option.required && optionalSeen) {
			problems.push(`${here}: a required option after an optional one`);
		}
		if (!isGroup(option) && !('required' in option && option.required)) optionalSeen = true;
		if (isGroup(option)) problems.push(...checkOptions(here, option.options ?? []));
	}
	return problems;
}

/** Every way a set of command definitions breaks Discord's limits; empty when they deploy. */
export function commandLimitProblems(commands: RESTPostAPIApplicationCommandsJSONBody[]): string[] {
	const problems: string[] = [];
	const contextMenus = commands.filter((data) => data.type === ApplicationCommandType.Message);
	if (contextMenus.length > MAX_CONTEXT_MENUS) {
		problems.push(`${contextMenus.length} message context menus, at most ${MAX_CONTEXT_MENUS}`);
	}

	for (const data of commands) {
		if (!isSlashCommand(data)) {
			if (data.name.length < 1 || data.name.length > MAX_CONTEXT_NAME) {
				problems.push(`${data.name}: context menu names are 1 to ${MAX_CONTEXT_NAME} characters`);
			}
			continue;
		}
		const path = `/${data.name}`;
		if (!NAME.test(data.name)) problems.push(`${path}: name must be lowercase, 1 to 32 characters`);
		if (!data.description || data.description.length > MAX_DESCRIPTION) {
			problems.push(`${path}: description must be 1 to ${MAX_DESCRIPTION} characters`);
		}
		problems.push(...checkOptions(path, data.options ?? []));
	}
	return problems;
}
