import { once } from 'node:events';
import { ChannelType, Client, Events, GatewayIntentBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from './discord/index.js';

let fake: FakeDiscord | undefined;
let client: Client | undefined;

afterEach(async () => {
	await client?.destroy();
	await fake?.close();
});

async function connect(discord: FakeDiscord): Promise<Client> {
	const connected = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
	const ready = once(connected, Events.ClientReady);
	await connected.login(discord.botToken);
	await ready;
	return connected;
}

describe('the fake Discord’s benchmark guilds', () => {
	it('gives each extra guild the channels, roles, members and emojis asked for, in all', async () => {
		fake = await startFakeDiscord({ guilds: { count: 3, channels: 20, roles: 15, members: 50, emojis: 20 } });
		client = await connect(fake);

		expect(client.guilds.cache.size).toBe(4);
		for (const id of fake.extraGuildIds) {
			const guild = client.guilds.cache.get(id);
			expect(guild?.channels.cache.size).toBe(20);
			expect(guild?.channels.cache.filter((channel) => channel.type === ChannelType.GuildVoice).size).toBe(3);
			expect(guild?.roles.cache.size).toBe(15);
			expect(guild?.memberCount).toBe(50);
			expect(guild?.members.cache.size).toBe(50);
			expect(guild?.emojis.cache.size).toBe(20);
		}
		// Every guild has members of its own.
		expect(client.users.cache.size).toBe(1 + 4 + 3 * 48);
	});

	it('keeps a plain count as one general channel per guild', async () => {
		fake = await startFakeDiscord({ guilds: 2 });
		client = await connect(fake);

		for (const id of fake.extraGuildIds) {
			const guild = client.guilds.cache.get(id);
			expect(guild?.channels.cache.map((channel) => channel.name)).toEqual(['general']);
			expect(guild?.emojis.cache.size).toBe(0);
		}
	});
});
