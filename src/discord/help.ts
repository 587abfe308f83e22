import {
	type APIApplicationCommandOption,
	ApplicationCommandOptionType,
	ApplicationCommandType,
	PermissionsBitField,
	type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { isSlashCommand } from './command.js';

/** Whether a member with these permissions may see a command that Discord hides by default. */
export function mayUse(
	data: RESTPostAPIApplicationCommandsJSONBody,
	member: Readonly<PermissionsBitField> | null,
): boolean {
	const required = data.default_member_permissions;
	if (required === undefined || required === null) return true;
	return member?.has(new PermissionsBitField(BigInt(required))) ?? false;
}

function subcommandLines(name: string, options: APIApplicationCommandOption[]): string[] {
	return options.flatMap((option) => {
		if (option.type === ApplicationCommandOptionType.SubcommandGroup) {
			return subcommandLines(`${name} ${option.name}`, option.options ?? []);
		}
		if (option.type === ApplicationCommandOptionType.Subcommand) {
			return [`\`/${name} ${option.name}\` ${option.description}`];
		}
		return [];
	});
}

/** One line per command (per subcommand where it has them), as `/help` lists them. */
export function helpLines(data: RESTPostAPIApplicationCommandsJSONBody): string[] {
	if (!isSlashCommand(data)) {
		const target = data.type === ApplicationCommandType.User ? 'a member' : 'a message';
		return [`**${data.name}** (right-click ${target} ▸ Apps)`];
	}

	const lines = subcommandLines(data.name, data.options ?? []);
	return lines.length > 0 ? lines : [`\`/${data.name}\` ${data.description}`];
}
