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

function isSealed(value: unknown): value is SealedToken {
	if (typeof value !== 'object' || value === null) return false;
	const record = value as Record<string, unknown>;
	return record.v === 1 && ['kid', 'iv', 'tag', 'data'].every((field) => typeof record[field] === 'string');
}

/** Every sealed token in a record, wherever it sits (`token`, `interaction.token`, …). */
function sealedIn(value: unknown): SealedToken[] {
	if (isSealed(value)) return [value];
	if (typeof value !== 'object' || value === null) return [];
	return Object.values(value).flatMap(sealedIn);
}

/** The record with every sealed token in it re-sealed under the vault's current key. */
function resealed(value: unknown, vault: TokenVault): unknown {
	if (isSealed(value)) return vault.isCurrent(value) ? value : vault.seal(vault.open(value));
	if (Array.isArray(value)) return value.map((item) => resealed(item, vault));
	if (typeof value !== 'object' || value === null) return value;
	return Object.fromEntries(Object.entries(value).map(([field, inner]) => [field, resealed(inner, vault)]));
}

async function keysWithTokens(namespace: Namespace<object>): Promise<string[]> {
	const keys: string[] = [];
	for await (const [key, value] of namespace.entries()) {
		if (sealedIn(value).length > 0) keys.push(key);
	}
	return keys;
}

async function rotateOne(
	namespace: Namespace<object>,
	key: string,
	vault: TokenVault,
	logger: Logger,
	ttlMs?: number,
): Promise<Outcome | undefined> {
	// Read again just before writing, to keep the window for a concurrent change small.
	const record = await namespace.get(key);
	const sealed = sealedIn(record);
	if (!record || sealed.length === 0) return undefined;
	if (sealed.every((token) => vault.isCurrent(token))) return 'alreadyCurrent';

	try {
		await namespace.set(key, resealed(record, vault) as object, ttlMs);
		return 'moved';
	} catch (error) {
		if (!(error instanceof VaultError)) throw error;
		logger.warn({ namespace: namespace.name, key, reason: error.reason }, 'a stored token opens with neither key');
		return 'failed';
	}
}

// Generation jobs keep the sealed interaction token that answers the member; they live 30 days.
const JOB_TTL_MS = 30 * 86_400_000;

/**
 * Re-encrypts every stored token — guilds' and members' Rostro tokens, and the interaction tokens
 * kept with generation jobs — from `fromKey` to `toKey`; running it twice moves nothing more.
 */
export async function rotateSecret(
	store: Store,
	fromKey: Buffer,
	toKey: Buffer,
	logger: Logger,
): Promise<RotationReport> {
	const vault = new TokenVault(toKey, fromKey);
	const report: RotationReport = { moved: 0, alreadyCurrent: 0, failed: 0 };

	const namespaces: [Namespace<object>, number | undefined][] = [
		[store.guilds, undefined],
		[store.members, undefined],
		[store.jobs, JOB_TTL_MS],
	];
	for (const [namespace, ttlMs] of namespaces) {
		for (const key of await keysWithTokens(namespace)) {
			const outcome = await rotateOne(namespace, key, vault, logger, ttlMs);
			if (outcome) report[outcome] += 1;
		}
	}

	logger.info({ ...report, keyId: vault.keyId }, 'token secret rotated');
	return report;
}
