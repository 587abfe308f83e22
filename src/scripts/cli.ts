import { type Config, ConfigError, loadConfig, loadDotEnv, type Requirement, unsetEmptySettings } from '../config.js';

/** Loads `.env` and the configuration for a command-line script; on problems prints one per line and exits 1. */
export function configForScript(requirements: Requirement[]): Config {
	unsetEmptySettings();
	loadDotEnv();
	try {
		return loadConfig(process.env, requirements);
	} catch (error) {
		if (!(error instanceof ConfigError)) throw error;
		console.error('Fix these settings first (see .env.example):');
		for (const problem of error.problems) console.error(`  ${problem}`);
		process.exit(1);
	}
}

/** Runs a script's main function; an error ends it with one line and exit code 1, not a stack trace. */
export function runScript(main: () => Promise<void>): void {
	main().catch((error: unknown) => {
		console.error(error instanceof Error ? error.message : String(error));
		process.exit(1);
	});
}
