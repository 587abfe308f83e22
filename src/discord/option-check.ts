import {
	type APIApplicationCommandOption,
	ApplicationCommandOptionType,
	type CommandInteractionOption,
} from 'discord.js';

const T = ApplicationCommandOptionType;

/** What a member can do about a command Discord delivered malformed. */
export const REDEPLOY = "try again, or ask the bot's admin to redeploy its commands (npm run deploy).";

/**
 * A command Discord delivered in a shape its registered definition does not allow: no
 * subcommand, a required option missing or empty, an option of another type. Real Discord
 * checks this itself, so it means stale command definitions or a forged interaction.
 */
export class MalformedCommandError extends Error {
	override name = 'MalformedCommandError';

	constructor(
		/** What was wrong, for the log: `missing`, `type`, `subcommand`. */
		readonly problem: 'missing' | 'type' | 'subcommand',
		/** The option (or subcommand) concerned, when there is one. */
		readonly option: string | undefined,
		message: string,
	) {
		super(message);
	}
}

function missing(name: string): MalformedCommandError {
	const message = `Discord sent this command without its ${name} option; ${REDEPLOY}`;
	return new MalformedCommandError('missing', name, message);
}

function unreadable(name: string): MalformedCommandError {
	const message = `Discord sent this command's ${name} option as something I cannot read; ${REDEPLOY}`;
	return new MalformedCommandError('type', name, message);
}

function noSubcommand(given: string | undefined): MalformedCommandError {
	const what = given ? `a subcommand I do not have (${given})` : 'no subcommand';
	return new MalformedCommandError('subcommand', given, `Discord sent this command with ${what}; ${REDEPLOY}`);
}

const isSnowflake = (value: unknown) => typeof value === 'string' && /^\d{1,20}$/.test(value);

/** Whether a value has the JavaScript shape Discord gives an option of this type. */
function fitsType(type: ApplicationCommandOptionType, value: unknown): boolean {
	switch (type) {
		case T.String:
			return typeof value === 'string';
		case T.Integer:
			return Number.isSafeInteger(value);
		case T.Number:
			return typeof value === 'number' && Number.isFinite(value);
		case T.Boolean:
			return typeof value === 'boolean';
		case T.User:
		case T.Channel:
		case T.Role:
		case T.Mentionable:
		case T.Attachment:
			return isSnowflake(value);
		default:
			return false;
	}
}

const isBranch = (type: ApplicationCommandOptionType) => type === T.Subcommand || type === T.SubcommandGroup;

function checkLeaves(declared: readonly APIApplicationCommandOption[], given: readonly CommandInteractionOption[]) {
	for (const definition of declared) {
		const option = given.find((candidate) => candidate.name === definition.name);
		const value = option?.value;
		if (!option || value === undefined || value === null) {
			if ('required' in definition && definition.required) throw missing(definition.name);
			continue;
		}
		if (option.type !== definition.type || !fitsType(definition.type, value)) throw unreadable(definition.name);
	}
}

/**
 * Checks the options of a slash command against its definition, so that a command module can
 * trust `getString('name', true)` and the like: throws a `MalformedCommandError` otherwise.
 * Options the definition does not know are left alone; the command never reads them.
 */
export function checkCommandOptions(
	declared: readonly APIApplicationCommandOption[] | undefined,
	given: readonly CommandInteractionOption[],
): void {
	const branches = (declared ?? []).filter((definition) => isBranch(definition.type));
	if (branches.length === 0) {
		checkLeaves(declared ?? [], given);
		return;
	}

	const chosen = given.find((option) => isBranch(option.type));
	const definition = chosen && branches.find((branch) => branch.name === chosen.name && branch.type === chosen.type);
	if (!definition) throw noSubcommand(chosen?.name);

	const nested = 'options' in definition ? (definition.options as APIApplicationCommandOption[] | undefined) : [];
	checkCommandOptions(nested, chosen?.options ?? []);
}
