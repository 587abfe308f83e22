import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NSFW_IGNORED, NSFW_OFF } from '../../src/discovery/search.js';
import { answerMessage } from '../discovery/world-helpers.js';
import type { OptionValues } from '../fakes/discord/index.js';
import { answerText, expectNoTrouble, startConnectedWorld, type World } from './world.js';

// Each refusal of /character and /search gives its real reason, whichever way the character was
// named: the channel, the server's `/setup nsfw`, or the server's `/setup block`.

let world: World;

beforeAll(async () => {
	world = await startConnectedWorld();
});
afterAll(() => world?.close());
afterEach(() => {
	world.rostro.clearFaults();
	expectNoTrouble(world);
});

function users() {
	return world.discord.guild.users;
}

function channels() {
	return world.discord.guild.channels;
}

function setup(subcommand: string, options: OptionValues): Promise<string> {
	return answerText(world.discord, world.discord.slash('setup', options, { user: users().admin, subcommand }));
}

function character(name: string, channelId = channels().general): Promise<string> {
	return answerText(world.discord, world.discord.slash('character', { name }, { user: users().member, channelId }));
}

/** The three ways to name a character: its name, its id and its path. */
function namings(path: string): string[] {
	const project = world.rostro.project(path);
	return [project.name, String(project.id), path];
}

const LILITH = 'creator_b/lilith-of-the-ninth-gate';
const KAEL = 'creator_b/kael-the-exiled-prince';

describe('/character refusals', () => {
	it('refuses an NSFW character outside age-restricted channels, by name as by id or path', async () => {
		for (const named of namings(LILITH)) {
			expect(await character(named)).toBe('Lilith is for age-restricted channels only.');
		}
		expect(await character('lilith')).toBe('Lilith is for age-restricted channels only.');
	});

	it('says the server turned NSFW off, by name as by id or path, even in an age-restricted channel', async () => {
		await setup('nsfw', { mode: 'off' });
		try {
			for (const named of namings(LILITH)) {
				for (const channelId of [channels().nsfw, channels().general]) {
					expect(await character(named, channelId)).toBe(
						'Lilith is NSFW, and this server has NSFW content turned off.',
					);
				}
			}
		} finally {
			await setup('nsfw', { mode: 'age-restricted' });
		}
		const { message } = await answerMessage(
			world.discord,
			world.discord.slash(
				'character',
				{ name: 'Lilith of the Ninth Gate' },
				{ user: users().member, channelId: channels().nsfw },
			),
		);
		expect(message.embeds[0]?.title).toBe('Lilith of the Ninth Gate');
	});

	it('says the server hides a creator’s character, by name as by id or path', async () => {
		await setup('block', { kind: 'user', name: 'creator_b' });
		try {
			for (const named of namings(KAEL)) {
				expect(await character(named)).toBe('This server hides characters by creator\\_b, so Kael is not shown.');
			}
		} finally {
			await setup('unblock', { kind: 'user', name: 'creator_b' });
		}
	});

	it('still finds a character that may show, and says plainly when nothing matches', async () => {
		const { message } = await answerMessage(
			world.discord,
			world.discord.slash('character', { name: 'Grandma Hilde' }, { user: users().member }),
		);
		expect(message.embeds[0]?.title).toBe('Grandma Hilde');
		expect(await character('Nobody Called This')).toBe('Rostro has no character called Nobody Called This.');
	});
});

describe('/search nsfw:true refusals', () => {
	function search(channelId: string) {
		const options = { query: 'velvet', nsfw: true };
		return answerMessage(world.discord, world.discord.slash('search', options, { user: users().member, channelId }));
	}

	it('says the server turned NSFW off rather than blaming the channel', async () => {
		expect((await search(channels().general)).message.content).toContain(NSFW_IGNORED);

		await setup('nsfw', { mode: 'off' });
		try {
			for (const channelId of [channels().nsfw, channels().general]) {
				const { message } = await search(channelId);
				expect(message.content).toContain(NSFW_OFF);
				expect(message.content).not.toContain(NSFW_IGNORED);
			}
		} finally {
			await setup('nsfw', { mode: 'age-restricted' });
		}
	});
});
