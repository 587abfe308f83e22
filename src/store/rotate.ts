import type { Logger } from '../log.js';
import type { Store } from './index.js';
import type { Namespace } from './namespace.js';
import { type SealedToken, TokenVault, VaultError } from './vault.js';

/** What a rotation did: tokens re-sealed, tokens already under the new key, tokens neither key opens. */
export interface RotationReport {
	moved: number;
	alreadyCurrent: number;
	failed: number;
}

type Outcome = keyof RotationReport;

async function keysWithTokens(namespace: Namespace<{ token?: SealedToken }>): Promise<string[]> {
	const keys: string[] = [];
	for await (const [key, value] of namespace.entries()) {
		if (value.token) keys.push(key);
	}
	return keys;
}

async function rotateOne(
	namespace: Namespace<{ token?: SealedToken }>,
	key: string,
	vault: TokenVault,
	logger: Logger,
): Promise<Outcome | undefined> {
	// Read again just before writing, to keep the window for a concurrent change small.
	const record = await namespace.get(key);
	if (!record?.token) return undefined;
	if (vault.isCurrent(record.token)) return 'alreadyCurrent';

	try {
		const token = vault.open(record.token);
		await namespace.set(key, { ...record, token: vault.seal(token) });
		return 'moved';
	} catch (error) {
		if (!(error instanceof VaultError)) throw error;
		logger.warn({ namespace: namespace.name, key, reason: error.reason }, 'a stored token opens with neither key');
		return 'failed';
	}
}

/** Re-encrypts every stored guild and member token from `fromKey` to `toKey`; running it twice moves nothing more. */
export async function rotateSecret(
	store: Store,
	fromKey: Buffer,
	toKey: Buffer,
	logger: Logger,
): Promise<RotationReport> {
	const vault = new TokenVault(toKey, fromKey);
	const report: RotationReport = { moved: 0, alreadyCurrent: 0, failed: 0 };

	for (const namespace of [store.guilds, store.members]) {
		for (const key of await keysWithTokens(namespace)) {
			const outcome = await rotateOne(namespace, key, vault, logger);
			if (outcome) report[outcome] += 1;
		}
	}

	logger.info({ ...report, keyId: vault.keyId }, 'token secret rotated');
	return report;
}
