import { DiscordAPIError } from 'discord.js';
import type { Config } from '../config.js';
import { deployCommands } from '../discord/deploy.js';
import { loadCommands } from '../discord/loader.js';
import { configForScript, runScript } from './cli.js';

/** What went wrong with a deploy, in terms of the settings an admin can change. */
function explain(error: unknown, config: Config): Error {
	if (!(error instanceof DiscordAPIError)) return error instanceof Error ? error : new Error(String(error));
	if (error.status === 401) {
		return new Error(
			'Discord rejected DISCORD_TOKEN; reset the token in the Developer Portal (Bot page) and update .env.',
		);
	}
	if (error.code === 50001 && config.discord.devGuildId) {
		return new Error(
			`The bot is not in the server DISCORD_DEV_GUILD_ID names (${config.discord.devGuildId}); ` +
				'add it with the link from `npm run invite`, then deploy again.',
		);
	}
	if (error.status === 403 || error.status === 404) {
		return new Error(
			`Discord refused (${error.message}); check that DISCORD_APPLICATION_ID belongs to this bot's token.`,
		);
	}
	return new Error(`Discord refused the commands: ${error.message}`);
}

runScript(async () => {
	const config = configForScript(['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID']);
	const commands = await loadCommands();
	const result = await deployCommands(config, commands.values()).catch((error: unknown) => {
		throw explain(error, config);
	});
	const where = result.scope === 'global' ? 'globally' : `in guild ${result.scope.guildId}`;
	console.log(`Registered ${result.count} commands ${where}.`);
});
