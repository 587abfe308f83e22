import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerText, startWorld, type World } from './world.js';

let world: World;

beforeAll(async () => {
	world = await startWorld();
	const { discord, rostro } = world;
	const admin = discord.guild.users.admin;
	await discord.waitForResponse(discord.slash('setup', {}, { user: admin, subcommand: 'token' }));
	await answerText(discord, discord.modalSubmit('setup:token', { token: rostro.tokens.creatorA }, { user: admin }));
});
afterAll(() => world?.close());

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
});
