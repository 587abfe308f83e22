import {
	ActionRowBuilder,
	type APISelectMenuOption,
	type ApplicationCommandOptionChoiceData,
	type Message,
	StringSelectMenuBuilder,
} from 'discord.js';
import type { AppContext } from '../app-context.js';
import { AccountChoices } from '../discord/account-choices.js';
import { UserError } from '../discord/user-error.js';
import type { ProjectNode, RostroClient } from '../rostro/index.js';

/** Discord's limit on the options of one select menu, and on autocomplete choices. */
export const MAX_PROJECTS = 25;
const MAX_OPTION_TEXT = 100;

function newestFirst(left: ProjectNode, right: ProjectNode): number {
	const stamp = (project: ProjectNode) => Date.parse(project.createdAt ?? project.lastActivityAt ?? '') || 0;
	return stamp(right) - stamp(left);
}

/** Every project of the account the client acts as, most recent first. */
async function allOwnProjects(rostro: RostroClient, signal?: AbortSignal): Promise<ProjectNode[]> {
	const self = await rostro.account.self({ signal });
	const profile = await rostro.users.profile(self.userName, { includeProjects: true }, { signal });
	return [...profile.projects].sort(newestFirst);
}

/** The account's own projects, most recent first, as many as one select menu holds. */
export async function ownProjects(rostro: RostroClient): Promise<ProjectNode[]> {
	return (await allOwnProjects(rostro)).slice(0, MAX_PROJECTS);
}

function clip(text: string): string {
	return text.length > MAX_OPTION_TEXT ? `${text.slice(0, MAX_OPTION_TEXT - 1)}…` : text;
}

/** How a project is named in menus and replies. */
export function projectLabel(project: Pick<ProjectNode, 'id' | 'name' | 'fullPath'>): string {
	return clip(project.name || project.fullPath || String(project.id));
}

/** A select menu of projects whose choice goes to the handler behind `customId`. */
export function projectMenu(customId: string, projects: ProjectNode[]): ActionRowBuilder<StringSelectMenuBuilder> {
	const options = projects.slice(0, MAX_PROJECTS).map((project) => ({
		label: projectLabel(project),
		value: String(project.id),
		...(project.fullPath ? { description: clip(project.fullPath) } : {}),
	}));
	const menu = new StringSelectMenuBuilder()
		.setCustomId(customId)
		.setPlaceholder('Choose a project')
		.addOptions(options);
	return new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu);
}

/** The label a project menu showed for a project, read back from the menu's message. */
export function pickedLabel(message: Message | null, projectId: string): string | undefined {
	const rows = message?.components.map((row) => row.toJSON()) ?? [];
	const options = rows.flatMap((row) =>
		'components' in row
			? row.components.flatMap((menu) => ('options' in menu ? (menu.options as APISelectMenuOption[]) : []))
			: [],
	);
	return options.find((option) => option.value === projectId)?.label;
}

// One lookup per running bot; each account's projects are cached for a minute.
const lookups = new WeakMap<RostroClient, AccountChoices<ProjectNode>>();

function projectLookup(ctx: AppContext): AccountChoices<ProjectNode> {
	let lookup = lookups.get(ctx.rostro);
	if (!lookup) {
		lookup = new AccountChoices(ctx, (rostro, signal) => allOwnProjects(rostro, signal));
		lookups.set(ctx.rostro, lookup);
	}
	return lookup;
}

function matches(project: ProjectNode, typed: string): boolean {
	const needle = typed.trim().toLowerCase();
	return [project.name, project.fullPath, String(project.id)].some((text) => text.toLowerCase().includes(needle));
}

/** Autocomplete choices of the projects of the account a member's commands use here. */
export async function projectChoices(
	ctx: AppContext,
	who: { userId: string; guildId: string | null },
	typed: string,
): Promise<ApplicationCommandOptionChoiceData<string>[]> {
	const projects = await projectLookup(ctx).lookup(who.userId, who.guildId);
	return projects
		.filter((project) => matches(project, typed))
		.slice(0, MAX_PROJECTS)
		.map((project) => ({ name: clip(`${project.name} (${project.fullPath})`), value: String(project.id) }));
}

/** A project chosen in a `project` option: an id from the suggestions, or a name or path typed by hand. */
export interface ChosenProject {
	id: number;
	label: string;
}

/**
 * Reads a `project` option. Suggestions carry the id; a member who typed instead gets the own
 * project whose name or path matches exactly. The label comes from the member's cached projects.
 */
export async function chosenProject(
	ctx: AppContext,
	who: { userId: string; guildId: string | null },
	value: string,
): Promise<ChosenProject> {
	const typed = value.trim();
	const own = await projectLookup(ctx).lookup(who.userId, who.guildId);
	const lower = typed.toLowerCase();
	const found = own.find(
		(project) =>
			String(project.id) === typed || project.name.toLowerCase() === lower || project.fullPath.toLowerCase() === lower,
	);
	if (found) return { id: found.id, label: projectLabel(found) };
	if (/^\d{1,15}$/.test(typed)) return { id: Number(typed), label: `project ${typed}` };

	throw new UserError('unknown-project', 'Choose one of the suggested projects, or give a project’s number.');
}
