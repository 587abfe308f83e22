import type { ChatInputCommandInteraction } from 'discord.js';
import type { AppContext } from '../app-context.js';
import { guildIdOf } from '../discord/guards.js';
import { sendPrivate } from '../discord/replies.js';
import { UserError } from '../discord/user-error.js';
import { MAX_BLOCKED_WORD_LENGTH, MAX_BLOCKED_WORDS, normalizeForMatching, parseWordList } from './blocked-words.js';
import {
	FEATURES,
	type FeatureLimits,
	type GuildPolicy,
	NSFW_MODES,
	type NsfwMode,
	policyOf,
	updatePolicy,
} from './policy.js';
import { rolesLine } from './roles.js';
import { blockLines } from './setup-blocks.js';

const LIST_SHOWN = 1_800; // characters, inside Discord's 2,000

function quoted(words: readonly string[]): string {
	const list = words.map((word) => `“${word}”`).join(', ');
	return list.length > LIST_SHOWN ? `${list.slice(0, LIST_SHOWN)}…` : list;
}

function checkedWords(interaction: ChatInputCommandInteraction): string[] {
	const words = parseWordList(interaction.options.getString('words') ?? '');
	if (words.length === 0) throw new UserError('no-words', 'Give the words, separated by commas.');

	const tooLong = words.find((word) => word.length > MAX_BLOCKED_WORD_LENGTH);
	if (tooLong)
		throw new UserError('word-too-long', `Keep each entry to ${MAX_BLOCKED_WORD_LENGTH} characters or fewer.`);
	const empty = words.find((word) => normalizeForMatching(word) === '');
	if (empty) throw new UserError('word-unmatchable', `“${empty}” has no letters or digits to match.`);
	return words;
}

function sameEntry(a: string, b: string): boolean {
	return normalizeForMatching(a) === normalizeForMatching(b);
}

function added(policy: GuildPolicy, words: string[]): GuildPolicy {
	const blockedWords = [...(policy.blockedWords ?? [])];
	for (const word of words) {
		if (!blockedWords.some((known) => sameEntry(known, word))) blockedWords.push(word);
	}
	if (blockedWords.length > MAX_BLOCKED_WORDS) {
		throw new UserError('too-many-words', `A server can block at most ${MAX_BLOCKED_WORDS} words and phrases.`);
	}
	return { ...policy, blockedWords };
}

function removed(policy: GuildPolicy, words: string[]): GuildPolicy {
	const blockedWords = (policy.blockedWords ?? []).filter((known) => !words.some((word) => sameEntry(known, word)));
	return { ...policy, blockedWords };
}

/** `/setup blocked-words action:<add|remove|list> [words]`. */
export async function blockedWordsSetup(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const guildId = guildIdOf(interaction);
	const action = interaction.options.getString('action', true);
	const words = action === 'list' ? [] : checkedWords(interaction);
	const policy = await updatePolicy(ctx, guildId, (current) => {
		if (action === 'add') return added(current, words);
		if (action === 'remove') return removed(current, words);
		return current;
	});

	const list = policy.blockedWords ?? [];
	const now = list.length === 0 ? 'No words are blocked now.' : `Blocked now: ${quoted(list)}.`;
	if (action !== 'list') ctx.logger.info({ guildId, action, count: list.length }, 'blocked words changed');
	await sendPrivate(interaction, { content: now });
}

const nsfwSentences: Record<NsfwMode, string> = {
	'age-restricted': 'NSFW content now shows only in age-restricted channels (and their threads).',
	off: 'NSFW content is now off everywhere in this server, age-restricted channels included.',
};

/** `/setup nsfw mode:<age-restricted|off>`. */
export async function nsfwSetup(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const guildId = guildIdOf(interaction);
	const mode = interaction.options.getString('mode', true) as NsfwMode;
	if (!NSFW_MODES.includes(mode)) throw new UserError('unknown-mode', 'Choose age-restricted or off.');

	await updatePolicy(ctx, guildId, (policy) => ({ ...policy, nsfw: mode }));
	ctx.logger.info({ guildId, mode }, 'nsfw mode changed');
	await sendPrivate(interaction, { content: nsfwSentences[mode] });
}

function limitsLine(feature: string, { cooldownSeconds, daily }: FeatureLimits): string {
	const cooldown = cooldownSeconds ? `${cooldownSeconds} s between uses` : 'no cooldown';
	const quota = daily ? `${daily} a day per member` : 'no daily quota';
	return `Limits on ${feature} (server's account only): ${cooldown}, ${quota}.`;
}

/** The lines `/setup show` gives about the moderation policy. */
export async function policyLines(ctx: AppContext, guildId: string): Promise<string[]> {
	const policy = await policyOf(ctx, guildId);
	const words = policy.blockedWords?.length ?? 0;
	return [
		policy.nsfw === 'off'
			? 'NSFW content: off everywhere.'
			: 'NSFW content: only in age-restricted channels (and their threads).',
		`Blocked words and phrases: ${words === 0 ? 'none' : words}.`,
		...blockLines(policy),
		...FEATURES.filter((feature) => policy.roles?.[feature]).map(
			(feature) => `Who may use ${rolesLine(feature, policy.roles?.[feature], guildId)}`,
		),
		...FEATURES.filter((feature) => policy.limits?.[feature]).map((feature) =>
			limitsLine(feature, policy.limits?.[feature] ?? {}),
		),
	];
}
