import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import type { AppContext } from '../app-context.js';
import { AccountChoices } from '../discord/account-choices.js';
import type { RostroClient, Voice } from '../rostro/index.js';

const MAX_CHOICES = 25;
const MAX_CHOICE_TEXT = 100;

// One lookup per running bot; each account's voices are cached for a minute.
const lookups = new WeakMap<RostroClient, AccountChoices<Voice>>();

function voiceLookup(ctx: AppContext): AccountChoices<Voice> {
	let lookup = lookups.get(ctx.rostro);
	if (!lookup) {
		lookup = new AccountChoices(ctx, (rostro, signal) => rostro.tts.voices({ signal }));
		lookups.set(ctx.rostro, lookup);
	}
	return lookup;
}

function clip(text: string): string {
	return text.length > MAX_CHOICE_TEXT ? `${text.slice(0, MAX_CHOICE_TEXT - 1)}…` : text;
}

/** The voices whose name, id or description contain what the member typed, as autocomplete choices. */
export function matchingVoices(voices: Voice[], typed: string): ApplicationCommandOptionChoiceData<string>[] {
	const needle = typed.trim().toLowerCase();
	return voices
		.filter((voice) => [voice.name, voice.id, voice.description ?? ''].some((t) => t.toLowerCase().includes(needle)))
		.slice(0, MAX_CHOICES)
		.map((voice) => ({
			name: clip(voice.description ? `${voice.name} — ${voice.description}` : voice.name),
			value: voice.id.slice(0, MAX_CHOICE_TEXT),
		}));
}

/** Autocomplete of the voices the account a member's commands use here offers. */
export async function voiceChoices(
	ctx: AppContext,
	who: { userId: string; guildId: string | null },
	typed: string,
): Promise<ApplicationCommandOptionChoiceData<string>[]> {
	return matchingVoices(await voiceLookup(ctx).lookup(who.userId, who.guildId), typed);
}
