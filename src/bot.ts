import { setTimeout as delay } from 'node:timers/promises';
import { type Client, Events } from 'discord.js';
import type { AppContext } from './app-context.js';
import { hearMessage } from './chat/actions.js';
import type { Config } from './config.js';
import { type ClientOverrides, createClient, watchRateLimits } from './discord/client.js';
import { purge, welcome } from './discord/guild-events.js';
import { loadCommands } from './discord/loader.js';
import { Router } from './discord/router.js';
import { startDiscovery, stopDiscovery } from './discovery/index.js';
import { serveHealth } from './health.js';
import type { Logger } from './log.js';
import { resumeJobs } from './media/index.js';
import { RostroClient } from './rostro/index.js';
import { openStore } from './store/index.js';
import { checkSecret } from './store/secret-check.js';

/** How long a shutdown waits for interactions in flight. */
const DRAIN_LIMIT_MS = 10_000;
/** The longest Retry-After the bot sleeps through before a member's answer. */
const INTERACTIVE_RETRY_AFTER_MS = 10_000;

/**
 * How often @discordjs/rest forgets its idle rate-limit handlers. It keeps one per route and
 * major parameter, and an interaction's token is the major parameter of its edits and
 * follow-ups: one handler, about 1.5 kB, for every interaction answered after its
 * acknowledgement. Swept once an hour (its default), 100 such interactions a second would hold
 * half a gigabyte; swept every minute, a minute's worth. A handler still waiting out a rate
 * limit is not idle and stays.
 */
export const REST_HANDLER_SWEEP_MS = 60_000;

/** The bot's own client options on top of the caller's (tests, the benchmark). */
export function botClientOverrides(overrides: ClientOverrides = {}): ClientOverrides {
	return { ...overrides, rest: { handlerSweepInterval: REST_HANDLER_SWEEP_MS, ...overrides.rest } };
}

/** A running bot: its context and a way to stop it cleanly. */
export interface Bot {
	ctx: AppContext;
	client: Client;
	stop(): Promise<void>;
}

function listen(ctx: AppContext, router: Router): void {
	const { client, logger } = ctx;
	const safely = (what: string, work: () => Promise<void>) =>
		work().catch((error: unknown) => logger.error({ err: error }, `${what} failed`));

	client.on(Events.InteractionCreate, (interaction) => void router.handle(interaction));
	client.on(Events.MessageCreate, (message) => void safely('chat message', () => hearMessage(message, ctx)));
	client.on(Events.GuildCreate, (guild) => void safely('welcome', () => welcome(guild, ctx)));
	client.on(Events.GuildDelete, (guild) => void safely('purge', () => purge(guild.id, ctx)));
	client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
	client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
	client.once(Events.ClientReady, (ready) => {
		logger.info({ user: ready.user.tag, guilds: ready.guilds.cache.size }, 'ready');
		void safely('resuming media jobs', () => resumeJobs(ctx));
		void safely('starting feeds', () => startDiscovery(ctx));
	});
}

/** Opens storage, loads the commands and logs in; resolves once the gateway session starts. */
export async function startBot(config: Config, logger: Logger, overrides: ClientOverrides = {}): Promise<Bot> {
	const store = await openStore(config, logger.child({ component: 'store' }));
	await checkSecret(store, logger.child({ component: 'store' }));
	const commands = await loadCommands();
	const rostro = new RostroClient({
		apiUrl: config.rostro.apiUrl,
		inferenceUrl: config.rostro.inferenceUrl,
		logger: logger.child({ component: 'rostro' }),
		// A member is waiting on the other end: a longer Retry-After is reported, not slept through.
		retry: { maxRetryAfterMs: INTERACTIVE_RETRY_AFTER_MS },
	});
	const client = createClient(config, botClientOverrides(overrides));
	watchRateLimits(client, logger.child({ component: 'discord-rest' }));
	const ctx: AppContext = { config, logger, store, rostro, commands, client };
	const router = new Router(ctx);
	listen(ctx, router);
	const health =
		config.health && (await serveHealth(config.health, client, store, logger.child({ component: 'health' })));

	try {
		await client.login(config.discord.token);
	} catch (error) {
		health?.close();
		await store.close();
		await client.destroy();
		throw error;
	}

	const stop = async () => {
		client.removeAllListeners(Events.InteractionCreate);
		const drained = await Promise.race([router.drain().then(() => true), delay(DRAIN_LIMIT_MS, false)]);
		if (!drained) {
			logger.warn('stopped before every interaction finished');
			await router.abandon();
		}
		await stopDiscovery(ctx);
		await client.destroy();
		await store.close();
		health?.close();
	};
	return { ctx, client, stop };
}
