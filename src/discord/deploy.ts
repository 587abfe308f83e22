import { REST, type RESTPutAPIApplicationCommandsResult, Routes } from 'discord.js';
import type { Config } from '../config.js';
import type { Command } from './command.js';

/** Where commands were registered, and how many. */
export interface DeployResult {
	scope: 'global' | { guildId: string };
	count: number;
}

/**
 * Registers every command with one bulk overwrite: in the development guild when one is set
 * (changes show at once), else globally. Run once per release, never at start-up.
 */
export async function deployCommands(config: Config, commands: Iterable<Command>): Promise<DeployResult> {
	const { token, applicationId, devGuildId, apiUrl } = config.discord;
	if (!token || !applicationId) throw new Error('DISCORD_TOKEN and DISCORD_APPLICATION_ID are required to deploy');

	const rest = new REST({ api: apiUrl }).setToken(token);
	const body = [...commands].map((command) => command.data);
	const route = devGuildId
		? Routes.applicationGuildCommands(applicationId, devGuildId)
		: Routes.applicationCommands(applicationId);
	const registered = (await rest.put(route, { body })) as RESTPutAPIApplicationCommandsResult;
	return { scope: devGuildId ? { guildId: devGuildId } : 'global', count: registered.length };
}
