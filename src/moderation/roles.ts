import { type ChatInputCommandInteraction, type GuildMember, type Interaction, PermissionFlagsBits } from 'discord.js';
import type { AppContext } from '../app-context.js';
import { commandId } from '../discord/command.js';
import { guildIdOf } from '../discord/guards.js';
import { isAdmin } from '../discord/permissions.js';
import { sendPrivate } from '../discord/replies.js';
import { UserError } from '../discord/user-error.js';
import { FEATURES, type Feature, type FeatureRoles, type GuildPolicy, policyOf, updatePolicy } from './policy.js';

// Each command, context menu and its components belong to one feature, by command id.
const featureOfCommand: Record<string, Feature> = {
	chat: 'chat',
	imagine: 'imagine',
	tts: 'tts',
	speak: 'tts',
	transcribe: 'tts',
	search: 'search',
	character: 'search',
	user: 'search',
	follow: 'follow',
	unfollow: 'follow',
	gallery: 'gallery',
	'upload-to-gallery': 'gallery',
};

/** The feature a command (by name or id) belongs to, or undefined for commands every member may use. */
export function featureOf(command: string): Feature | undefined {
	return featureOfCommand[commandId(command)];
}

function memberRoleIds(interaction: Interaction): string[] {
	const roles = interaction.member?.roles;
	if (!roles) return [];
	return Array.isArray(roles) ? roles : [...roles.cache.keys()];
}

/** Whether a member with these roles may use a feature under these rules. */
export function rolesAllow(rules: FeatureRoles | undefined, roleIds: readonly string[]): boolean {
	if (!rules) return true;
	if (rules.deny.some((id) => roleIds.includes(id))) return false;
	return rules.allow.length === 0 || rules.allow.some((id) => roleIds.includes(id));
}

/** Whether the server's policy lets the interaction's member use a feature; admins always may. */
export function featureAllowed(policy: GuildPolicy, interaction: Interaction, feature: Feature): boolean {
	return isAdmin(interaction) || rolesAllow(policy.roles?.[feature], memberRoleIds(interaction));
}

/**
 * Refuses a member whose roles the server's `/setup roles` rules keep from a command's feature.
 * Admins always pass, so that no rule can lock the server out of its own bot.
 */
export async function requireFeatureRole(interaction: Interaction, ctx: AppContext, command: string): Promise<void> {
	const feature = featureOf(command);
	if (!feature || !interaction.guildId || isAdmin(interaction)) return;

	if (featureAllowed(await policyOf(ctx, interaction.guildId), interaction, feature)) return;
	throw new UserError('feature-role', `Your roles do not allow ${feature} in this server; ask an admin.`);
}

/** The same rule for a member met in a message (a plain chat line) rather than an interaction. */
export async function memberMayUse(
	ctx: AppContext,
	guildId: string,
	member: GuildMember | null,
	feature: Feature,
): Promise<boolean> {
	if (member?.permissions.has(PermissionFlagsBits.ManageGuild)) return true;

	const rules = (await policyOf(ctx, guildId)).roles?.[feature];
	return rolesAllow(rules, member ? [...member.roles.cache.keys()] : []);
}

function withRole(rules: FeatureRoles, roleId: string, allow: boolean): FeatureRoles {
	const without = { allow: rules.allow.filter((id) => id !== roleId), deny: rules.deny.filter((id) => id !== roleId) };
	return allow ? { ...without, allow: [...without.allow, roleId] } : { ...without, deny: [...without.deny, roleId] };
}

/** The `feature` option of a `/setup` subcommand, checked against the known features. */
export function featureOption(interaction: ChatInputCommandInteraction): Feature {
	const feature = interaction.options.getString('feature', true) as Feature;
	if (!FEATURES.includes(feature)) throw new UserError('unknown-feature', 'Choose one of the listed features.');
	return feature;
}

/**
 * A feature's rules as one line: who may use it. `everyoneId` is the server's id, which is also
 * its @everyone role: every member has it, so denying it leaves the feature to admins, and
 * allowing it lets every member in.
 */
export function rolesLine(feature: Feature, rules: FeatureRoles | undefined, everyoneId?: string): string {
	const isEveryone = (id: string) => id === everyoneId;
	const mentions = (ids: string[]) => ids.map((id) => `<@&${id}>`).join(', ');
	if (rules?.deny.some(isEveryone)) return `${feature}: nobody but admins, since @everyone is denied.`;

	const allowed = rules?.allow.some(isEveryone) ? [] : (rules?.allow ?? []);
	const parts = [allowed.length > 0 ? `only ${mentions(allowed)}` : 'everyone'];
	if (rules?.deny.length) parts.push(`but not ${mentions(rules.deny)}`);
	return `${feature}: ${parts.join(' ')}.`;
}

/** `/setup roles feature:<…> role:<@role> allow:<bool>`. */
export async function rolesSetup(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const guildId = guildIdOf(interaction);
	const feature = featureOption(interaction);
	const role = interaction.options.getRole('role', true);
	const allow = interaction.options.getBoolean('allow', true);

	const policy = await updatePolicy(ctx, guildId, (current) => {
		const rules = current.roles?.[feature] ?? { allow: [], deny: [] };
		return { ...current, roles: { ...current.roles, [feature]: withRole(rules, role.id, allow) } };
	});
	ctx.logger.info({ guildId, feature, roleId: role.id, allow }, 'feature roles changed');
	const line = rolesLine(feature, policy.roles?.[feature], guildId);
	await sendPrivate(interaction, { content: `Who may use ${line}` });
}

/** `/setup roles-reset feature:<…>`: everyone may use the feature again. */
export async function rolesResetSetup(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const guildId = guildIdOf(interaction);
	const feature = featureOption(interaction);
	await updatePolicy(ctx, guildId, (current) => {
		const { [feature]: _reset, ...rest } = current.roles ?? {};
		return { ...current, roles: rest };
	});
	ctx.logger.info({ guildId, feature }, 'feature roles reset');
	await sendPrivate(interaction, { content: `Everyone may use ${feature} again.` });
}
