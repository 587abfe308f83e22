import type { SealedToken } from './vault.js';

// The values below name only the fields the storage layer itself relies on. A feature that keeps
// more either adds them here or reads its namespace through `withSchema` with a shape of its own.

/** The Rostro account a token belongs to, remembered beside the token. */
export interface StoredAccount {
	id: number | string;
	userName: string;
}

/** A server's settings, keyed by guild id. */
export interface GuildSettings {
	token?: SealedToken;
	account?: StoredAccount;
	chatModel?: string;
	policy?: Record<string, unknown>;
}

/** How a member presents themselves in one server's roleplay. */
export interface Persona {
	name: string;
	description: string;
}

/** A member's settings, keyed by user id; they follow the member into every server. */
export interface MemberSettings {
	token?: SealedToken;
	account?: StoredAccount;
	/** Keyed by guild id. */
	personas?: Record<string, Persona>;
}

/** A value that belongs to one server, so forgetting the server deletes it. */
export interface GuildScoped {
	guildId: string;
}

/** A chat session, keyed by thread id. */
export interface SessionRecord extends GuildScoped {}

/** A generation job in flight, keyed by job id. */
export interface JobRecord extends GuildScoped {}

/** The state behind a button or menu, keyed by the component's custom id. */
export interface ComponentState {
	guildId?: string;
}

/** Who caused a message the bot posted, keyed by message id. */
export interface PostedRecord extends GuildScoped {
	userId: string;
	/** When it was posted, in ms since the epoch. */
	at: number;
}
