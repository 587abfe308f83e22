import { z } from 'zod';
import type { AppContext } from '../app-context.js';

/** Where NSFW content may show in a server: where the age-restricted gate allows, or nowhere. */
export const NSFW_MODES = ['age-restricted', 'off'] as const;
export type NsfwMode = (typeof NSFW_MODES)[number];

/** The features whose use `/setup roles` can limit to some roles. */
export const FEATURES = ['chat', 'imagine', 'tts', 'search', 'follow', 'gallery'] as const;
export type Feature = (typeof FEATURES)[number];

const featureRolesSchema = z.object({ allow: z.array(z.string()), deny: z.array(z.string()) });

/** Role ids that may use a feature (none listed: everyone) and role ids that may not. */
export type FeatureRoles = z.output<typeof featureRolesSchema>;

const featureLimitsSchema = z.object({
	cooldownSeconds: z.number().int().positive().optional(),
	daily: z.number().int().positive().optional(),
});

/** A feature's cooldown between a member's uses and its daily quota per member, on the server's token. */
export type FeatureLimits = z.output<typeof featureLimitsSchema>;

const policySchema = z.looseObject({
	nsfw: z.enum(NSFW_MODES).optional(),
	blockedWords: z.array(z.string()).optional(),
	roles: z.partialRecord(z.enum(FEATURES), featureRolesSchema).optional(),
	limits: z.partialRecord(z.enum(FEATURES), featureLimitsSchema).optional(),
	auditChannelId: z.string().optional(),
	/** Rostro creators (`/setup block kind:user`) and tags hidden from the bot's results here. */
	blockedCreators: z.array(z.string()).optional(),
	blockedTags: z.array(z.string()).optional(),
});

/** A server's moderation policy, kept in its guild settings under `policy`. */
export type GuildPolicy = z.output<typeof policySchema>;

/** The server's policy; a server that never set one has the defaults (an empty policy). */
export async function policyOf(ctx: AppContext, guildId: string): Promise<GuildPolicy> {
	const settings = await ctx.store.guilds.get(guildId);
	return readPolicy(ctx, guildId, settings?.policy);
}

/**
 * A stored policy, read tolerantly: a record that no longer fits (a damaged row, a downgrade)
 * must not lock a whole server out of every command, so it reads as the defaults and the log
 * says so loudly; the next /setup change writes a good one.
 */
function readPolicy(ctx: AppContext, guildId: string, stored: unknown): GuildPolicy {
	const parsed = policySchema.safeParse(stored ?? {});
	if (parsed.success) return parsed.data;
	ctx.logger.error(
		{ guildId, issues: parsed.error.issues.map((issue) => issue.path.join('.')) },
		'stored policy unreadable; using the defaults',
	);
	return policySchema.parse({});
}

/** Changes the server's policy and keeps the rest of its settings; resolves to the new policy. */
export async function updatePolicy(
	ctx: AppContext,
	guildId: string,
	change: (policy: GuildPolicy) => GuildPolicy,
): Promise<GuildPolicy> {
	const settings = (await ctx.store.guilds.get(guildId)) ?? {};
	const policy = change(readPolicy(ctx, guildId, settings.policy));
	await ctx.store.guilds.set(guildId, { ...settings, policy });
	return policy;
}

/** The server's NSFW mode; `age-restricted` unless an admin turned NSFW off. */
export async function nsfwModeOf(ctx: AppContext, guildId: string): Promise<NsfwMode> {
	return (await policyOf(ctx, guildId)).nsfw ?? 'age-restricted';
}
