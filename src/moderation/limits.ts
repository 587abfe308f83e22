import type { ChatInputCommandInteraction } from 'discord.js';
import type { AppContext } from '../app-context.js';
import { guildIdOf } from '../discord/guards.js';
import { sendPrivate } from '../discord/replies.js';
import type { TokenSource } from '../discord/tokens.js';
import { UserError } from '../discord/user-error.js';
import {
	COOLDOWN_SECONDS,
	DAILY_USES,
	FEATURES,
	type Feature,
	type FeatureLimits,
	policyOf,
	updatePolicy,
} from './policy.js';
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

/**
 * A use refused by a cooldown or a quota; its message says when to try again. `first` is true
 * for only the first refusal of a cooldown window or a quota day, whichever process saw it, so
 * a caller that answers in public can say it once.
 */
export class UseRefused extends UserError {
	constructor(
		code: 'cooldown' | 'quota',
		message: string,
		readonly first: boolean,
	) {
		super(code, message);
	}
}

type Member = Pick<FeatureUse, 'guildId' | 'userId' | 'feature'>;

function cooldownKey(use: Member): string {
	return `cooldown:${use.feature}:${use.guildId}:${use.userId}`;
}

/** A quota day runs from midnight to midnight UTC. */
function quotaDay(now: number): { day: string; endsAt: number } {
	const day = new Date(now).toISOString().slice(0, 10);
	return { day, endsAt: Date.parse(`${day}T00:00:00Z`) + DAY_MS };
}

function quotaKey(use: Member, day: string): string {
	return `quota:${use.feature}:${use.guildId}:${use.userId}:${day}`;
}

function relative(at: number): string {
	return `<t:${Math.ceil(at / 1_000)}:R>`;
}

function times(count: number): string {
	return `${count} ${count === 1 ? 'time' : 'times'}`;
}

function cooldownRefusal(feature: Feature, until: number, first: boolean): UseRefused {
	return new UseRefused('cooldown', `You can use ${feature} again ${relative(until)}.`, first);
}

function quotaRefusal(feature: Feature, daily: number, endsAt: number, first: boolean): UseRefused {
	const used = `You have used ${feature} ${times(daily)} today, this server's daily limit`;
	return new UseRefused('quota', `${used}; try again ${relative(endsAt)}.`, first);
}

async function passCooldown(ctx: AppContext, use: FeatureUse, seconds: number, now: number): Promise<void> {
	const key = cooldownKey(use);
	// The counter is the atomic part: only the first use in the window counts 1, whichever process sees it.
	const count = await ctx.store.counters.increment(key, seconds * 1_000);
	if (count === 1) return;

	const until = (await ctx.store.counters.peek(key))?.expiresAt ?? now + seconds * 1_000;
	throw cooldownRefusal(use.feature, until, count === 2);
}

async function passQuota(ctx: AppContext, use: FeatureUse, daily: number, now: number): Promise<void> {
	const { day, endsAt } = quotaDay(now);
	const count = await ctx.store.counters.increment(quotaKey(use, day), endsAt - now + 60_000);
	if (count <= daily) return;

	throw quotaRefusal(use.feature, daily, endsAt, count === daily + 1);
}

/**
 * Counts one use of a feature against the server's cooldown and daily quota, when the server's
 * token pays, and refuses it with when to try again (a `UseRefused`). Counted before Rostro is
 * asked, so a use that Rostro then fails still counts.
 */
export async function chargeUse(ctx: AppContext, use: FeatureUse, now = Date.now()): Promise<void> {
	if (use.source !== 'guild') return;

	const limits = (await policyOf(ctx, use.guildId)).limits?.[use.feature];
	if (limits?.cooldownSeconds) await passCooldown(ctx, use, limits.cooldownSeconds, now);
	if (limits?.daily) await passQuota(ctx, use, limits.daily, now);
}

/**
 * Whose token would pay for a member's use in a server, read from what is stored (nothing is
 * decrypted): their linked one, else the server's, else none. The same order as resolveRostro.
 */
export async function payingSource(ctx: AppContext, guildId: string, userId: string): Promise<TokenSource> {
	if ((await ctx.store.members.get(userId))?.token) return 'member';
	if ((await ctx.store.guilds.get(guildId))?.token) return 'guild';
	return 'public';
}

/** `chargeUse` for a use whose Rostro client is resolved later: the paying token is read from the store. */
export async function chargeMemberUse(ctx: AppContext, use: Member, now = Date.now()): Promise<void> {
	await chargeUse(ctx, { ...use, source: await payingSource(ctx, use.guildId, use.userId) }, now);
}

/** What is left of a member's limits on one feature, read without counting. */
export interface FeatureAllowance {
	feature: Feature;
	limits: FeatureLimits;
	/** Uses left today under the quota, when there is one. */
	left?: number;
	/** When the quota day ends (ms), when there is a quota. */
	dayEndsAt?: number;
	/** When the cooldown lets the member go again (ms), while it runs. */
	readyAt?: number;
}

