import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { APIEmbed } from 'discord.js';
import { type FakeDiscord, type InteractionResponse, startFakeDiscord } from '../fakes/discord/index.js';
import type { InteractionHandle } from '../fakes/discord/interactions/driver.js';
import { type RostroSimulator, startRostroSimulator } from '../fakes/rostro/index.js';
import { BotProcess, freshStorage } from './bot-process.js';

const run = promisify(execFile);
const deployScript = new URL('../../dist/src/scripts/deploy.js', import.meta.url).pathname;

/** Both fakes and the real bot process, wired together as an admin would configure it. */
export interface World {
	discord: FakeDiscord;
	rostro: RostroSimulator;
	bot: BotProcess;
	env: Record<string, string>;
	/** Stops the bot and starts it again on the same storage, as a restart would. */
	restart(): Promise<void>;
	close(): Promise<void>;
}

/** Fakes the caller started itself (the benchmark's fake Discord with 2,500 guilds), used instead of new ones. */
export interface WorldFakes {
	discord?: FakeDiscord;
	rostro?: RostroSimulator;
}

/** Starts the fakes, registers the commands with `npm run deploy`'s script, and starts the bot. */
export async function startWorld(extraEnv: Record<string, string> = {}, fakes: WorldFakes = {}): Promise<World> {
	const [discord, rostro] = await Promise.all([
		fakes.discord ?? startFakeDiscord(),
		fakes.rostro ?? startRostroSimulator(),
	]);
	const env = {
		DISCORD_TOKEN: discord.botToken,
		DISCORD_APPLICATION_ID: discord.applicationId,
		DISCORD_API_URL: discord.apiUrl,
		DISCORD_DEV_GUILD_ID: discord.guild.id,
		ROSTRO_API_URL: rostro.url,
		...freshStorage(),
		...extraEnv,
	};
	await run(process.execPath, [deployScript], { env: { PATH: process.env.PATH ?? '', ...env } });

	const world: World = {
		discord,
		rostro,
		env,
		bot: new BotProcess(env),
		async restart() {
			await world.bot.stop();
			world.bot = new BotProcess(env);
			await world.bot.ready();
		},
		async close() {
			await world.bot.stop();
			await Promise.all([discord.close(), rostro.close()]);
		},
	};
	await world.bot.ready();
	return world;
}

function textOf(body: unknown): string | undefined {
	if (typeof body !== 'object' || body === null) return undefined; // a deletion carries no body
	const message = body as { content?: string; embeds?: APIEmbed[]; data?: { content?: string; embeds?: APIEmbed[] } };
	const payload = message.data ?? message;
	const parts = [payload.content, ...(payload.embeds ?? []).map((embed) => embed.description)];
	const text = parts.filter(Boolean).join('\n');
	return text || undefined;
}

/** The first text the bot answered an interaction with: a reply, an edit of the placeholder, or a follow-up. */
export async function answerText(discord: FakeDiscord, handle: InteractionHandle, timeoutMs = 10_000): Promise<string> {
	const response = await discord.waitForResponse(handle, (r) => textOf(r.body) !== undefined, timeoutMs);
	return textOf(response.body) as string;
}

/** The text content of a response: a callback's data, or a message body. */
export function contentOf(response: InteractionResponse): string | undefined {
	const body = response.body as { content?: string; data?: { content?: string } } | undefined;
	return body?.data?.content ?? body?.content;
}

/** The sentence the member was told privately: an ephemeral reply or follow-up, or the edit of a private defer. */
export async function privateSentence(discord: FakeDiscord, handle: InteractionHandle, timeoutMs = 40_000) {
	const deferredPrivately = () => isEphemeral(discord.interactionResponses(handle)[0] as InteractionResponse);
	const answer = await discord.waitForResponse(
		handle,
		(response) =>
			Boolean(contentOf(response)) &&
			(isEphemeral(response) || (response.kind === 'editOriginal' && deferredPrivately())),
		timeoutMs,
	);
	return contentOf(answer) ?? '';
}

/** Whether a response was private: an ephemeral reply, defer or follow-up. */
export function isEphemeral(response: InteractionResponse): boolean {
	const body = response.body as { flags?: number; data?: { flags?: number } };
	return (((body.data ?? body).flags ?? 0) & 64) === 64;
}

/** An admin connects the server to Rostro with `token` through the /setup token modal. */
export async function connectServer(world: World, token = world.rostro.tokens.creatorA): Promise<void> {
	const { discord } = world;
	const admin = discord.guild.users.admin;
	await discord.waitForResponse(discord.slash('setup', {}, { user: admin, subcommand: 'token' }));
	await answerText(discord, discord.modalSubmit('setup:token', { token }, { user: admin }));
}

/** A world whose server is already connected to Rostro, as most suites need. */
export async function startConnectedWorld(extraEnv: Record<string, string> = {}): Promise<World> {
	const world = await startWorld(extraEnv);
	await connectServer(world);
	return world;
}

/** Nothing went wrong anywhere: no error logged by the bot, no failure inside either fake. */
export function expectNoTrouble(world: World): void {
	const trouble = {
		bot: world.bot.problems(),
		discord: world.discord.internalErrors,
		rostro: world.rostro.serverErrors,
	};
	if (trouble.bot.length + trouble.discord.length + trouble.rostro.length > 0) {
		throw new Error(`something went wrong behind the test: ${JSON.stringify(trouble, null, 2)}`);
	}
}
