import { mkdirSync, writeFileSync } from 'node:fs';
import { bareClientAck, botAck, type Load } from './ack-latency.js';
import { imagineBench } from './imagine.js';
import { promptBench } from './prompt.js';
import { streamingBench } from './streaming.js';

// One phase after another, never the bot and the bare client at once, so they share nothing but
// the machine; comparing them within one run cancels out how busy the machine is.
const loads: Load[] = [
	{ perSecond: 50, seconds: 5 },
	{ perSecond: 200, seconds: 5 },
];

const rows = [];
for (const load of loads) {
	const bare = await bareClientAck(load);
	const bot = await botAck(load);
	rows.push({ load: `${load.perSecond}/s`, bare, bot, p99Ratio: Math.round((bot.p99 / bare.p99) * 10) / 10 });
}

console.log('Interaction acknowledgement latency (ms), Rostro answering in 2 s');
console.table(
	rows.map((row) => ({
		load: row.load,
		'bare p50': row.bare.p50,
		'bare p99': row.bare.p99,
		'bot p50': row.bot.p50,
		'bot p99': row.bot.p99,
		'p99 bot/bare': row.p99Ratio,
	})),
);

const prompt = await promptBench();
console.log('\nPrompt assembly for a 200-turn history (target: at most 5 ms)');
console.table([prompt]);

const streaming = await streamingBench();
console.log('\nTwenty threads streaming at once (targets: first text within 500 ms, no Discord 429)');
console.table([streaming]);

const imagine = await imagineBench();
console.log('\nA hundred /imagine jobs at once (targets: acknowledged within 3 s, at most 1 check per job per second)');
console.table([imagine]);

mkdirSync('bench/results', { recursive: true });
const results = { at: new Date().toISOString(), ack: rows, prompt, streaming, imagine };
writeFileSync('bench/results/latest.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('Written to bench/results/latest.json');
