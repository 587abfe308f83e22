import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { answerText, startWorld } from '../test/e2e/world.js';
import type { FakeDiscord } from '../test/fakes/discord/index.js';
import { startFakeDiscord } from '../test/fakes/discord/index.js';
import type { InteractionHandle } from '../test/fakes/discord/interactions/driver.js';
import { summarize } from './stats.js';

/** How fast interactions arrive, and for how long. */
export interface Load {
	perSecond: number;
	seconds: number;
}

/** Fires interactions at a steady rate and measures the time until each was acknowledged. */
async function measure(discord: FakeDiscord, load: Load, fire: () => InteractionHandle): Promise<number[]> {
	const sent: { handle: InteractionHandle; at: number }[] = [];
	const total = load.perSecond * load.seconds;
	const interval = 1000 / load.perSecond;
	const start = Date.now();
	for (let index = 0; index < total; index++) {
		const due = start + index * interval;
		if (due > Date.now()) await delay(due - Date.now());
		sent.push({ at: Date.now(), handle: fire() });
	}

	const acknowledged = sent.map(async ({ handle, at }) => {
		const response = await discord.waitForResponse(handle, (r) => r.kind === 'callback', 10_000);
		return response.at - at;
	});
	return Promise.all(acknowledged);
}

/** The floor: a bare discord.js client that only defers every command. */
export async function bareClientAck(load: Load) {
	const discord = await startFakeDiscord();
	const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
	client.on(Events.InteractionCreate, (interaction) => {
		if (interaction.isRepliable()) void interaction.deferReply();
	});
	const ready = once(client, Events.ClientReady);
	await client.login(discord.botToken);
	await ready;

	const user = discord.guild.users.member;
	const latencies = await measure(discord, load, () => discord.slash('help', {}, { user }));
	await client.destroy();
	await discord.close();
	return summarize(latencies);
}

/** The real bot: `/account status` defers, then waits on a Rostro that takes 2 s to answer. */
export async function botAck(load: Load) {
	const world = await startWorld();
	const { discord, rostro } = world;
	const admin = discord.guild.users.admin;
	await discord.waitForResponse(discord.slash('setup', {}, { user: admin, subcommand: 'token' }));
	await answerText(discord, discord.modalSubmit('setup:token', { token: rostro.tokens.creatorA }, { user: admin }));

	rostro.fault({ method: 'GET', path: '/api/account' }, { latencyMs: 2_000 }, load.perSecond * load.seconds);
	const user = discord.guild.users.member;
	const latencies = await measure(discord, load, () => discord.slash('account', {}, { user, subcommand: 'status' }));
	await world.close();
	return summarize(latencies);
}
