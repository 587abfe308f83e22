import type { Interaction } from 'discord.js';
import type { AppContext } from '../app-context.js';
import type { RostroClient } from '../rostro/index.js';
import type { SealedToken } from '../store/index.js';
import { VaultError } from '../store/vault.js';
import { UserError } from './user-error.js';

/** Whose Rostro token a command runs with. */
export type TokenSource = 'member' | 'guild' | 'public';

export interface ResolvedRostro {
	rostro: RostroClient;
	source: TokenSource;
}

// Remembered per interaction so the error reply can say whose token Rostro rejected.
const sources = new WeakMap<Interaction, TokenSource>();

/** Whose token the interaction's Rostro calls used, once resolved. */
export function tokenSourceOf(interaction: Interaction): TokenSource | undefined {
	return sources.get(interaction);
}

function openToken(ctx: AppContext, sealed: SealedToken, source: 'member' | 'guild'): string {
	try {
		return ctx.store.vault.open(sealed);
	} catch (error) {
		if (!(error instanceof VaultError)) throw error;
		// Expected after a change of ROSTRO_BOT_SECRET: the reason in one line, no stack.
		ctx.logger.warn({ reason: error.reason, source }, 'a stored token could not be decrypted');
		throw new UserError(
			'token-unreadable',
			source === 'member'
				? 'Your linked Rostro token can no longer be read; run /account link again.'
				: "This server's Rostro token can no longer be read; an admin must run /setup token again.",
		);
	}
}

/** The member's own linked token, opened, if they linked one. */
export async function memberToken(ctx: AppContext, userId: string): Promise<string | undefined> {
	const sealed = (await ctx.store.members.get(userId))?.token;
	return sealed ? openToken(ctx, sealed, 'member') : undefined;
}

/** The server's token, opened, if an admin set one. */
export async function guildToken(ctx: AppContext, guildId: string | null): Promise<string | undefined> {
	if (!guildId) return undefined;
	const sealed = (await ctx.store.guilds.get(guildId))?.token;
	return sealed ? openToken(ctx, sealed, 'guild') : undefined;
}

/** The stored records a token is picked from: the member's and the server's. */
export interface TokenRecords {
	member?: { token?: SealedToken | undefined } | undefined;
	guild?: { token?: SealedToken | undefined } | undefined;
}

/** `rostroFor` from records already read, for a command that needs them for more than the token. */
export function rostroFromRecords(
	ctx: AppContext,
	userId: string,
	guildId: string | null,
	records: TokenRecords,
): (ResolvedRostro & { payer: string }) | undefined {
	const own = records.member?.token;
	if (own) {
		const rostro = ctx.rostro.withToken(openToken(ctx, own, 'member'));
		return { rostro, source: 'member', payer: `member:${userId}` };
	}

	const server = guildId ? records.guild?.token : undefined;
	if (server) {
		const rostro = ctx.rostro.withToken(openToken(ctx, server, 'guild'));
		return { rostro, source: 'guild', payer: `guild:${guildId}` };
	}
	return undefined;
}

/** The member's linked token, else the server's, bound to a client; undefined when neither is set. */
export async function rostroFor(
	ctx: AppContext,
	userId: string,
	guildId: string | null,
): Promise<(ResolvedRostro & { payer: string }) | undefined> {
	const member = await ctx.store.members.get(userId);
	if (member?.token) return rostroFromRecords(ctx, userId, guildId, { member });

	const guild = guildId ? await ctx.store.guilds.get(guildId) : undefined;
	return rostroFromRecords(ctx, userId, guildId, { guild });
}

/** Remembers whose token an interaction runs with, for the error reply, when it was picked by hand. */
export function noteTokenSource(interaction: Interaction, source: TokenSource): void {
	sources.set(interaction, source);
}

/**
 * Picks the Rostro account an interaction runs as: the member's linked token, else the server's,
 * else an anonymous client where Rostro allows public reads, else a clear refusal.
 */
export async function resolveRostro(
	interaction: Interaction,
	ctx: AppContext,
	{ allowPublic = false } = {},
): Promise<ResolvedRostro> {
	const resolved = await pickToken(interaction, ctx, allowPublic);
	sources.set(interaction, resolved.source);
	return resolved;
}

async function pickToken(interaction: Interaction, ctx: AppContext, allowPublic: boolean): Promise<ResolvedRostro> {
	const resolved = await rostroFor(ctx, interaction.user.id, interaction.guildId);
	if (resolved) return resolved;

	if (allowPublic) return { rostro: ctx.rostro, source: 'public' };
	throw new UserError('no-token', 'This server is not connected to Rostro yet; an admin must run /setup token.');
}
