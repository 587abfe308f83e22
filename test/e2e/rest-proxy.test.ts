import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord } from '../fakes/discord/index.js';
import { type RestProxy, startRestProxy } from '../fakes/rest-proxy.js';
import { expectedVisibleCompletion } from '../fakes/rostro/completion.js';
import { startRostroSimulator } from '../fakes/rostro/index.js';
import { BotProcess, freshStorage } from './bot-process.js';
import { answerText, connectServer, expectNoTrouble, type World } from './world.js';

// The bot behind a shared REST proxy (DISCORD_API_URL), as large bots run behind nirn-proxy:
// the proxy coordinates rate limits for many processes and so may answer 429 to requests this
// process had every reason to think were free. discord.js must wait them out and send again;
// nothing may be lost, crash, or stall behind the bot's own pacing.

const run = promisify(execFile);
const deployScript = new URL('../../dist/src/scripts/deploy.js', import.meta.url).pathname;
type CompletionBody = Parameters<typeof expectedVisibleCompletion>[0];

const RATE_LIMIT_LOG = 'Discord answered 429; discord.js sends the request again after Retry-After';

let world: World;
let proxy: RestProxy;

beforeAll(async () => {
	const [discord, rostro] = await Promise.all([startFakeDiscord(), startRostroSimulator()]);
	proxy = await startRestProxy(discord.apiUrl);
	const env = {
		DISCORD_TOKEN: discord.botToken,
		DISCORD_APPLICATION_ID: discord.applicationId,
		DISCORD_API_URL: proxy.apiUrl,
		DISCORD_DEV_GUILD_ID: discord.guild.id,
		ROSTRO_API_URL: rostro.url,
		...freshStorage(),
	};
	await run(process.execPath, [deployScript], { env: { PATH: process.env.PATH ?? '', ...env } });
	world = {
		discord,
		rostro,
		env,
		bot: new BotProcess(env),
		restart: () => Promise.reject(new Error('not needed here')),
		async close() {
			await world.bot.stop();
			await Promise.all([discord.close(), rostro.close(), proxy.close()]);
		},
	};
	await world.bot.ready();
	await connectServer(world);
});
afterAll(() => world?.close());

function rateLimitLogs() {
	return world.bot.logs.filter((line) => line.msg === RATE_LIMIT_LOG);
}

