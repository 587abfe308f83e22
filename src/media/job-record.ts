import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import type { Namespace } from '../store/index.js';
import { aspects, mediaKinds } from './kinds.js';

const sealedSchema = z.object({ v: z.literal(1), kid: z.string(), iv: z.string(), tag: z.string(), data: z.string() });

/** How the job was made: a new prompt, a variation of a result, or an upscale of one. */
export const operations = ['imagine', 'variation', 'upscale'] as const;

const resultSchema = z.object({
	/** Where Rostro serves it; variations, upscales and gallery saves read it from here. */
	mediaUrl: z.string(),
	/** The copy Discord hosts, when it was attached. */
	attachmentUrl: z.string().optional(),
	contentType: z.string().optional(),
	messageId: z.string().optional(),
	channelId: z.string(),
	linked: z.boolean(),
});

/**
 * A generation made through the bot, in the `jobs` namespace under its id. It holds what is
 * needed to finish it after a restart and to serve its buttons later: never a Rostro token,
 * only whose token it ran with (resolved again when polling resumes). The interaction token
 * that answers the member is sealed like a Rostro token.
 */
export const mediaJobSchema = z.object({
	feature: z.literal('imagine'),
	id: z.string(),
	guildId: z.string(),
	channelId: z.string(),
	userId: z.string(),
	/** How the channel fallback names the requester, without a mention. */
	userName: z.string(),
	applicationId: z.string(),
	interaction: z.object({ token: sealedSchema, expiresAt: z.number(), placeholderId: z.string().optional() }),
	uploadLimit: z.number(),
	rostroUuid: z.string(),
	source: z.enum(['member', 'guild']),
	operation: z.enum(operations),
	/** The image a variation or upscale starts from. */
	sourceImage: z.string().optional(),
	kind: z.enum(mediaKinds),
	prompt: z.string(),
	aspect: z.enum(Object.keys(aspects) as [keyof typeof aspects]).optional(),
	model: z.string().optional(),
	startedAt: z.number(),
	status: z.enum(['pending', 'done']),
	result: resultSchema.optional(),
});

export type MediaJob = z.output<typeof mediaJobSchema>;
export type MediaResult = z.output<typeof resultSchema>;

/** How long a finished job's buttons keep working. */
export const FINISHED_JOB_TTL_MS = 30 * 24 * 60 * 60_000;

/** The imagine records of the `jobs` namespace; other features may keep jobs of their own there. */
export function mediaJobs(ctx: Pick<AppContext, 'store'>): Namespace<MediaJob> {
	return ctx.store.jobs.withSchema(mediaJobSchema);
}

/** A finished or pending job by id; undefined when it is unknown, expired or another feature's. */
export async function findJob(ctx: Pick<AppContext, 'store'>, id: string): Promise<MediaJob | undefined> {
	const raw = await ctx.store.jobs.get(id);
	const parsed = mediaJobSchema.safeParse(raw);
	return parsed.success ? parsed.data : undefined;
}

/** Every unfinished imagine job of the given guilds, read past records of other features. */
export async function pendingJobs(ctx: Pick<AppContext, 'store'>, guildIds: Set<string>): Promise<MediaJob[]> {
	const pending: MediaJob[] = [];
	for await (const [, raw] of ctx.store.jobs.entries()) {
		const parsed = mediaJobSchema.safeParse(raw);
		if (parsed.success && parsed.data.status === 'pending' && guildIds.has(parsed.data.guildId)) {
			pending.push(parsed.data);
		}
	}
	return pending;
}
