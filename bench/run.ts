import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { type AckResult, bareClientAck, botAck, botHelpAck, type Load, startBenchBot } from './ack-latency.js';
import { autocompleteBench } from './autocomplete.js';
import { imagineBench } from './imagine.js';
import { memoryBench } from './memory.js';
import { promptBench } from './prompt.js';
import { atMost, type Target, targetsTable } from './report.js';
import { streamingBench } from './streaming.js';

// `npm run bench` runs every phase; `npx tsx bench/run.ts memory imagine` only those (after
// `npm run build`). One phase after another, never the bot and a bare client at once, so they
// share nothing but the machine; comparing them within one run cancels out how busy it is.
const PHASES = ['ack', 'prompt', 'streaming', 'imagine', 'memory'] as const;
type Phase = (typeof PHASES)[number];

const LOADS: Load[] = [
	{ perSecond: 50, seconds: 4 },
	{ perSecond: 200, seconds: 6 },
	{ perSecond: 500, seconds: 6 },
];
/** Other work on the machine, in percent of its cores, above which the acknowledgement table says so. */
const OTHER_WORK_NOTICE = 10;
const AUTOCOMPLETE_LOAD: Load = { perSecond: 200, seconds: 4 };

const targets: Target[] = [];
const startup: { client: string; guilds: number; readyMs: number }[] = [];
const results: Record<string, unknown> = {};
const ratio = (a: number, b: number) => Math.round((a / b) * 10) / 10;

type AckRow = { load: string; bare: AckResult; bot: AckResult; p99Ratio: number };

function printAck(rows: AckRow[], help: AckResult): void {
	console.log('Interaction acknowledgement latency (ms), Rostro answering /account status in 2 s');
	console.table(
		rows.map((row) => ({
			load: row.load,
			'bare p50': row.bare.p50,
			'bare p99': row.bare.p99,
			'bot p50': row.bot.p50,
			'bot p99': row.bot.p99,
			'p99 bot/bare': row.p99Ratio,
			'bare CPU ms each': row.bare.cpuMsPerInteraction,
			'bot CPU ms each': row.bot.cpuMsPerInteraction,
			'fakes CPU ms each, bare/bot': `${row.bare.fakesCpuMsPerInteraction} / ${row.bot.fakesCpuMsPerInteraction}`,
			'machine busy %, bare/bot': `${row.bare.machineBusyPercent} / ${row.bot.machineBusyPercent}`,
			'other work %, bare/bot': `${row.bare.otherWorkPercent} / ${row.bot.otherWorkPercent}`,
			'bot event loop busy %': row.bot.loopBusyPercent,
			'bot 429s': row.bot.discord429s,
		})),
	);
	const disturbed = rows.filter(
		(row) => Math.max(row.bare.otherWorkPercent, row.bot.otherWorkPercent) > OTHER_WORK_NOTICE,
	);
	if (disturbed.length > 0) {
		console.log(
			`Other work took more than ${OTHER_WORK_NOTICE} % of the machine at ${disturbed.map((row) => row.load).join(', ')}: ` +
				'those ratios measure the machine as much as the bot; run again when it is quieter.',
		);
	}
	const top = rows.at(-1) as AckRow;
	console.log(
		`The bot's acknowledgement path alone (/help, nothing after it) at ${top.load}: ` +
			`p50 ${help.p50} ms, p99 ${help.p99} ms (${ratio(help.p99, top.bare.p99)}× the bare client's p99)`,
	);
}

function autocompleteTarget(rows: AckRow[], warm: AckResult): Target {
	const floor = rows.find((row) => row.load === `${AUTOCOMPLETE_LOAD.perSecond}/s`) as AckRow;
	const warmRatio = ratio(warm.p99, floor.bare.p99);
	return {
		phase: 'autocomplete',
		what: `warm p99 / bare ack p99 at ${AUTOCOMPLETE_LOAD.perSecond}/s`,
		target: '≤ 5×',
		measured: `${warmRatio}× (${warm.p99} / ${floor.bare.p99} ms)`,
		met: warmRatio <= 5,
	};
}

