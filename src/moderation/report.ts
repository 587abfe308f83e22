import type {
	ApplicationCommandOptionChoiceData,
	AutocompleteInteraction,
	ChatInputCommandInteraction,
} from 'discord.js';
import type { AppContext } from '../app-context.js';
import { loadCharacter } from '../chat/start.js';
import { AutocompleteCache } from '../discord/autocomplete.js';
import { nsfwAllowedHere } from '../discord/nsfw.js';
import { defer, sendPrivate } from '../discord/replies.js';
import { plain } from '../discord/text.js';
import { resolveRostro } from '../discord/tokens.js';
import { UserError } from '../discord/user-error.js';
import type { RostroClient } from '../rostro/index.js';

type Choice = ApplicationCommandOptionChoiceData<string>;
const CHOICE_LIMIT = 25;
const NAME_LIMIT = 100;

function clip(text: string): string {
	return text.length <= NAME_LIMIT ? text : `${text.slice(0, NAME_LIMIT - 1)}…`;
}

// One cache per Rostro client; suggestions are public reads, the same for every member.
const cachesByClient = new WeakMap<RostroClient, AutocompleteCache<Choice>>();

function projectCache(rostro: RostroClient): AutocompleteCache<Choice> {
	const known = cachesByClient.get(rostro);
	if (known) return known;

	// The key is "nsfw|query": what may be suggested differs where NSFW is allowed.
	const created = new AutocompleteCache<Choice>(async (key, signal) => {
		const [nsfw, query] = [key.startsWith('1|'), key.slice(2)];
		const page = await rostro.search.search(
			{ search: query, first: CHOICE_LIMIT, nsfw, namespace: 'characters' },
			{ signal },
		);
		return page.items.map((node) => ({ name: clip(`${node.name} — ${node.fullPath}`), value: String(node.id) }));
	});
	cachesByClient.set(rostro, created);
	return created;
}

/** Suggestions for `/report project:`: characters matching what the member typed, by project id. */
export async function projectChoices(interaction: AutocompleteInteraction, ctx: AppContext): Promise<Choice[]> {
	const typed = interaction.options.getFocused();
	const nsfw = await nsfwAllowedHere(ctx, interaction.channel);
	return (await projectCache(ctx.rostro).lookup(`${nsfw ? 1 : 0}|${typed}`)).slice(0, CHOICE_LIMIT);
}

/** `/report`: sends a project and the member's reason to Rostro's moderators, on the account that pays. */
export async function reportProject(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const reference = interaction.options.getString('project', true);
	const reason = interaction.options.getString('reason', true).trim();
	if (!reason) throw new UserError('no-reason', 'Say what is wrong with it, so Rostro’s moderators can act.');

	await defer(interaction, 'private');
	const { rostro } = await resolveRostro(interaction, ctx);
	const { project } = await loadCharacter(rostro, reference);
	await rostro.moderation.report(project.id, reason);
	ctx.logger.info({ projectId: project.id }, 'project reported');
	await sendPrivate(interaction, {
		content: `Thank you: your report about **${plain(project.name)}** went to Rostro’s moderators.`,
	});
}
