import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIUser } from 'discord-api-types/v10';
import type { FakeDiscord, FakeDiscordOptions } from './api.js';
import type { FakeServices } from './context.js';
import { FileHost } from './files.js';
import { Gateway } from './gateway.js';
import { newBotToken, RunningFakeDiscord } from './harness.js';
import { InteractionResponder } from './interactions/responder.js';
import { LIMITS } from './limits.js';
import { Messaging } from './messages.js';
import { type RateWindow, WebhookRateLimiter } from './rate-limit.js';
import { SnowflakeGenerator } from './snowflake.js';
import { seedBenchGuild, seedMainGuild } from './state/seed.js';
import { World } from './state/world.js';
import { Threads } from './threads.js';

export type {
	AddedGuild,
	FakeDiscord,
	FakeDiscordOptions,
	OverwriteInput,
	UserFile,
	UserMessageOptions,
} from './api.js';
export type { DispatchScope, GatewayFrame } from './gateway.js';
export type {
	ActorContext,
	InteractionHandle,
	ModalContext,
	ModalFieldValues,
	SlashContext,
	UserRef,
} from './interactions/driver.js';
export type { OptionValue, OptionValues, TypedOption } from './interactions/options.js';
export type { RateWindow } from './rate-limit.js';
export type { UploadedFile } from './rest/body.js';
export type { FaultMatch, FaultReply } from './rest/faults.js';
export type { RecordedCall } from './rest/server.js';
export type { GuildShape, SeededChannels, SeededGuild, SeededRoles, SeededUsers } from './state/seed.js';
export type { InteractionResponse } from './state/world.js';

const DEFAULT_WEBHOOK_RATE: RateWindow = { requests: 5, perMs: 2000 };

function listen(server: Server): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
	});
}

/**
 * Starts a local fake of Discord that the unmodified discord.js client logs in to over real
 * sockets on 127.0.0.1: REST under `/api/v10`, the gateway on `/gateway`, files on `/files`.
 *
 * ```ts
 * const fake = await startFakeDiscord();
 * const client = new Client({ intents, rest: { api: fake.apiUrl, offset: 0 }, waitGuildTimeout: 1000 });
 * await client.login(fake.botToken);
 * const ping = fake.slash('ping', {}, { user: fake.guild.users.member });
 * const reply = await fake.waitForResponse(ping); // { kind: 'callback', callbackType: 4, body, message }
 * await client.destroy();
 * await fake.close();
 * ```
 *
 * What it models:
 * - **Gateway**: HELLO, IDENTIFY → READY + one GUILD_CREATE per guild of the shard, heartbeat
 *   ACKs, RESUME → missed events + RESUMED, member requests; plain JSON frames, or
 *   `compress=zlib-stream` (one deflate context per socket, Z_SYNC_FLUSH per packet). Events
 *   honour intents; MESSAGE_CREATE/UPDATE of others' guild messages lose their content without
 *   the Message Content intent unless they mention the bot.
 * - **World**: one guild with `general`, an age-restricted `nsfw`, a `forum` and a `system`
 *   channel; @everyone with ordinary member permissions, admin (Manage Server), moderator
 *   (Manage Messages), and the bot's role; users `owner`, `admin`, `moderator`, `member`.
 *   Permissions are computed from roles and overwrites, so the bot meets 50001/50013 where it
 *   would live.
 * - **Interactions**: `slash`, `autocomplete`, `button`, `select`, `modalSubmit`,
 *   `messageContext`, `userContext`, `rawInteraction` dispatch INTERACTION_CREATE and return a
 *   handle; the bot's callback, `@original` and follow-ups are recorded per handle. One
 *   acknowledgement (40060), within `interactionDeadlineMs` (10062), tokens expire after
 *   `tokenLifetimeMs` (401, 50027).
 * - **REST**: messages (JSON and multipart with `payload_json`), typing, threads (public,
 *   private, from a message, forum posts), thread members, webhooks (15 per channel, 30007;
 *   `?wait`, `?thread_id`, app-owned ones may carry components), webhook rate limits with
 *   headers on every response, application commands, users, guilds, members, DM channels.
 *   Bodies are held to Discord's limits (50035, 50006). Every message is echoed over the
 *   gateway. Uploaded files are served back from `/files/…`.
 * - **Tests' tools**: `calls`, `waitFor*`, `fail()` for injected errors and 429s,
 *   `disconnect(code)`, `expireInteraction`, `setPermissions`/`setBotPermissions`,
 *   `addGuild`/`removeGuild`, `allowedMentionsOf` to prove nothing pings.
 *
 * Limitation: reactions, pins, voice, presences, ETF encoding, the per-channel webhook limit
 * (about 30 a minute), and the separate limit on editing hour-old messages (30046) are not
 * modelled; add them here when a feature of the bot comes to depend on them. Interactive
 * components on a webhook the application does not own are refused with 50035, the fake's
 * stricter reading of Discord's rule, so the mistake shows in tests.
 */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
	const now = options.now ?? Date.now;
	const server = createServer();
	const port = await listen(server);
	const origin = `http://127.0.0.1:${port}`;

	const ids = new SnowflakeGenerator(now);
	const applicationId = ids.next();
	const world = new World(ids, new FileHost(origin, ids), applicationId, applicationId, now);
	// Bots made since 2019 share their id with their application.
	const botUser: APIUser = {
		id: applicationId,
		username: 'Rostro',
		discriminator: '0001',
		global_name: null,
		avatar: null,
		bot: true,
	};
	world.users.set(botUser.id, botUser);
	const guild = seedMainGuild(world);

	const { count: extraGuilds, ...shape } =
		typeof options.guilds === 'number' ? { count: options.guilds } : (options.guilds ?? { count: 0 });
	const extraGuildIds = Array.from(
		{ length: extraGuilds },
		(_, index) => seedBenchGuild(world, `Bench Guild ${index + 1}`, guild.users.owner.id, shape).id,
	);

	const botToken = newBotToken(applicationId);
	const gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
	const gateway = new Gateway(server, world, { botToken, botUser, url: gatewayUrl });
	const messaging = new Messaging(world, gateway);
	const responder = new InteractionResponder(world, messaging, botUser, {
		deadlineMs: options.interactionDeadlineMs ?? LIMITS.interactionDeadline,
		tokenLifetimeMs: options.tokenLifetimeMs ?? LIMITS.interactionTokenLifetime,
	});
	const services: FakeServices = {
		world,
		gateway,
		messaging,
		threads: new Threads(world, gateway),
		responder,
		webhookLimiter: new WebhookRateLimiter(options.webhookRate ?? DEFAULT_WEBHOOK_RATE, now),
		botUser,
		gatewayUrl,
	};
	return new RunningFakeDiscord(server, guild, extraGuildIds, botToken, services);
}