async function ackPhase(): Promise<void> {
	const bare = await bareClientAck(LOADS);
	const { world, readyMs, port } = await startBenchBot();
	const bot = await botAck(world, LOADS, port);
	const help = await botHelpAck(world, LOADS.at(-1) as Load, port);
	const autocomplete = await autocompleteBench(world, AUTOCOMPLETE_LOAD, port);
	await world.close();

	const rows = bot.map((row, index): AckRow => {
		const floor = bare[index] as AckResult;
		return { load: row.load, bare: floor, bot: row, p99Ratio: ratio(row.p99, floor.p99) };
	});
	printAck(rows, help);
	console.log(`\n/chat start character autocomplete (ms), ${AUTOCOMPLETE_LOAD.perSecond} a second`);
	console.table([autocomplete.cold, autocomplete.warm]);

	for (const row of rows.filter((r) => r.load !== '50/s')) {
		const what = `ack p99 at ${row.load}, bot/bare`;
		targets.push({ phase: 'ack', what, target: '≤ 3×', measured: `${row.p99Ratio}×`, met: row.p99Ratio <= 3 });
	}
	targets.push(autocompleteTarget(rows, autocomplete.warm));
	const all429s = [...bot, help, autocomplete.cold, autocomplete.warm].reduce((sum, row) => sum + row.discord429s, 0);
	targets.push({ phase: 'ack', what: 'Discord 429s', target: '0', measured: String(all429s), met: all429s === 0 });
	results.ack = { loads: rows, helpOnly: help, autocomplete };
	startup.push({ client: 'bot', guilds: 1, readyMs });
}

async function promptPhase(): Promise<void> {
	const prompt = await promptBench();
	console.log('\nPrompt assembly for a 200-turn history (ms)');
	console.table([prompt]);
	targets.push({
		phase: 'prompt',
		what: 'warm p99',
		target: '≤ 5 ms',
		measured: `${prompt.p99Ms} ms`,
		met: prompt.p99Ms <= 5,
	});
	results.prompt = prompt;
}

async function streamingPhase(): Promise<void> {
	const streaming = await streamingBench();
	console.log('\nTwenty threads streaming at once');
	console.table([streaming]);
	targets.push(
		atMost('streaming', 'first token → first visible text, p99', streaming.firstVisibleP99Ms, 500, ' ms'),
		atMost('streaming', 'edits per message per minute', streaming.editsPerMessagePerMinute, 60),
		atMost('streaming', 'Discord 429s', streaming.discord429s, 0),
	);
	results.streaming = streaming;
}

async function imaginePhase(): Promise<void> {
	const imagine = await imagineBench();
	console.log('\nA hundred /imagine jobs at once (memory in MB)');
	console.table([imagine]);
	const heapGrowth = imagine.heapAfterGcMb - imagine.heapBaselineGcMb;
	targets.push(
		atMost('imagine', 'every job acknowledged', imagine.ackMaxMs, 3_000, ' ms'),
		atMost('imagine', 'checks per job per second', imagine.checksPerJobPerSecond, 1),
		atMost('imagine', 'heap after GC, 10 s after the jobs − before', Math.round(heapGrowth * 10) / 10, 1, ' MB'),
	);
	results.imagine = imagine;
}

async function memoryPhase(): Promise<void> {
	const memory = await memoryBench();
	console.log(`\nMemory after READY with ${memory.guilds} guilds (MB, after a full GC)`);
	console.table(memory.clients);
	console.log('\nThe bot as it works (MB, after a full GC)');
	console.table(memory.bot);
	const limited = memory.clients.find((row) => row.client === 'bare, caches as the bot’s');
	const bot = memory.clients.find((row) => row.client === 'bot');
	if (limited && bot) {
		const over = Math.round((bot.rssMb - limited.rssMb) * 10) / 10;
		targets.push({
			phase: 'memory',
			what: `RSS after READY, bot − cache-limited bare client`,
			target: '≤ 40 MB',
			measured: `${over} MB (${bot.rssMb} − ${limited.rssMb})`,
			met: over <= 40,
		});
	}
	targets.push({
		phase: 'memory',
		what: `RSS growth over ${memory.interactions} interactions`,
		target: '< 10 %',
		measured: `${memory.growthPercent} %`,
		met: memory.growthPercent < 10,
	});
	results.memory = memory;
	for (const row of memory.clients) startup.push({ client: row.client, guilds: memory.guilds, readyMs: row.readyMs });
}

const run: Record<Phase, () => Promise<void>> = {
	ack: ackPhase,
	prompt: promptPhase,
	streaming: streamingPhase,
	imagine: imaginePhase,
	memory: memoryPhase,
};

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !PHASES.includes(name as Phase));
if (unknown.length > 0) {
	console.error(`unknown phase ${unknown.join(', ')}; the phases are ${PHASES.join(', ')}`);
	process.exit(2);
}
const phases = asked.length > 0 ? (asked as Phase[]) : [...PHASES];

const started = Date.now();
const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, loadAverage: loadavg() };
for (const phase of phases) await run[phase]();
const seconds = Math.round((Date.now() - started) / 1000);

if (startup.length > 0) {
	console.log('\nStart-up: from the process starting to READY (ms)');
	console.table(startup);
	results.startup = startup;
}
console.log(`\nTargets (${seconds} s in all)`);
console.table(targetsTable(targets));

mkdirSync('bench/results', { recursive: true });
const report = { at: new Date().toISOString(), seconds, machine, phases, results, targets };
writeFileSync('bench/results/latest.json', `${JSON.stringify(report, null, 2)}\n`);
console.log('Written to bench/results/latest.json');
