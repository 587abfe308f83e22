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

/** The seconds `/setup cooldown` takes, as its option declares; 0 removes the cooldown. */
export const COOLDOWN_SECONDS = { min: 0, max: 86_400 } as const;
/** The uses a day `/setup quota` takes, as its option declares; 0 removes the quota. */
export const DAILY_USES = { min: 0, max: 10_000 } as const;

const featureLimitsSchema = z.object({
	cooldownSeconds: z.number().int().positive().max(COOLDOWN_SECONDS.max).optional(),
	daily: z.number().int().positive().max(DAILY_USES.max).optional(),
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

type Path = readonly PropertyKey[];

/** The paths a schema issue points at: the bad value, or each key a record does not know. */
function issuePaths(issue: z.core.$ZodIssue): Path[] {
	if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => [...issue.path, key]);
	return [issue.path];
}

function isContainer(value: unknown): value is Record<PropertyKey, unknown> {
	return typeof value === 'object' && value !== null;
}

/**
 * Removes what a path points at from a stored record: an array item, or an object's key; when
 * the value there is missing (a required field), the object that needs it goes instead.
 * Resolves to the path removed, or undefined when nothing was left to remove.
 */
function removeAt(record: unknown, path: Path): Path | undefined {
	if (path.length === 0) return undefined;

	const parentPath = path.slice(0, -1);
	const parent = parentPath.reduce<unknown>((node, key) => (isContainer(node) ? node[key] : undefined), record);
	const key = path.at(-1) as PropertyKey;
	if (!isContainer(parent)) return undefined;
	if (parent[key] === undefined) return removeAt(record, parentPath);

	if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
	else delete parent[key];
	return path;
}

const MAX_REPAIRS = 20; // rounds of removal; each removes every bad value the schema names

/**
 * A stored policy, read tolerantly: a value that no longer fits (a damaged row, a downgrade, a
 * bug that stored a bad limit) is dropped and logged with its path, and the rest of the policy
 * is kept, so one bad field can neither lock a server out nor lift all its restrictions. The
 * next /setup change stores the repaired policy.
 */
function readPolicy(ctx: AppContext, guildId: string, stored: unknown): GuildPolicy {
	const record: unknown = structuredClone(stored ?? {});
	const dropped: string[] = [];
	for (let round = 0; round < MAX_REPAIRS; round++) {
		const parsed = policySchema.safeParse(record);
		if (parsed.success) {
			if (dropped.length > 0)
				ctx.logger.error({ guildId, dropped }, 'stored policy had unreadable fields; they were dropped');
			return parsed.data;
		}
		// From the last issue back, so removing an array item leaves the indexes still to visit in place.
		const removed = parsed.error.issues
			.flatMap(issuePaths)
			.reverse()
			.map((path) => removeAt(record, path))
			.filter((path) => path !== undefined);
		if (removed.length === 0) break;
		dropped.push(...removed.map((path) => path.map(String).join('.')));
	}
	ctx.logger.error({ guildId, dropped }, 'stored policy unreadable; using the defaults');
	return policySchema.parse({});
}

/**
 * Changes the server's policy and keeps the rest of its settings; resolves to the new policy.
 * A change that does not fit the schema is a bug in its caller: it throws, and nothing is stored
 * that a later read would have to drop.
 */
export async function updatePolicy(
	ctx: AppContext,
	guildId: string,
	change: (policy: GuildPolicy) => GuildPolicy,
): Promise<GuildPolicy> {
	const settings = (await ctx.store.guilds.get(guildId)) ?? {};
	const checked = policySchema.safeParse(change(readPolicy(ctx, guildId, settings.policy)));
	if (!checked.success) {
		const fields = checked.error.issues.map((issue) => issue.path.map(String).join('.'));
		throw new Error(`refusing to store a policy with invalid fields: ${fields.join(', ')}`);
	}
	await ctx.store.guilds.set(guildId, { ...settings, policy: checked.data });
	return checked.data;
}

/** The server's NSFW mode; `age-restricted` unless an admin turned NSFW off. */
export async function nsfwModeOf(ctx: AppContext, guildId: string): Promise<NsfwMode> {
	return (await policyOf(ctx, guildId)).nsfw ?? 'age-restricted';
}
