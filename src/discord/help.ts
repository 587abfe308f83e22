import {
	type APIApplicationCommandOption,
	ApplicationCommandOptionType,
	ApplicationCommandType,
	type ChatInputCommandInteraction,
	PermissionsBitField,
	type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { AppContext } from '../app-context.js';
import { featureOf, requireFeatureRole } from '../moderation/roles.js';
import { type Command, isSlashCommand } from './command.js';
import { isAdmin } from './permissions.js';
import { UserError } from './user-error.js';

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

/** Whether the server's `/setup roles` rules let the member use a command, as the router checks it. */
async function rolesAllow(interaction: ChatInputCommandInteraction, ctx: AppContext, command: string) {
	try {
		await requireFeatureRole(interaction, ctx, command);
		return true;
	} catch (error) {
		if (error instanceof UserError) return false;
		throw error;
	}
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
	const visible = [...commands].filter((command) => mayUse(command.data, interaction.memberPermissions));

	// The rule is per feature: each is checked once, with the first command that belongs to it.
	const byFeature = new Map<string, Promise<boolean>>();
	const allowed = await Promise.all(
		visible.map((command) => {
			const feature = featureOf(command.data.name);
			if (!feature) return true;
			const known = byFeature.get(feature) ?? rolesAllow(interaction, ctx, command.data.name);
			byFeature.set(feature, known);
			return known;
		}),
	);

	const admin = isAdmin(interaction);
	return visible
		.filter((_, index) => allowed[index])
		.flatMap((command) =>
			helpLines(command.data, (path) => admin || !isAdminSubcommand(path, command.adminSubcommands)),
		);
}
