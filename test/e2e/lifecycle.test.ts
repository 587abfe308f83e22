import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotProcess, type LogLine } from './bot-process.js';
import { answerText, startConnectedWorld, type World } from './world.js';

let world: World;

beforeAll(async () => {
	world = await startConnectedWorld();
});
afterAll(() => world?.close());

describe('a wrong secret', () => {
	it('is reported in the log at start-up, with what to do', async () => {
		await world.bot.stop();
		world.bot = new BotProcess({ ...world.env, ROSTRO_BOT_SECRET: 'cd'.repeat(32) });
		const line = await world.bot.waitForLog((entry) => entry.msg.startsWith('stored tokens do not open'));
		expect(line).toMatchObject({ unreadable: 1, tried: 1 });
		await world.bot.ready();
		await world.restart();
		expect(world.bot.logs.some((entry) => entry.msg.startsWith('stored tokens do not open'))).toBe(false);
	});
});

describe('health', () => {
	it('serves /healthz with readiness, shards, storage and memory when a port is set', async () => {
		await world.bot.stop();
		world.bot = new BotProcess({ ...world.env, ROSTRO_BOT_HEALTH_PORT: '0' });
		const listening = await world.bot.waitForLog((line) => line.msg === 'health server listening');
		await world.bot.ready();

		const response = await fetch(`http://127.0.0.1:${listening.port}/healthz`);
		expect(response.status).toBe(200);
		const health = (await response.json()) as { ready: boolean; shards: number[]; storage: { ok: boolean } };
		expect(health).toMatchObject({ ready: true, shards: [0], storage: { ok: true } });
		expect((await fetch(`http://127.0.0.1:${listening.port}/elsewhere`)).status).toBe(404);
		await world.restart();
	});
});

describe('health when the gateway goes', () => {
	it('answers 503 and logs it while the gateway is down, and 200 again once it resumes', async () => {
		const own = await startConnectedWorld({ ROSTRO_BOT_HEALTH_PORT: '0' });
		try {
			const { port } = await own.bot.waitForLog((line) => line.msg === 'health server listening');
			const health = async () => {
				const response = await fetch(`http://127.0.0.1:${port}/healthz`);
				return { status: response.status, body: (await response.json()) as { ready: boolean; shardsDown: number[] } };
			};
			expect((await health()).status).toBe(200);

			own.discord.disconnect(4000); // the client resumes by itself
			await own.bot.waitForLog((line) => line.msg === 'lost the gateway connection; reconnecting');
			await own.bot.waitForLog((line) => line.msg === 'gateway connection resumed');
			expect((await health()).status).toBe(200);

			const seen = own.bot.logs.length;
			await own.discord.close(); // Discord gone: nothing to reconnect to
			const lost = (line: LogLine) => line.msg === 'lost the gateway connection; reconnecting';
			await own.bot.waitForLog((line) => lost(line) && own.bot.logs.indexOf(line) >= seen);
			const down = await health();
			expect(down).toEqual({ status: 503, body: expect.objectContaining({ ready: false, shardsDown: [0] }) });
		} finally {
			await own.close();
		}
	});
});

describe('sharding', () => {
	it('runs only the shards SHARD_IDS names', async () => {
		const { discord } = world;
		const frames = discord.gatewayFrames.length;
		await world.bot.stop();
		world.bot = new BotProcess({ ...world.env, SHARD_COUNT: '2', SHARD_IDS: '1' });
		await world.bot.ready();
		const identified = discord.gatewayFrames
			.slice(frames)
			.filter((frame) => (frame as { op?: number }).op === 2)
			.map((frame) => (frame as { d: { shard: number[] } }).d.shard);
		expect(identified).toEqual([[1, 2]]);
		await world.restart();
	});
});

describe('restarts and shutdown', () => {
	it("keeps the server's token across a restart", async () => {
		await world.restart();
		const { discord } = world;
		const status = discord.slash('account', {}, { user: discord.guild.users.member, subcommand: 'status' });
		expect(await answerText(discord, status)).toMatch(/this server's Rostro account, \*\*creator\\_a\*\*/);
	});

	it('finishes the interactions in flight on SIGTERM, then exits cleanly', async () => {
		const { discord, rostro, bot } = world;
		rostro.fault({ method: 'GET', path: '/api/account' }, { latencyMs: 1_500 }, 1);
		const status = discord.slash('account', {}, { user: discord.guild.users.member, subcommand: 'status' });
		await discord.waitForResponse(status, (response) => response.callbackType === 5);

		expect(await bot.stop()).toBe(0);
		expect(await answerText(discord, status, 100)).toMatch(/this server's Rostro account/);
		expect(bot.logs.some((line) => line.msg === 'shutting down')).toBe(true);
		expect(bot.problems()).toEqual([]);
	});

	it('tells members whose work could not finish before the drain limit, instead of leaving them waiting', async () => {
		await world.restart();
		const { discord, rostro, bot } = world;
		rostro.fault({ method: 'GET', path: '/api/account' }, { latencyMs: 25_000 }, 1);
		const status = discord.slash('account', {}, { user: discord.guild.users.member, subcommand: 'status' });
		await discord.waitForResponse(status, (response) => response.callbackType === 5);

		await bot.stop();
		expect(await answerText(discord, status, 100)).toBe(
			'The bot is restarting and could not finish this; try again in a minute.',
		);
		rostro.clearFaults();
		await world.restart();
	}, 40_000);
});
