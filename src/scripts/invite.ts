import { inviteUrl } from '../discord/invite.js';
import { configForScript, runScript } from './cli.js';

runScript(async () => {
	const config = configForScript(['DISCORD_APPLICATION_ID']);
	console.log(inviteUrl(config.discord.applicationId as string));
});
