import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { startConnectedWorld } from '../test/e2e/world.js';
import { percentile } from './stats.js';

const JOBS = 100;
const JOB_SECONDS = 8;

/** The resident memory of a process, in MB, as Linux reports it. */
function rssMb(pid: number | undefined): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? Number.NaN);
	return Math.round(kb / 102.4) / 10;
}

/**
 * A hundred /imagine jobs at once, each taking 8 s at Rostro: how fast every interaction is
 * acknowledged, how many checks each job costs Rostro per second, and whether the bot's memory
 * comes back down once they are delivered.
 */
export async function imagineBench() {
	const world = await startConnectedWorld({ LOG_LEVEL: 'info', ROSTRO_BOT_HEALTH_PORT: '0' });
	const { discord, rostro, bot } = world;
	const listening = await bot.waitForLog((line) => line.msg === 'health server listening');
	const heapMb = async () => {
		const health = (await (await fetch(`http://127.0.0.1:${listening.port}/healthz`)).json()) as {
			memory: { heapUsedMb: number };
		};
		return health.memory.heapUsedMb;
	};
	rostro.options.jobDurationMs = JOB_SECONDS * 1_000;
	await delay(2_000);
	const baselineMb = rssMb(bot.pid);
	const heapBaselineMb = await heapMb();

	const started = Date.now();
	const checksBefore = rostro.requests.filter((r) => r.path === '/imagine/check').length;
	const handles = Array.from({ length: JOBS }, (_, index) =>
		discord.slash('imagine', { prompt: `a lighthouse at dusk, study ${index}` }, { user: discord.guild.users.member }),
	);
	const acks = await Promise.all(
		handles.map(async (handle) => {
			const response = await discord.waitForResponse(handle, (r) => r.kind === 'callback', 10_000);
			return response.at - started;
		}),
	);
	const peakMb = rssMb(bot.pid);
	const heapPeakMb = await heapMb();
	await Promise.all(handles.map((handle) => discord.waitForResponse(handle, (r) => r.files.length > 0, 120_000)));
	const seconds = (Date.now() - started) / 1000;
	const checks = rostro.requests.filter((r) => r.path === '/imagine/check').length - checksBefore;

	await delay(10_000); // let the collector run after the jobs are gone
	const afterMb = rssMb(bot.pid);
	const heapAfterMb = await heapMb();
	await world.close();

	return {
		jobs: JOBS,
		ackP99Ms: percentile(acks, 0.99),
		ackMaxMs: Math.max(...acks),
		checksPerJobPerSecond: Math.round((checks / JOBS / seconds) * 100) / 100,
		rssBaselineMb: baselineMb,
		rssPeakMb: peakMb,
		rssAfterMb: afterMb,
		heapBaselineMb,
		heapPeakMb,
		heapAfterMb,
	};
}
