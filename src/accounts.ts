import type { AppContext } from './app-context.js';
import { UserError } from './discord/user-error.js';
import { RostroForbiddenError, RostroUnauthorizedError } from './rostro/errors.js';

/** The Rostro account a token belongs to, as the bot remembers it beside the token. */
export interface LinkedAccount {
	id: number | string;
	userName: string;
}

// Rostro API tokens are opaque; this only keeps pasted essays and binary junk out of the vault.
const TOKEN_SHAPE = /^[\x21-\x7e]{8,512}$/;

/** Asks Rostro whose token this is; refuses a malformed or rejected token with a clear sentence. */
export async function verifyToken(ctx: AppContext, pasted: string): Promise<{ token: string; account: LinkedAccount }> {
	const token = pasted.trim().replace(/^Bearer\s+/i, '');
	if (!TOKEN_SHAPE.test(token)) {
		throw new UserError('token-malformed', 'That does not look like a Rostro API token, so nothing was stored.');
	}

	try {
		const self = await ctx.rostro.account.self({ token });
		return { token, account: { id: self.id, userName: self.userName } };
	} catch (error) {
		if (error instanceof RostroUnauthorizedError || error instanceof RostroForbiddenError) {
			throw new UserError(
				'token-rejected',
				'Rostro did not accept that token, so nothing was stored. Copy it again from your Rostro account and retry.',
			);
		}
		throw error;
	}
}

/** Verifies a token and stores it, encrypted, as the server's. */
export async function connectGuild(ctx: AppContext, guildId: string, pasted: string): Promise<LinkedAccount> {
	const { token, account } = await verifyToken(ctx, pasted);
	const settings = (await ctx.store.guilds.get(guildId)) ?? {};
	await ctx.store.guilds.set(guildId, { ...settings, token: ctx.store.vault.seal(token), account });
	return account;
}

/** Forgets the server's token, keeping its other settings. */
export async function disconnectGuild(ctx: AppContext, guildId: string): Promise<boolean> {
	const settings = await ctx.store.guilds.get(guildId);
	if (!settings?.token) return false;

	const { token: _token, account: _account, ...rest } = settings;
	await ctx.store.guilds.set(guildId, rest);
	return true;
}

/** Verifies a member's personal token and stores it, encrypted, for every server. */
export async function linkMember(ctx: AppContext, userId: string, pasted: string): Promise<LinkedAccount> {
	const { token, account } = await verifyToken(ctx, pasted);
	const settings = (await ctx.store.members.get(userId)) ?? {};
	await ctx.store.members.set(userId, { ...settings, token: ctx.store.vault.seal(token), account });
	return account;
}

/** Forgets a member's personal token, keeping their personas. */
export async function unlinkMember(ctx: AppContext, userId: string): Promise<boolean> {
	const settings = await ctx.store.members.get(userId);
	if (!settings?.token) return false;

	const { token: _token, account: _account, ...rest } = settings;
	await ctx.store.members.set(userId, rest);
	return true;
}
