import { fileURLToPath } from 'node:url';
import { REST, type RESTGetAPIGatewayBotResult, Routes, ShardingManager } from 'discord.js';
import type { Config } from '../config.js';
import { configForScript, runScript } from './cli.js';

const botEntry = fileURLToPath(new URL('../index.js', import.meta.url));

/**
 * How many shards Discord recommends, asked through DISCORD_API_URL: discord.js's own helper
 * always asks discord.com, which a REST proxy or a test double would not see.
 */
async function recommendedShards(config: Config): Promise<number> {
	const rest = new REST({ api: config.discord.apiUrl }).setToken(config.discord.token as string);
	const gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
	return gateway.shards;
}

runScript(async () => {
	const config = configForScript(['DISCORD_TOKEN']);
	const totalShards = config.shardCount ?? (await recommendedShards(config));
	const manager = new ShardingManager(botEntry, {
		token: config.discord.token,
		totalShards,
		shardList: config.shardIds ?? 'auto',
		respawn: true,
	});
	manager.on('shardCreate', (shard) => console.log(`shard ${shard.id} of ${totalShards} starting`));

	let stopping = false;
	const stop = () => {
		if (stopping) process.exit(1);
		stopping = true;
		manager.respawn = false;
		// Each shard process shuts down gracefully on SIGTERM; the manager exits once they have.
		for (const shard of manager.shards.values()) shard.process?.kill('SIGTERM');
		const exits = [...manager.shards.values()].map(
			(shard) =>
				new Promise((resolve) => (shard.process?.exitCode !== null ? resolve(0) : shard.process.once('exit', resolve))),
		);
		void Promise.all(exits).then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);

	await manager.spawn({ timeout: 60_000 });
	console.log(`all ${manager.shards.size} shards ready`);
});
