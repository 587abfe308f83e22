import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import { AutocompleteCache } from '../discord/autocomplete.js';
import { NO_BLOCKS, type SearchBlocks, withoutBlocked } from '../moderation/blocks.js';
import type { RostroClient } from '../rostro/index.js';
import { clip } from './text.js';

/** One autocomplete choice. */
export type Choice = ApplicationCommandOptionChoiceData<string>;

const CHOICE_LIMIT = 25;
const CHOICE_TEXT = 100;

/** A suggested character, with what a server's blocks are checked against. */
interface CharacterChoice {
	choice: Choice;
	creator: string;
	tags: string[];
}

interface Suggesters {
	characters: AutocompleteCache<CharacterChoice>;
	tags: AutocompleteCache<Choice>;
}

// One set per Rostro client, so per running bot. Suggestions are public reads made without a
// token, so every member sees the same cached results.
const suggestersByClient = new WeakMap<RostroClient, Suggesters>();

function suggesters(rostro: RostroClient): Suggesters {
	const known = suggestersByClient.get(rostro);
	if (known) return known;

	const created: Suggesters = {
		// Keyed "1|query" or "0|query": an age-restricted channel may be offered more.
		characters: new AutocompleteCache(async (key, signal) => {
			const nsfw = key.startsWith('1|');
			const page = await rostro.search.search(
				{ search: key.slice(2), first: CHOICE_LIMIT, nsfw, nsfl: nsfw, namespace: 'characters' },
				{ signal },
			);
			return page.items
				.filter((node) => nsfw || !node.nsfw)
				.map((node) => ({
					choice: {
						name: clip(node.tagline ? `${node.name} — ${node.tagline}` : node.name, CHOICE_TEXT),
						value: String(node.id),
					},
					creator: node.creator,
					tags: node.tags,
				}));
		}),
		// Rostro's whole tag list changes slowly: fetched once, kept ten minutes, filtered here.
		tags: new AutocompleteCache(
			async (_key, signal) => {
				const tags = await rostro.search.tags(undefined, { signal });
				return tags.map((tag) => ({ name: clip(tag.name, CHOICE_TEXT), value: clip(tag.name, CHOICE_TEXT) }));
			},
			{ ttlMs: 10 * 60_000, max: 1 },
		),
	};
	suggestersByClient.set(rostro, created);
	return created;
}

/**
 * Characters matching what was typed (Rostro's most popular before anything is typed); NSFW
 * ones only where `nsfw` allows them, and none the server hides.
 */
export async function suggestCharacters(
	rostro: RostroClient,
	typed: string,
	nsfw: boolean,
	blocks: SearchBlocks = NO_BLOCKS,
): Promise<Choice[]> {
	const found = await suggesters(rostro).characters.lookup(`${nsfw ? 1 : 0}|${typed.trim()}`);
	return withoutBlocked(found, blocks)
		.slice(0, CHOICE_LIMIT)
		.map((character) => character.choice);
}

/**
 * Tags matching what was typed. With `several`, the text is a comma-separated list and only its
 * last tag is completed: `Fantasy, Fe` suggests `Fantasy, Female`.
 */
export async function suggestTags(rostro: RostroClient, typed: string, { several = false } = {}): Promise<Choice[]> {
	const parts = several ? typed.split(',') : [typed];
	const last = (parts.pop() ?? '').trim().toLowerCase();
	const before = parts.map((part) => part.trim()).filter(Boolean);
	const prefix = before.length > 0 ? `${before.join(', ')}, ` : '';

	const all = await suggesters(rostro).tags.lookup('all');
	const taken = new Set(before.map((tag) => tag.toLowerCase()));
	const matching = all.filter((tag) => tag.value.toLowerCase().includes(last) && !taken.has(tag.value.toLowerCase()));
	const starting = matching.filter((tag) => tag.value.toLowerCase().startsWith(last));
	const ordered = [...new Set([...starting, ...matching])];
	return ordered
		.map((tag) => `${prefix}${tag.value}`)
		.filter((value) => value.length <= CHOICE_TEXT)
		.slice(0, CHOICE_LIMIT)
		.map((value) => ({ name: value, value }));
}

/**
 * Whether Rostro's tag list (the tags its public projects carry) has this tag, ignoring case;
 * `rostro` is the tokenless client whose cached list autocomplete uses. Undefined when the list
 * could not be read, so a caller says nothing either way.
 */
export async function knownTag(rostro: RostroClient, tag: string): Promise<boolean | undefined> {
	try {
		const all = await suggesters(rostro).tags.lookup('all');
		const wanted = clip(tag.trim(), CHOICE_TEXT).toLowerCase();
		return all.some((known) => known.value.toLowerCase() === wanted);
	} catch {
		return undefined;
	}
}
