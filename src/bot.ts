import type { Server } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { type Client, Events } from 'discord.js';
import type { AppContext } from './app-context.js';
import { hearMessage } from './chat/actions.js';
import { chatEngineOf } from './chat/engine.js';
import type { Config } from './config.js';
import { type ClientOverrides, createClient, watchGateway, watchRateLimits } from './discord/client.js';
import { purge, welcome } from './discord/guild-events.js';
import { loadCommands } from './discord/loader.js';
import { Router } from './discord/router.js';
import { startDiscovery, stopDiscovery } from './discovery/index.js';
import { serveHealth } from './health.js';
import type { Logger } from './log.js';
import { resumeJobs } from './media/index.js';
import { RostroClient } from './rostro/index.js';
import { checkDiscord, during } from './startup.js';
import { openStore, type Store } from './store/index.js';
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

/** Loads the commands and wires the client to the router; nothing is listening yet. */
async function prepare(config: Config, logger: Logger, client: Client, store: Store) {
	await checkSecret(store, logger.child({ component: 'store' }));
	const commands = await during('commands', config, () => loadCommands());
	const rostro = new RostroClient({
		apiUrl: config.rostro.apiUrl,
		inferenceUrl: config.rostro.inferenceUrl,
		logger: logger.child({ component: 'rostro' }),
		// A member is waiting on the other end: a longer Retry-After is reported, not slept through.
		retry: { maxRetryAfterMs: INTERACTIVE_RETRY_AFTER_MS },
	});
	watchRateLimits(client, logger.child({ component: 'discord-rest' }));
	watchGateway(client, logger.child({ component: 'discord-gateway' }));
	const ctx: AppContext = { config, logger, store, rostro, commands, client };
	const router = new Router(ctx);
	listen(ctx, router);
	return { ctx, router };
}

/** Serves `GET /healthz` when ROSTRO_BOT_HEALTH_PORT is set. */
function startHealth({ config, client, store, logger }: AppContext): Promise<Server | undefined> {
	const at = config.health;
	if (!at) return Promise.resolve(undefined);
	return during('health', config, () => serveHealth(at, client, store, logger.child({ component: 'health' })));
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

/**
 * Checks the Discord token, opens storage, loads the commands and logs in; resolves once the
 * gateway session starts. A failure is a `StartupError` naming the step and what to do, and
 * whatever was opened by then is closed.
 */
export async function startBot(config: Config, logger: Logger, overrides: ClientOverrides = {}): Promise<Bot> {
	const client = createClient(config, botClientOverrides(overrides));
	const token = config.discord.token ?? '';
	let store: Store | undefined;
	let health: Server | undefined;
	try {
		// Before storage: a wrong token must not leave a new database or secret.key behind.
		await during('discord', config, () => checkDiscord(client, token));
		store = await during('storage', config, () => openStore(config, logger.child({ component: 'store' })));
		const { ctx, router } = await prepare(config, logger, client, store);
		health = await startHealth(ctx);
		await during('discord', config, () => client.login(token));
		return { ctx, client, stop: stopper(ctx, router, health) };
	} catch (error) {
		health?.close();
		await store?.close();
		await client.destroy();
		throw error;
	}
}

/** Stops the bot: lets interactions in flight finish (for a while), then closes everything. */
function stopper(ctx: AppContext, router: Router, health: Server | undefined): () => Promise<void> {
	const { client, logger, store } = ctx;
	return async () => {
		client.removeAllListeners(Events.InteractionCreate);
		// Chat replies stream on after their interaction ended: they finish within the same time.
		const chats = chatEngineOf(ctx);
		const finished = Promise.all([router.drain(), chats.drain()]).then(() => true);
		const drained = await Promise.race([finished, delay(DRAIN_LIMIT_MS, false)]);
		if (!drained) {
			logger.warn('stopped before every interaction finished');
			await Promise.all([router.abandon(), chats.abandon()]);
		}
		await stopDiscovery(ctx);
		await client.destroy();
		await store.close();
		health?.close();
	};
}
