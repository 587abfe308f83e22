import type { Logger } from '../log.js';
import type { Store } from './index.js';
import type { SealedToken } from './vault.js';
import { VaultError } from './vault.js';

const SAMPLE = 25;

/**
 * Tries a few stored tokens at start-up, so a wrong ROSTRO_BOT_SECRET shows in the log at once
 * rather than as "run /setup token again" in every server later. Resolves with how many of the
 * tokens tried could not be opened.
 */
export async function checkSecret(store: Store, logger: Logger): Promise<number> {
	let tried = 0;
	let unreadable = 0;
	for (const namespace of [store.guilds, store.members]) {
		for await (const [, value] of namespace.entries()) {
			const token = (value as { token?: SealedToken }).token;
			if (!token) continue;
			if (tried++ >= SAMPLE) break;
			try {
				store.vault.open(token);
			} catch (error) {
				if (!(error instanceof VaultError)) throw error;
				unreadable++;
			}
		}
	}

	if (unreadable > 0) {
		logger.error(
			{ unreadable, tried: Math.min(tried, SAMPLE) },
			'stored tokens do not open with ROSTRO_BOT_SECRET: set it to the secret they were stored with ' +
				'(or rotate with npm run rotate-secret); until then admins must run /setup token again',
		);
	}
	return unreadable;
}
