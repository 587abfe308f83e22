import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import type { Namespace } from '../store/index.js';

const turnSchema = z.object({
	role: z.enum(['user', 'assistant']),
	/**
	 * The name the line was spoken under: a member's persona name in this server when they had one
	 * as it was heard (else their display name), or the character's. Kept as it was when stored.
	 */
	speaker: z.string(),
	/** The member's user id; absent on the character's turns. */
	userId: z.string().optional(),
	text: z.string(),
	/** The token count, kept so a long history is not counted again on every reply. */
	tokens: z.number().int().nonnegative().optional(),
});

const replySchema = z.object({
	/** The Discord messages the reply was posted as. */
	messageIds: z.array(z.string()),
	/** Every generated version of the reply (Regenerate adds one); `index` is the one shown. */
	alternatives: z.array(z.string()).min(1),
	index: z.number().int().nonnegative(),
	/** Who caused the reply (the member whose message it answers). */
	causedBy: z.string(),
});

export const chatSessionSchema = z.object({
	guildId: z.string(),
	/** The text or forum channel the thread lives in; its webhook speaks in the thread. */
	channelId: z.string(),
	threadId: z.string(),
	character: z.object({
		id: z.number().int(),
		fullPath: z.string(),
		/** The name used in chat (the definition's), not always the project's. */
		name: z.string(),
		avatarUrl: z.string().optional(),
		nsfw: z.boolean(),
	}),
	model: z.string(),
	history: z.array(turnSchema),
	/** User ids of members who spoke or started the chat. */
	participants: z.array(z.string()),
	startedBy: z.string(),
	private: z.boolean(),
	createdAt: z.number(),
	updatedAt: z.number(),
	lastReply: replySchema.optional(),
	/** How many of the oldest turns no longer fit the model's context, as last said in the thread. */
	forgotten: z.number().int().nonnegative().optional(),
	/** When `/chat end` ended the chat: its thread is archived, and commands there only say so. */
	endedAt: z.number().optional(),
});

export type ChatSession = z.infer<typeof chatSessionSchema>;
export type Turn = z.infer<typeof turnSchema>;

/** Chat sessions keyed by thread id, read back with their schema. */
export function chatSessions(ctx: AppContext): Namespace<ChatSession> {
	return ctx.store.sessions.withSchema(chatSessionSchema);
}

/**
 * Saves a session, touched now: it lives `ROSTRO_BOT_CHAT_RETENTION_DAYS` from this save, so a
 * chat nobody uses is deleted by the store on its own.
 */
export async function saveSession(ctx: AppContext, session: ChatSession): Promise<void> {
	const touched = { ...session, updatedAt: Date.now() };
	await chatSessions(ctx).set(session.threadId, touched, ctx.config.chat.retentionDays * 86_400_000);
}
