import { ConfigError, loadConfig, loadDotEnv, unsetEmptySettings } from './config.js';
import { createLogger } from './log.js';

/** Prints configuration problems one per line, without a stack trace, and exits non-zero. */
function exitWithConfigProblems(error: ConfigError): never {
	console.error('rostro-bot cannot start; fix these settings (see .env.example):');
	for (const problem of error.problems) console.error(`  ${problem}`);
	process.exit(1);
}

async function main(): Promise<void> {
	unsetEmptySettings();
	loadDotEnv();
	let config: ReturnType<typeof loadConfig>;
	try {
		config = loadConfig(process.env, ['DISCORD_TOKEN']);
	} catch (error) {
		if (error instanceof ConfigError) exitWithConfigProblems(error);
		throw error;
	}

	const logger = createLogger(config.logLevel);
	process.on('unhandledRejection', (reason) =>
		logger.error({ err: reason, event: 'unhandledRejection' }, 'unhandled rejection'),
	);

	// Loaded only now, so a configuration problem is reported without loading discord.js and storage.
	const [{ startBot }, { describeStartFailure, StartupError }] = await Promise.all([
		import('./bot.js'),
		import('./startup.js'),
	]);
	const bot = await startBot(config, logger).catch((error: unknown) => {
		// The sentence says what failed and what to do; the stack is for whoever runs with LOG_LEVEL=debug.
		const reason = describeStartFailure(error);
		logger.debug({ err: error }, 'start-up failure in detail');
		logger.fatal({ step: error instanceof StartupError ? error.step : undefined, reason }, 'could not start');
		console.error(`rostro-bot cannot start: ${reason}`);
		process.exit(1);
	});

	let stopping = false;
	const shutdown = (signal: NodeJS.Signals) => {
		if (stopping) {
			logger.warn({ signal }, 'second signal: stopping at once');
			process.exit(1);
		}
		stopping = true;
		logger.info({ signal }, 'shutting down');
		bot
			.stop()
			.then(() => process.exit(0))
			.catch((error: unknown) => {
				logger.error({ err: error }, 'shutdown failed');
				process.exit(1);
			});
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
}

await main();
