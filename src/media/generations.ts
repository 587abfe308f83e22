import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import type { Namespace } from '../store/index.js';
import { mediaKinds } from './kinds.js';

const generationSchema = z.object({
	jobId: z.string(),
	kind: z.enum(mediaKinds),
	prompt: z.string(),
	/** When it was delivered, in ms since the epoch. */
	at: z.number(),
	channelId: z.string(),
	messageId: z.string().optional(),
	mediaUrl: z.string(),
});

const listSchema = z.object({ guildId: z.string(), userId: z.string(), items: z.array(generationSchema) });

/** One delivered generation, as `/gallery mine` lists it. */
export type Generation = z.output<typeof generationSchema>;
type GenerationList = z.output<typeof listSchema>;

/** The most a member's list keeps per server; older entries fall off. */
export const MAX_GENERATIONS = 100;

/** The namespace of members' generation lists (opening it also lets `forgetGuild` see it). */
export function generations(ctx: Pick<AppContext, 'store'>): Namespace<GenerationList> {
	return ctx.store.namespace('generations').withSchema(listSchema);
}

const keyOf = (guildId: string, userId: string) => `${guildId}:${userId}`;

// Read-modify-write of one member's list is serialized here: a guild lives on one shard, so one
// process is the only writer of its lists.
const writes = new Map<string, Promise<unknown>>();

async function update(
	ctx: Pick<AppContext, 'store'>,
	guildId: string,
	userId: string,
	change: (items: Generation[]) => Generation[],
) {
	const key = keyOf(guildId, userId);
	const previous = writes.get(key) ?? Promise.resolve();
	const next = previous
		.catch(() => undefined)
		.then(async () => {
			const list = await generations(ctx).get(key);
			const items = change(list?.items ?? []).slice(0, MAX_GENERATIONS);
			await generations(ctx).set(key, { guildId, userId, items });
		});
	writes.set(key, next);
	try {
		await next;
	} finally {
		if (writes.get(key) === next) writes.delete(key);
	}
}

/** Records a delivered generation at the top of the member's list for this server. */
export function recordGeneration(ctx: Pick<AppContext, 'store'>, guildId: string, userId: string, item: Generation) {
	return update(ctx, guildId, userId, (items) => [item, ...items.filter((old) => old.jobId !== item.jobId)]);
}

/** Drops a generation whose message was deleted. */
export function forgetGeneration(ctx: Pick<AppContext, 'store'>, guildId: string, userId: string, jobId: string) {
	return update(ctx, guildId, userId, (items) => items.filter((item) => item.jobId !== jobId));
}

/** The member's generations in this server, newest first. */
export async function listGenerations(ctx: Pick<AppContext, 'store'>, guildId: string, userId: string) {
	return (await generations(ctx).get(keyOf(guildId, userId)))?.items ?? [];
}
