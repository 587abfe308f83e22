import { deployCommands } from '../discord/deploy.js';
import { loadCommands } from '../discord/loader.js';
import { configForScript, runScript } from './cli.js';

runScript(async () => {
	const config = configForScript(['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID']);
	const commands = await loadCommands();
	const result = await deployCommands(config, commands.values());
	const where = result.scope === 'global' ? 'globally' : `in guild ${result.scope.guildId}`;
	console.log(`Registered ${result.count} commands ${where}.`);
});
