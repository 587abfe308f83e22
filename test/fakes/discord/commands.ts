import {
	type APIApplicationCommand,
	ApplicationCommandOptionType,
	ApplicationCommandType,
} from 'discord-api-types/v10';
import type { FormIssue } from './errors.js';
import { LIMITS } from './limits.js';

/** Per-application caps on registered commands, by type. */
const MAX_COMMANDS: Record<number, number> = {
	[ApplicationCommandType.ChatInput]: 100,
	[ApplicationCommandType.User]: 5,
	[ApplicationCommandType.Message]: 5,
};

/** Discord's rule for slash command and option names: lowercase where the script has case. */
const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

const MAX_OPTIONS = 25;

/** A command as a bot sends it in PUT/POST. */
export interface CommandBody {
	name?: unknown;
	type?: unknown;
	description?: unknown;
	options?: OptionBody[];
	[key: string]: unknown;
}

interface OptionBody {
	name?: unknown;
	type?: number;
	description?: unknown;
	required?: boolean;
	choices?: unknown[];
	options?: OptionBody[];
	autocomplete?: boolean;
}

type Path = (string | number)[];

function issue(path: Path, code: string, message: string): FormIssue {
	return { path, code, message };
}

function nameIssues(name: unknown, chatInput: boolean, path: Path): FormIssue[] {
	if (typeof name !== 'string') return [issue(path, 'BASE_TYPE_REQUIRED', 'This field is required')];

	if (!chatInput) {
		return name.length >= 1 && name.length <= 32
			? []
			: [issue(path, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 32 in length.')];
	}
	if (CHAT_INPUT_NAME.test(name) && name === name.toLowerCase()) return [];
	return [issue(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid')];
}

function descriptionIssues(description: unknown, path: Path): FormIssue[] {
	const length = typeof description === 'string' ? description.length : 0;
	return length >= 1 && length <= 100
		? []
		: [issue(path, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.')];
}

function optionIssues(options: OptionBody[] | undefined, path: Path): FormIssue[] {
	if (!options) return [];

	const issues: FormIssue[] = [];
	if (options.length > MAX_OPTIONS)
		issues.push(issue(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_OPTIONS} or fewer in length.`));
	const nesting = options.filter(
		(option) =>
			option.type === ApplicationCommandOptionType.Subcommand ||
			option.type === ApplicationCommandOptionType.SubcommandGroup,
	);
	if (nesting.length > 0 && nesting.length < options.length) {
		issues.push(
			issue(
				path,
				'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID',
				'Sub-command and sub-command group option types are mutually exclusive to all other types',
			),
		);
	}
	const firstOptional = options.findIndex((option) => !option.required);
	if (firstOptional >= 0 && options.slice(firstOptional).some((option) => option.required)) {
		issues.push(
			issue(
				path,
				'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
				'Required options must be placed before non-required options',
			),
		);
	}

	options.forEach((option, index) => {
		const here = [...path, index];
		issues.push(...nameIssues(option.name, true, [...here, 'name']));
		issues.push(...descriptionIssues(option.description, [...here, 'description']));
		if ((option.choices?.length ?? 0) > LIMITS.choices) {
			issues.push(issue([...here, 'choices'], 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.choices} or fewer in length.`));
		}
		if (option.autocomplete && option.choices?.length) {
			issues.push(
				issue(
					[...here, 'autocomplete'],
					'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_AND_CHOICES',
					'Autocomplete cannot be set with choices',
				),
			);
		}
		issues.push(...optionIssues(option.options, [...here, 'options']));
	});
	return issues;
}

/** Everything Discord would refuse in a set of commands for one scope (global or one guild). */
export function commandIssues(commands: CommandBody[]): FormIssue[] {
	const issues: FormIssue[] = [];
	const seen = new Set<string>();
	const counts = new Map<number, number>();

	commands.forEach((command, index) => {
		const type = Number(command.type ?? ApplicationCommandType.ChatInput);
		const chatInput = type === ApplicationCommandType.ChatInput;
		issues.push(...nameIssues(command.name, chatInput, [index, 'name']));
		if (chatInput) issues.push(...descriptionIssues(command.description, [index, 'description']));
		if (chatInput) issues.push(...optionIssues(command.options, [index, 'options']));

		const key = `${type}:${String(command.name)}`;
		if (seen.has(key)) {
			issues.push(
				issue([index, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`),
			);
		}
		seen.add(key);
		counts.set(type, (counts.get(type) ?? 0) + 1);
	});

	for (const [type, count] of counts) {
		const max = MAX_COMMANDS[type] ?? 0;
		if (count > max)
			issues.push(issue([], 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer commands of type ${type}.`));
	}
	return issues;
}

/** The stored command: the body plus id, application, version and Discord's defaults. */
export function toCommand(
	body: CommandBody,
	ids: { id: string; applicationId: string; version: string; guildId: string | null },
): APIApplicationCommand {
	const type = Number(body.type ?? ApplicationCommandType.ChatInput) as ApplicationCommandType;
	return {
		default_member_permissions: null,
		nsfw: false,
		...body,
		id: ids.id,
		application_id: ids.applicationId,
		version: ids.version,
		type,
		name: String(body.name),
		description: type === ApplicationCommandType.ChatInput ? String(body.description) : '',
		...(ids.guildId ? { guild_id: ids.guildId } : {}),
	} as APIApplicationCommand;
}
