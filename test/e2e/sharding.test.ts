import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord/index.js';
import { type RostroSimulator, startRostroSimulator } from '../fakes/rostro/index.js';
import { freshStorage } from './bot-process.js';

const script = new URL('../../dist/src/scripts/start-sharded.js', import.meta.url).pathname;

let discord: FakeDiscord;
let rostro: RostroSimulator;
beforeAll(async () => {
	[discord, rostro] = await Promise.all([startFakeDiscord(), startRostroSimulator()]);
});
afterAll(async () => {
	await Promise.all([discord?.close(), rostro?.close()]);
});

function startSharded(env: Record<string, string>): { manager: ChildProcess; output: () => string } {
	let output = '';
	const manager = spawn(process.execPath, [script], {
		env: {
			PATH: process.env.PATH ?? '',
			LOG_LEVEL: 'warn',
			DISCORD_TOKEN: discord.botToken,
			DISCORD_API_URL: discord.apiUrl,
			ROSTRO_API_URL: rostro.url,
			...freshStorage(),
			...env,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	manager.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
		output += chunk;
	});
	manager.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
		output += chunk;
	});
	process.on('exit', () => manager.kill('SIGKILL'));
	return { manager, output: () => output };
}

describe('npm run start:sharded', () => {
	it('runs one process per shard, each identifying only its own, and stops them all on SIGTERM', async () => {
		const { manager, output } = startSharded({ SHARD_COUNT: '2' });
		await discord.waitFor(() => output().includes('all 2 shards ready') || undefined, 60_000);

		const shards = discord.gatewayFrames
			.filter((frame) => frame.op === 2)
			.map((frame) => (frame.d as { shard: number[] }).shard)
			.sort();
		expect(shards).toEqual([
			[0, 2],
			[1, 2],
		]);

		manager.kill('SIGTERM');
		const [code] = await once(manager, 'exit');
		expect(code).toBe(0);
	}, 90_000);

	it('asks Discord for the shard count through DISCORD_API_URL when SHARD_COUNT is not set', async () => {
		const { manager, output } = startSharded({});
		await discord.waitFor(() => output().includes('all 1 shards ready') || undefined, 60_000);
		const asked = discord.calls.filter((call) => call.path.endsWith('/gateway/bot'));
		expect(asked.length).toBeGreaterThan(0);
		manager.kill('SIGTERM');
		await once(manager, 'exit');
	}, 90_000);
});
