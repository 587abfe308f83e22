import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from 'discord.js';
import type { AppContext } from '../app-context.js';
import { AutocompleteCache } from '../discord/autocomplete.js';
import { nsfwAllowedHere } from '../discord/nsfw.js';
import { searchBlocksOf, withoutBlocked } from '../moderation/blocks.js';
import type { RostroClient } from '../rostro/index.js';
import { loadCharacter } from './start.js';

type Choice = ApplicationCommandOptionChoiceData<string>;
const CHOICE_LIMIT = 25;
const NAME_LIMIT = 100;

function clip(text: string, max = NAME_LIMIT): string {
	return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A suggested character, with what a server's blocks are checked against. */
interface CharacterChoice {
	choice: Choice;
	creator: string;
	tags: string[];
}

/**
 * One cache per Rostro client (so per running bot), for each kind of suggestion. Suggestions are
 * public reads made without a token, so every member sees the same cached results.
 */
interface Caches {
	characters: AutocompleteCache<CharacterChoice>;
	models: AutocompleteCache<Choice>;
	greetings: AutocompleteCache<Choice>;
}
const cachesByClient = new WeakMap<RostroClient, Caches>();

function caches(rostro: RostroClient): Caches {
	const known = cachesByClient.get(rostro);
	if (known) return known;

	const created: Caches = {
		// The key is "nsfw|query": what an age-restricted channel may see differs.
		characters: new AutocompleteCache(async (key, signal) => {
			const [nsfw, query] = [key.startsWith('1|'), key.slice(2)];
			const page = await rostro.search.search(
				{ search: query, first: CHOICE_LIMIT, nsfw, namespace: 'characters' },
				{ signal },
			);
			return page.items.map((node) => ({
				choice: {
					name: clip(node.tagline ? `${node.name} — ${node.tagline}` : node.name),
					value: node.fullPath.slice(0, NAME_LIMIT),
				},
				creator: node.creator,
				tags: node.tags,
			}));
		}),
		models: new AutocompleteCache(async (_key, signal) => {
			const models = await rostro.chat.models({ signal });
			return models.map((model) => ({ name: model.id, value: model.id }));
		}),
		greetings: new AutocompleteCache(async (reference, signal) => {
			const character = await loadCharacter(rostro, reference);
			signal.throwIfAborted();
			const greetings = [character.card.first_mes, ...character.card.alternate_greetings];
			return greetings.map((text, index) => ({
				name: clip(`${index === 0 ? 'Greeting' : `Alternate ${index}`}: ${text.replace(/\s+/g, ' ')}`),
				value: String(index),
			}));
		}),
	};
	cachesByClient.set(rostro, created);
	return created;
}

function matching(choices: Choice[], typed: string): Choice[] {
	const needle = typed.trim().toLowerCase();
	return choices.filter((choice) => choice.name.toLowerCase().includes(needle)).slice(0, CHOICE_LIMIT);
}

/**
 * Suggestions for `/chat start` and `/chat model`: characters (none the server hides, and NSFW
 * ones only where the channel allows them), models and greetings.
 */
export async function suggest(interaction: AutocompleteInteraction, ctx: AppContext): Promise<Choice[]> {
	const focused = interaction.options.getFocused(true);
	const all = caches(ctx.rostro);

	if (focused.name === 'character') {
		const nsfw = await nsfwAllowedHere(ctx, interaction.channel);
		const found = await all.characters.lookup(`${nsfw ? 1 : 0}|${focused.value}`);
		const blocks = await searchBlocksOf(ctx, interaction.guildId);
		return withoutBlocked(found, blocks)
			.slice(0, CHOICE_LIMIT)
			.map((character) => character.choice);
	}
	if (focused.name === 'model' || focused.name === 'name') {
		return matching(await all.models.lookup('models'), focused.value);
	}
	if (focused.name === 'greeting') {
		const character = interaction.options.getString('character');
		return character ? matching(await all.greetings.lookup(character), focused.value) : [];
	}
	return [];
}
