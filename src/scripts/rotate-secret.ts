// npm run rotate-secret: re-encrypts every stored token from ROSTRO_BOT_SECRET_PREVIOUS to ROSTRO_BOT_SECRET.
import { createLogger } from '../log.js';
import { openStore } from '../store/index.js';
import { rotateSecret } from '../store/rotate.js';
import { configForScript, runScript } from './cli.js';

runScript(async () => {
	const config = configForScript(['ROSTRO_BOT_SECRET_PREVIOUS']);
	const { secret, previousSecret } = config;
	if (!secret || !previousSecret) {
		console.error('Fix these settings first (see .env.example):');
		console.error('  ROSTRO_BOT_SECRET: missing; expected the new secret to rotate to (openssl rand -hex 32)');
		process.exit(1);
	}

	const logger = createLogger(config.logLevel);
	const store = await openStore(config, logger);
	try {
		const { moved, alreadyCurrent, failed } = await rotateSecret(store, previousSecret, secret, logger);
		console.log(`Re-encrypted ${moved} token(s) under the new secret; ${alreadyCurrent} already used it.`);
		if (failed > 0) {
			console.error(
				`${failed} token(s) open with neither secret. Check ROSTRO_BOT_SECRET_PREVIOUS first: it must be the ` +
					'secret they were stored with. Only if no secret opens them must their servers or members set them again.',
			);
			process.exitCode = 1;
		}
	} finally {
		await store.close();
	}
});
