import type { APIMessage } from 'discord.js';
import { answerText, startWorld } from '../test/e2e/world.js';
import type { RecordedCall } from '../test/fakes/discord/index.js';
import { percentile } from './stats.js';

const CHANNELS = 4;
const THREADS_PER_CHANNEL = 5;

/**
 * How often a reply was edited while it streamed: its edits per minute, from the moment it was
 * posted to its last edit (a reply posted whole, never edited, counts 0).
 */
function editsPerMinute(reply: APIMessage, calls: RecordedCall[]): number {
	const edits = calls.filter((call) => call.method === 'PATCH' && call.path.endsWith(`/messages/${reply.id}`));
	const last = edits.at(-1);
	if (!last) return 0;

	const minutes = (last.at - Date.parse(reply.timestamp)) / 60_000;
	return minutes > 0 ? edits.length / minutes : 0;
}

/**
 * Twenty threads streaming at once (four channels, five threads each, every thread on its own
 * member's token): the time from Rostro's first token to the first visible text on Discord (the
 * reply's first message; later text arrives as edits), how often each reply is edited while it
 * streams, and the Discord 429s seen. Rostro's first token is taken as sent one chunk pause
 * after its request arrived, which is when the simulator sends it.
 */
export async function streamingBench() {
	const world = await startWorld({ LOG_LEVEL: 'info', DISCORD_MESSAGE_CONTENT: 'true' });
	const { discord, rostro } = world;
	rostro.options.streamChunkDelayMs = 40; // about 25 words a second, like a real model
	const { general, nsfw, system, forum } = discord.guild.channels;
	const channels = [general, nsfw, system, forum];

	const members = await Promise.all(
		Array.from({ length: CHANNELS * THREADS_PER_CHANNEL }, async (_, index) => {
			const user = discord.addUser(`reader${index}`);
			const token = rostro.addToken('reader'); // a fresh token each: Rostro limits completions per token
			await discord.waitForResponse(discord.slash('account', {}, { user, subcommand: 'link' }));
			await answerText(discord, discord.modalSubmit('account:link', { token }, { user }));
			return { user, token };
		}),
	);

	const threads = await Promise.all(
		members.map(async ({ user, token }, index) => {
			const channelId = channels[index % CHANNELS] as string;
			const start = discord.slash(
				'chat',
				{ character: 'creator_a/ari-the-cartographer' },
				{ user, subcommand: 'start', channelId },
			);
			const threadId = (await answerText(discord, start)).match(/<#(\d+)>/)?.[1] as string;
			return { user, token, threadId };
		}),
	);

	// Members read the greetings before they answer: the webhooks' buckets refill meanwhile.
	await new Promise((resolve) => setTimeout(resolve, 3_000));
	const callsBefore = discord.calls.length;
	for (const { user, threadId } of threads) {
		discord.userSays(threadId, 'Tell me about the marsh roads and the ferry, in detail.', user);
	}
	const character = (m: APIMessage) => m.webhook_id !== undefined && m.author.id !== discord.botUser.id;
	await discord.waitFor(
		() =>
			threads.every(({ threadId }) => discord.messages(threadId).some((m) => character(m) && m.components?.length)) ||
			undefined,
		120_000,
	);

	// Rostro's first token leaves one chunk pause after the request arrives.
	const firstVisible = threads.map(({ threadId, token }) => {
		const first = discord.messages(threadId).slice(1).find(character) as APIMessage;
		const request = rostro.requests.find((r) => r.path.endsWith('/chat/completions') && r.token?.value === token);
		const firstToken = (request?.receivedAt ?? 0) + rostro.options.streamChunkDelayMs;
		return Date.parse(first.timestamp) - firstToken;
	});
	const calls = discord.calls.slice(callsBefore);
	const replies = threads.flatMap(({ threadId }) => discord.messages(threadId).slice(1).filter(character));
	const rates = replies.map((reply) => editsPerMinute(reply, calls));
	if (process.env.BENCH_DEBUG) {
		for (const call of calls.filter((c) => c.status === 429)) console.log(call.method, call.route, call.at);
	}
	await world.close();

	return {
		threads: threads.length,
		replyMessages: replies.length,
		firstVisibleP50Ms: percentile(firstVisible, 0.5),
		firstVisibleP99Ms: percentile(firstVisible, 0.99),
		editsPerMessagePerMinute: Math.round((rates.reduce((sum, rate) => sum + rate, 0) / rates.length) * 10) / 10,
		maxEditsPerMessagePerMinute: Math.round(Math.max(...rates) * 10) / 10,
		discord429s: calls.filter((call) => call.status === 429).length,
	};
}
