import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';

/** A Rostro token encrypted at rest: AES-256-GCM, every field base64 but `kid`, the id of the key. */
export interface SealedToken {
	v: 1;
	kid: string;
	iv: string;
	tag: string;
	data: string;
}

/** Why a sealed token could not be opened. */
export type VaultFailure = 'malformed' | 'unknown-key' | 'tampered';

/** A stored token that cannot be decrypted; its message tells the admin to set the token again. */
export class VaultError extends Error {
	constructor(
		readonly reason: VaultFailure,
		command: string,
	) {
		super(`${explanations[reason]}; run ${command} again to store it anew.`);
		this.name = 'VaultError';
	}
}

const explanations: Record<VaultFailure, string> = {
	malformed: 'The saved Rostro token is damaged and cannot be read',
	'unknown-key': 'The saved Rostro token was encrypted with a different ROSTRO_BOT_SECRET and cannot be read',
	tampered: 'The saved Rostro token was altered or encrypted with another secret and cannot be read',
};

const SECRET_BYTES = 32;
const IV_BYTES = 12; // the size GCM is specified for
const TAG_BYTES = 16;
const KEY_ID_LABEL = 'rostro-bot token vault key id';
const CIPHER_KEY_INFO = 'rostro-bot token vault v1';

const sealedTokenSchema = z.object({
	v: z.literal(1),
	kid: z.string(),
	iv: z.base64(),
	tag: z.base64(),
	data: z.base64(),
});

/** The public id of a secret: 8 hex characters of a labelled SHA-256, which reveals nothing of the key. */
export function keyIdOf(secret: Buffer): string {
	return createHash('sha256').update(KEY_ID_LABEL).update(secret).digest('hex').slice(0, 8);
}

interface VaultKey {
	id: string;
	cipherKey: Buffer;
}

function vaultKey(secret: Buffer): VaultKey {
	if (secret.length !== SECRET_BYTES) {
		throw new RangeError(`a vault secret must be ${SECRET_BYTES} bytes, not ${secret.length}`);
	}
	// The secret may come to serve other purposes; the cipher gets a key of its own.
	const cipherKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), CIPHER_KEY_INFO, SECRET_BYTES));
	return { id: keyIdOf(secret), cipherKey };
}

/** The id and version go into the authenticated data, so a record cannot be relabelled unnoticed. */
function associatedData(kid: string): Buffer {
	return Buffer.from(`v1:${kid}`);
}

/**
 * Tokens opened lately, by their sealed form: every command opens its server's or member's token,
 * and validating and decrypting cost about 0.1 ms each time under load. The process holds the key
 * that opens them all anyway, so keeping a few opened ones does not widen what it exposes.
 */
const OPENED_CACHE = { max: 1_000, ttl: 10 * 60_000 } as const;

/** Encrypts tokens under the current secret and opens those sealed under it or a previous one. */
export class TokenVault {
	readonly #current: VaultKey;
	readonly #keys: Map<string, VaultKey>;
	readonly #opened = new LRUCache<string, string>(OPENED_CACHE);

	/** A vault sealing under `secret`; `previous` secrets can still open what they sealed (during rotation). */
	constructor(secret: Buffer, ...previous: Buffer[]) {
		this.#current = vaultKey(secret);
		const all = [this.#current, ...previous.map(vaultKey)];
		this.#keys = new Map(all.map((key) => [key.id, key]));
	}

	/** The key id new tokens are sealed with. */
	get keyId(): string {
		return this.#current.id;
	}

	/** Encrypts a token with a fresh random IV. */
	seal(token: string): SealedToken {
		if (token.length === 0) throw new TypeError('refusing to seal an empty token');

		const iv = randomBytes(IV_BYTES);
		const kid = this.#current.id;
		const cipher = createCipheriv('aes-256-gcm', this.#current.cipherKey, iv, { authTagLength: TAG_BYTES });
		cipher.setAAD(associatedData(kid));
		const data = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);

		return {
			v: 1,
			kid,
			iv: iv.toString('base64'),
			tag: cipher.getAuthTag().toString('base64'),
			data: data.toString('base64'),
		};
	}

	/** Decrypts a sealed token; throws a VaultError naming `command` (the way to set it again) when it cannot. */
	open(sealed: SealedToken, command = '/setup token'): string {
		// Every field is part of the key: an altered record is never answered from the cache.
		const cacheKey = typeof sealed === 'object' && sealed !== null ? JSON.stringify(sealed) : undefined;
		const cached = cacheKey === undefined ? undefined : this.#opened.get(cacheKey);
		if (cached !== undefined) return cached;

		const token = this.#decrypt(sealed, command);
		if (cacheKey !== undefined) this.#opened.set(cacheKey, token);
		return token;
	}

	#decrypt(sealed: SealedToken, command: string): string {
		const parsed = sealedTokenSchema.safeParse(sealed);
		if (!parsed.success) throw new VaultError('malformed', command);

		const { kid, iv, tag, data } = parsed.data;
		const key = this.#keys.get(kid);
		if (!key) throw new VaultError('unknown-key', command);

		const ivBytes = Buffer.from(iv, 'base64');
		const tagBytes = Buffer.from(tag, 'base64');
		if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new VaultError('malformed', command);

		try {
			const decipher = createDecipheriv('aes-256-gcm', key.cipherKey, ivBytes, { authTagLength: TAG_BYTES });
			decipher.setAAD(associatedData(kid));
			decipher.setAuthTag(tagBytes);
			return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
		} catch {
			// GCM reports a failed authentication and nothing more; the cause is a change or a wrong key.
			throw new VaultError('tampered', command);
		}
	}

	/** Whether a sealed token is already under the current key (nothing to rotate). */
	isCurrent(sealed: SealedToken): boolean {
		return sealed.kid === this.#current.id;
	}
}