async function newChat(): Promise<string> {
	const { discord } = world;
	const handle = discord.slash(
		'chat',
		{ character: 'creator_a/ari-the-cartographer' },
		{ user: discord.guild.users.member, subcommand: 'start' },
	);
	const text = await answerText(discord, handle, 20_000);
	return text.match(/<#(\d+)>/)?.[1] as string;
}

/** The character's finished reply in a thread: its last message carries the reply buttons. */
async function finishedReply(threadId: string): Promise<APIMessage> {
	const { discord } = world;
	const byCharacter = (m: APIMessage) => m.webhook_id !== undefined && m.author.id !== discord.botUser.id;
	return discord.waitFor(
		() =>
			discord
				.messages(threadId)
				.slice(1)
				.find((m) => byCharacter(m) && m.components?.length),
		30_000,
	);
}

describe('behind a REST proxy that adds its own 429s', () => {
	it('passes every request through: the bot logged in and answers through it', () => {
		expect(proxy.forwarded.some((call) => call.path === '/gateway/bot')).toBe(true);
		expect(proxy.forwarded.some((call) => /^\/interactions\/\d+\/[^/]+\/callback$/.test(call.path))).toBe(true);
		expect(proxy.forwarded.some((call) => call.method === 'PUT' && call.path.endsWith('/commands'))).toBe(true);
	});

	it('still delivers every reply and edit when callbacks, edits and a global limit answer 429', async () => {
		const { discord } = world;
		// The proxy's own 429s on callbacks carry no bucket headers; edits get Discord's full set;
		// two global ones (X-RateLimit-Global) hold every request of the process for a moment.
		proxy.throttle({
			path: /^\/interactions\/\d+\/[^/]+\/callback$/,
			scope: 'user',
			retryAfter: 0.3,
			times: 3,
			every: 3,
		});
		proxy.throttle({
			method: 'PATCH',
			path: /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/,
			scope: 'user',
			retryAfter: 0.3,
			times: 2,
			every: 2,
			bucketHeaders: true,
		});
		proxy.throttle({ method: 'PATCH', path: /@original$/, scope: 'global', retryAfter: 0.5, times: 2, every: 2 });

		const member = discord.guild.users.member;
		const helps = Array.from({ length: 9 }, () => discord.slash('help', {}, { user: member }));
		const statuses = Array.from({ length: 6 }, () =>
			discord.slash('account', {}, { user: member, subcommand: 'status' }),
		);
		for (const handle of helps) expect(await answerText(discord, handle, 20_000)).toContain('/help');
		for (const handle of statuses) {
			expect(await answerText(discord, handle, 20_000)).toMatch(/this server's Rostro account/);
		}

		expect(proxy.throttled.map((call) => call.scope).sort()).toEqual(
			['global', 'global', 'user', 'user', 'user', 'user', 'user'].sort(),
		);
		for (const handle of [...helps, ...statuses]) {
			const acknowledgements = discord.interactionResponses(handle).filter((r) => r.kind === 'callback');
			expect(acknowledgements).toHaveLength(1);
		}
		await discord.waitFor(() => rateLimitLogs().length >= proxy.throttled.length || undefined);
		expect(
			rateLimitLogs()
				.map((line) => line.scope)
				.sort(),
		).toEqual(proxy.throttled.map((t) => t.scope).sort());
		expect(rateLimitLogs().filter((line) => line.global)).toHaveLength(2);
		expect(rateLimitLogs()[0]).toMatchObject({ level: 40, component: 'discord-rest' });
		expect(JSON.stringify(rateLimitLogs())).not.toMatch(/aW50ZXJhY3Rpb24/); // no interaction token in a log line
		expect(world.bot.exitCode).toBeNull();
		expectNoTrouble(world);
	}, 60_000);

	it('streams a character reply to its end through webhook 429s the pacer did not foresee', async () => {
		const { discord, rostro } = world;
		const threadId = await newChat();
		const throttledBefore = proxy.throttled.length;
		// A shared-scope 429 on the reply's first message through the channel webhook and one on
		// its first edit: the WebhookPacer spaces these out by its own count, and the proxy's
		// answer must only slow it down.
		const channelWebhook = `^/webhooks/(?!${discord.applicationId}/)\\d+/[^/]+`; // not the interaction's
		const webhookRule = { scope: 'shared', retryAfter: 0.4, times: 1, bucketHeaders: true } as const;
		proxy.throttle({ ...webhookRule, method: 'POST', path: new RegExp(`${channelWebhook}$`) });
		proxy.throttle({ ...webhookRule, method: 'PATCH', path: new RegExp(`${channelWebhook}/messages/\\d+$`) });

		const say = discord.slash(
			'chat',
			{ message: 'Tell me about the road north.' },
			{ user: discord.guild.users.member, subcommand: 'say', channelId: threadId },
		);
		expect(await answerText(discord, say)).toMatch(/Tell me about the road north\.$/);
		const reply = await finishedReply(threadId);

		const completion = rostro.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1);
		expect(reply.content).toBe(expectedVisibleCompletion(completion?.body as CompletionBody));
		expect(proxy.throttled.slice(throttledBefore).map((call) => call.method)).toEqual(['POST', 'PATCH']);
		await discord.waitFor(() => rateLimitLogs().filter((line) => line.scope === 'shared').length === 2 || undefined);
		expect(world.bot.exitCode).toBeNull();
		expectNoTrouble(world);
	}, 60_000);
});