async function allowanceOf(
	ctx: AppContext,
	member: Member,
	limits: FeatureLimits,
	now: number,
): Promise<FeatureAllowance> {
	const allowance: FeatureAllowance = { feature: member.feature, limits };
	if (limits.cooldownSeconds) allowance.readyAt = (await ctx.store.counters.peek(cooldownKey(member)))?.expiresAt;
	if (limits.daily) {
		const { day, endsAt } = quotaDay(now);
		const used = (await ctx.store.counters.peek(quotaKey(member, day)))?.count ?? 0;
		allowance.left = Math.max(0, limits.daily - used);
		allowance.dayEndsAt = endsAt;
	}
	return allowance;
}

/**
 * What a member has left today of every feature the server limits, peeked at without counting;
 * features without a cooldown or quota are left out.
 */
export async function allowancesOf(
	ctx: AppContext,
	guildId: string,
	userId: string,
	now = Date.now(),
): Promise<FeatureAllowance[]> {
	const limits = (await policyOf(ctx, guildId)).limits ?? {};
	const limited = FEATURES.filter((feature) => limits[feature]?.cooldownSeconds || limits[feature]?.daily);
	return Promise.all(
		limited.map((feature) => allowanceOf(ctx, { guildId, userId, feature }, limits[feature] ?? {}, now)),
	);
}

/** One feature's allowance as a line of `/account status`. */
export function allowanceLine(allowance: FeatureAllowance): string {
	const { feature, limits, left, dayEndsAt = 0, readyAt } = allowance;
	const parts: string[] = [];
	if (limits.daily) {
		parts.push(`${left} of ${limits.daily} left today`);
		if (left === 0) parts.push(`more ${relative(dayEndsAt)}`);
	}
	if (limits.cooldownSeconds && left !== 0) {
		parts.push(readyAt ? `ready again ${relative(readyAt)}` : `ready now (${limits.cooldownSeconds} s between uses)`);
	}
	return `${feature}: ${parts.join('; ')}`;
}

/**
 * What `/account status` says about the server's limits for a member: what is left today of
 * each limited feature, or, when the member's own token pays, that it is exempt. Undefined when
 * the server limits nothing.
 */
export async function allowanceSummary(
	ctx: AppContext,
	guildId: string,
	userId: string,
	source: TokenSource,
): Promise<string | undefined> {
	const allowances = await allowancesOf(ctx, guildId, userId);
	if (allowances.length === 0) return undefined;

	if (source === 'member') {
		const features = allowances.map((allowance) => allowance.feature).join(', ');
		return `Your linked token is exempt from this server's cooldowns and quotas (on ${features}).`;
	}
	const lines = allowances.map((allowance) => `- ${allowanceLine(allowance)}`);
	return [`Left for you today on the server's account (a day ends at midnight UTC):`, ...lines].join('\n');
}

/**
 * Refuses, without counting anything, a use that `chargeUse` would refuse now: for a flow of
 * several steps, so the member hears it before picking and typing rather than at the end.
 */
export async function requireUseLeft(ctx: AppContext, use: FeatureUse, now = Date.now()): Promise<void> {
	if (use.source !== 'guild') return;

	const limits = (await policyOf(ctx, use.guildId)).limits?.[use.feature];
	if (!limits) return;
	const allowance = await allowanceOf(ctx, use, limits, now);
	if (allowance.readyAt) throw cooldownRefusal(use.feature, allowance.readyAt, false);
	if (limits.daily && allowance.left === 0) {
		throw quotaRefusal(use.feature, limits.daily, allowance.dayEndsAt ?? now, false);
	}
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

/**
 * A whole number option within the range its definition declares. Discord's client enforces the
 * range, but an interaction can come from elsewhere, and a bad limit must never be stored.
 */
function wholeNumberOption(
	interaction: ChatInputCommandInteraction,
	name: string,
	range: { min: number; max: number },
	refusal: string,
): number {
	const value = interaction.options.get(name, true).value;
	if (typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max) return value;
	throw new UserError('limit-out-of-range', refusal);
}

function upTo(max: number): string {
	return max.toLocaleString('en');
}

/** `/setup cooldown feature:<…> seconds:<n>`; 0 removes the cooldown. */
export async function cooldownSetup(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const seconds = wholeNumberOption(
		interaction,
		'seconds',
		COOLDOWN_SECONDS,
		`Give the cooldown as a whole number of seconds from ${COOLDOWN_SECONDS.min} to ${upTo(COOLDOWN_SECONDS.max)}; nothing was changed.`,
	);
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
	const daily = wholeNumberOption(
		interaction,
		'daily',
		DAILY_USES,
		`Give the quota as a whole number of uses a day from ${DAILY_USES.min} to ${upTo(DAILY_USES.max)}; nothing was changed.`,
	);
	await setLimit(interaction, ctx, (limits) => ({ ...limits, daily: daily || undefined }));
	const feature = featureOption(interaction);
	await sendPrivate(interaction, {
		content: daily
			? `Each member may now use ${feature} ${times(daily)} a day on the server's account.`
			: `${feature} has no daily quota now.`,
	});
}
