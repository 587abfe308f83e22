import {
	type APIApplicationCommandOption,
	ApplicationCommandOptionType,
	ApplicationCommandType,
	type ChatInputCommandInteraction,
	PermissionsBitField,
	type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { AppContext } from '../app-context.js';
import { policyOf } from '../moderation/policy.js';
import { featureAllowed, featureOf } from '../moderation/roles.js';
import { type Command, isSlashCommand } from './command.js';
import { isAdmin } from './permissions.js';

/** Whether a member with these permissions may see a command that Discord hides by default. */
export function mayUse(
	data: RESTPostAPIApplicationCommandsJSONBody,
	member: Readonly<PermissionsBitField> | null,
): boolean {
	const required = data.default_member_permissions;
	if (required === undefined || required === null) return true;
	return member?.has(new PermissionsBitField(BigInt(required))) ?? false;
}

/** Whether a subcommand path (`feed add`) is one of these admin-only subcommands or groups. */
export function isAdminSubcommand(path: string, adminSubcommands: readonly string[] = []): boolean {
	return adminSubcommands.some((entry) => path === entry || path.startsWith(`${entry} `));
}

function subcommandLines(
	name: string,
	options: APIApplicationCommandOption[],
	keep: (path: string) => boolean,
	path = '',
): string[] {
	return options.flatMap((option) => {
		const here = path ? `${path} ${option.name}` : option.name;
		if (option.type === ApplicationCommandOptionType.SubcommandGroup) {
			return subcommandLines(name, option.options ?? [], keep, here);
		}
		if (option.type === ApplicationCommandOptionType.Subcommand && keep(here)) {
			return [`\`/${name} ${here}\` ${option.description}`];
		}
		return [];
	});
}

/**
 * One line per command (per subcommand where it has them), as `/help` lists them; `keep` says
 * which subcommands (by path, `feed add`) to list.
 */
export function helpLines(data: RESTPostAPIApplicationCommandsJSONBody, keep: (path: string) => boolean = () => true) {
	if (!isSlashCommand(data)) {
		const target = data.type === ApplicationCommandType.User ? 'a member' : 'a message';
		return [`**${data.name}** (right-click ${target} ▸ Apps)`];
	}

	const subcommands = (data.options ?? []).some(
		(option) =>
			option.type === ApplicationCommandOptionType.Subcommand ||
			option.type === ApplicationCommandOptionType.SubcommandGroup,
	);
	if (!subcommands) return [`\`/${data.name}\` ${data.description}`];
	return subcommandLines(data.name, data.options ?? [], keep);
}

/**
 * The lines of `/help`: the commands this member may use here. A command Discord hides from
 * them (its default member permissions), one of a feature the server's roles keep them from
 * (`/setup roles`, checked by the router with the same rule), and admin-only subcommands for
 * members without Manage Server are left out.
 */
export async function helpFor(
	interaction: ChatInputCommandInteraction,
	ctx: AppContext,
	commands: Iterable<Command>,
): Promise<string[]> {
	const admin = isAdmin(interaction);
	// The router's rule, on the policy read once (admins pass every rule, so need no read).
	const policy = admin || !interaction.guildId ? undefined : await policyOf(ctx, interaction.guildId);
	const rolesLet = (command: Command) => {
		const feature = featureOf(command.data.name);
		return !feature || !policy || featureAllowed(policy, interaction, feature);
	};
	return [...commands]
		.filter((command) => mayUse(command.data, interaction.memberPermissions) && rolesLet(command))
		.flatMap((command) =>
			helpLines(command.data, (path) => admin || !isAdminSubcommand(path, command.adminSubcommands)),
		);
}
