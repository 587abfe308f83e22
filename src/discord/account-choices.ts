import type { AppContext } from '../app-context.js';
import type { RostroClient } from '../rostro/index.js';
import { AutocompleteCache, type AutocompleteCacheOptions } from './autocomplete.js';
import { guildToken, memberToken, rostroFor } from './tokens.js';

type AccountFetcher<T> = (rostro: RostroClient, signal: AbortSignal) => Promise<T[]>;

/**
 * Suggestions that belong to an account rather than to everyone (its voices, its projects),
 * behind an AutocompleteCache keyed by whose token pays (`member:<id>` or `guild:<id>`), so
 * two members of one server without tokens of their own share one entry.
 */
export class AccountChoices<T extends object> {
	readonly #cache: AutocompleteCache<T>;

	constructor(
		private readonly ctx: AppContext,
		fetcher: AccountFetcher<T>,
		options?: AutocompleteCacheOptions,
	) {
		this.#cache = new AutocompleteCache(async (payer, signal) => {
			const rostro = await this.#clientOf(payer);
			return rostro ? fetcher(rostro, signal) : [];
		}, options);
	}

	/** What the account a member's commands use here offers; empty when there is no such account. */
	async lookup(userId: string, guildId: string | null): Promise<T[]> {
		// A stored token that cannot be opened offers nothing here; the command itself says why.
		const resolved = await rostroFor(this.ctx, userId, guildId).catch(() => undefined);
		return resolved ? this.#cache.lookup(resolved.payer) : [];
	}

	async #clientOf(payer: string): Promise<RostroClient | undefined> {
		const [source, id = ''] = payer.split(':');
		const token = source === 'member' ? await memberToken(this.ctx, id) : await guildToken(this.ctx, id);
		return token ? this.ctx.rostro.withToken(token) : undefined;
	}
}
