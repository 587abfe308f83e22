import type { ChatInputCommandInteraction } from 'discord.js';
import type { AppContext } from '../app-context.js';
import { guildIdOf } from '../discord/guards.js';
import { sendPrivate } from '../discord/replies.js';
import type { TokenSource } from '../discord/tokens.js';
import { UserError } from '../discord/user-error.js';
import { type Feature, type FeatureLimits, policyOf, updatePolicy } from './policy.js';
import { featureOption } from './roles.js';

const DAY_MS = 24 * 60 * 60_000;

/** One use of a feature that is about to cost the server's credits. */
export interface FeatureUse {
	guildId: string;
	userId: string;
	feature: Feature;
	/** Whose token pays; only the server's is limited, a member's own token is exempt. */
	source: TokenSource;
}

interface CooldownRecord {
	guildId: string;
	userId: string;
	until: number;
}

function cooldowns(ctx: AppContext) {
	return ctx.store.namespace<CooldownRecord>('cooldowns');
}

function relative(at: number): string {
	return `<t:${Math.ceil(at / 1_000)}:R>`;
}

async function passCooldown(ctx: AppContext, use: FeatureUse, seconds: number, now: number): Promise<void> {
	const key = `cooldown:${use.feature}:${use.guildId}:${use.userId}`;
	// The counter is the atomic part: only the first use in the window counts 1, whichever process sees it.
	const count = await ctx.store.counters.increment(key, seconds * 1_000);
	if (count === 1) {
		await cooldowns(ctx).set(
			key,
			{ guildId: use.guildId, userId: use.userId, until: now + seconds * 1_000 },
			seconds * 1_000,
		);
		return;
	}

	const until = (await cooldowns(ctx).get(key))?.until ?? now + seconds * 1_000;
	throw new UserError('cooldown', `You can use ${use.feature} again ${relative(until)}.`);
}

async function passQuota(ctx: AppContext, use: FeatureUse, daily: number, now: number): Promise<void> {
	const day = new Date(now).toISOString().slice(0, 10);
	const midnight = Date.parse(`${day}T00:00:00Z`) + DAY_MS;
	const key = `quota:${use.feature}:${use.guildId}:${use.userId}:${day}`;
	const count = await ctx.store.counters.increment(key, midnight - now + 60_000);
	if (count <= daily) return;

	throw new UserError(
		'quota',
		`You have used ${use.feature} ${daily} ${daily === 1 ? 'time' : 'times'} today, this server's daily limit; ` +
			`try again ${relative(midnight)}.`,
	);
}

/**
 * Counts one use of a feature against the server's cooldown and daily quota, when the server's
 * token pays, and refuses it with when to try again. Counted before Rostro is asked, so a use
 * that Rostro then fails still counts.
 */
export async function chargeUse(ctx: AppContext, use: FeatureUse, now = Date.now()): Promise<void> {
	if (use.source !== 'guild') return;

	const limits = (await policyOf(ctx, use.guildId)).limits?.[use.feature];
	if (limits?.cooldownSeconds) await passCooldown(ctx, use, limits.cooldownSeconds, now);
	if (limits?.daily) await passQuota(ctx, use, limits.daily, now);
}

async function setLimit(
	interaction: ChatInputCommandInteraction,
	ctx: AppContext,
	change: (limits: FeatureLimits) => FeatureLimits,
): Promise<FeatureLimits> {
	const feature = featureOption(interaction);
	const policy = await updatePolicy(ctx, guildIdOf(interaction), (current) => ({
		...current,
		limits: { ...current.limits, [feature]: change(current.limits?.[feature] ?? {}) },
	}));
	return policy.limits?.[feature] ?? {};
}

/** `/setup cooldown feature:<…> seconds:<n>`; 0 removes the cooldown. */
export async function cooldownSetup(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const seconds = interaction.options.getInteger('seconds', true);
	await setLimit(interaction, ctx, (limits) => ({ ...limits, cooldownSeconds: seconds || undefined }));
	const feature = featureOption(interaction);
	await sendPrivate(interaction, {
		content: seconds
			? `Members now wait ${seconds} s between uses of ${feature} on the server's account.`
			: `${feature} has no cooldown now.`,
	});
}

/** `/setup quota feature:<…> daily:<n>`; 0 removes the quota. */
export async function quotaSetup(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const daily = interaction.options.getInteger('daily', true);
	await setLimit(interaction, ctx, (limits) => ({ ...limits, daily: daily || undefined }));
	const feature = featureOption(interaction);
	await sendPrivate(interaction, {
		content: daily
			? `Each member may now use ${feature} ${daily} ${daily === 1 ? 'time' : 'times'} a day on the server's account.`
			: `${feature} has no daily quota now.`,
	});
}
