import { setTimeout as delay } from 'node:timers/promises';
import { startConnectedWorld, type World } from '../test/e2e/world.js';
import { botMemory, healthPort } from './processes.js';
import { percentile } from './stats.js';

const JOBS = 100;
const JOB_SECONDS = 8;

/** Starts `count` /imagine jobs at once; resolves with the handles once each result was delivered. */
function imagine(world: World, count: number, label: string) {
	const { discord } = world;
	const user = discord.guild.users.member;
	const handles = Array.from({ length: count }, (_, index) =>
		discord.slash('imagine', { prompt: `a lighthouse at dusk, ${label} ${index}` }, { user }),
	);
	const delivered = () =>
		Promise.all(handles.map((handle) => discord.waitForResponse(handle, (r) => r.files.length > 0, 120_000)));
	return { handles, delivered };
}

/**
 * A hundred /imagine jobs at once, each taking 8 s at Rostro: how fast every interaction is
 * acknowledged, how many checks each job costs Rostro per second, and whether the bot's memory
 * comes back down once they are delivered. The bot runs with --expose-gc, so memory held can be
 * told from garbage not yet collected: the heap is compared after a full collection, before and
 * after, both once a first round of jobs has warmed the bot up (compiled code and connection
 * pools grow once, to their size; what a job leaves behind would grow with every round).
 */
export async function imagineBench() {
	const world = await startConnectedWorld({
		LOG_LEVEL: 'info',
		ROSTRO_BOT_HEALTH_PORT: '0',
		NODE_OPTIONS: '--expose-gc',
	});
	const { rostro, bot } = world;
	const port = await healthPort(bot);
	rostro.setCredits('creator_a', 1_000_000); // the seeded 5,000 pay for about a hundred images

	// A first round, quicker at Rostro: connection pools and compiled code reach their size.
	rostro.options.jobDurationMs = 1_000;
	await imagine(world, JOBS, 'warm-up').delivered();
	rostro.options.jobDurationMs = JOB_SECONDS * 1_000;
	await delay(2_000);
	const baseline = await botMemory(bot, port);
	const baselineGc = await botMemory(bot, port, true);

	const started = Date.now();
	const checksBefore = rostro.requests.filter((r) => r.path === '/imagine/check').length;
	const jobs = imagine(world, JOBS, 'study');
	const acks = await Promise.all(
		jobs.handles.map(async (handle) => {
			const response = await world.discord.waitForResponse(handle, (r) => r.kind === 'callback', 10_000);
			return response.at - started;
		}),
	);
	const peak = await botMemory(bot, port);
	await jobs.delivered();
	const seconds = (Date.now() - started) / 1000;
	const checks = rostro.requests.filter((r) => r.path === '/imagine/check').length - checksBefore;

	await delay(10_000);
	const after = await botMemory(bot, port);
	const afterGc = await botMemory(bot, port, true);
	await world.close();

	return {
		jobs: JOBS,
		ackP99Ms: percentile(acks, 0.99),
		ackMaxMs: Math.max(...acks),
		checksPerJobPerSecond: Math.round((checks / JOBS / seconds) * 100) / 100,
		rssBaselineMb: baseline.rssMb,
		rssPeakMb: peak.rssMb,
		rssAfterMb: after.rssMb,
		heapBaselineMb: baseline.heapMb,
		heapPeakMb: peak.heapMb,
		heapAfterMb: after.heapMb,
		heapBaselineGcMb: baselineGc.heapMb,
		heapAfterGcMb: afterGc.heapMb,
		rssAfterGcMb: afterGc.rssMb,
	};
}
