import type { World } from '../test/e2e/world.js';
import { type AckResult, type Load, loopTime, measureAcks } from './ack-latency.js';

const WARM_QUERIES = 20;

/**
 * `/chat start character:` suggestions, which come from Rostro's search behind a short-lived
 * cache: cold, every query is new and goes to Rostro; warm, the same few queries come back
 * after they were answered once. Latency is until Discord has the choices. `port`: the bot's
 * health server.
 */
export async function autocompleteBench(
	world: World,
	load: Load,
	port: number,
): Promise<{ cold: AckResult; warm: AckResult }> {
	const { discord } = world;
	const loop = () => loopTime(port);
	const user = discord.guild.users.member;
	const suggest = (query: string) =>
		discord.autocomplete('chat', 'character', { character: query }, { user, subcommand: 'start' });

	const cold = await measureAcks(discord, world.bot, load, (index) => suggest(`cold query ${index}`), { loop });

	const warmQuery = (index: number) => `warm query ${index % WARM_QUERIES}`;
	await Promise.all(
		Array.from({ length: WARM_QUERIES }, (_, index) => discord.waitForResponse(suggest(warmQuery(index)))),
	);
	const warm = await measureAcks(discord, world.bot, load, (index) => suggest(warmQuery(index)), { loop });
	return { cold: { ...cold, load: `${cold.load} cold` }, warm: { ...warm, load: `${warm.load} warm` } };
}
