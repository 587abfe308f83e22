// The benchmark's floor: a bare discord.js client that only defers every interaction, run as its
// own process so its memory is its own (`node dist/bench/bare-client.js`, built by bench/processes.ts).
// BENCH_BARE_CACHES=limited gives it the bot's own client options (intents, caches, sweepers, REST
// settings) through createClient; anything else, discord.js's defaults with the bot's intents.
import { Client, Events } from 'discord.js';
import { loadConfig } from '../src/config.js';
import { createClient, intentsFor } from '../src/discord/client.js';

const log = (msg: string, fields: Record<string, unknown> = {}) =>
	console.log(JSON.stringify({ level: 30, msg, ...fields }));

const config = loadConfig(process.env, ['DISCORD_TOKEN']);
const client =
	process.env.BENCH_BARE_CACHES === 'limited'
		? createClient(config)
		: new Client({ intents: intentsFor(config), rest: { api: config.discord.apiUrl } });

client.on(Events.InteractionCreate, (interaction) => {
	if (!interaction.isRepliable()) return;
	interaction.deferReply().catch((error: unknown) => log('defer failed', { level: 50, err: String(error) }));
});
client.once(Events.ClientReady, (ready) => log('ready', { guilds: ready.guilds.cache.size }));

// The benchmark measures memory after a full collection; it asks with SIGUSR2 (the process runs with --expose-gc).
// Twice, a turn of the event loop apart, as the bot's `/healthz?gc` does: finalizers run in between.
process.on('SIGUSR2', () => {
	const gc = (globalThis as { gc?: () => void }).gc;
	gc?.();
	setImmediate(() => {
		gc?.();
		log('collected', { heapUsedMb: Math.round(process.memoryUsage().heapUsed / 104_857.6) / 10 });
	});
});
process.on('SIGTERM', () => {
	void client.destroy().then(() => process.exit(0));
});

await client.login(config.discord.token);
