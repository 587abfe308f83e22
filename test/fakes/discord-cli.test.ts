import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotProcess, freshStorage } from '../e2e/bot-process.js';
import { type RostroSimulator, startRostroSimulator } from './rostro/index.js';

// `npm run fake-discord`, as a developer uses it: read the settings it prints, start the bot
// with them, type a command.

const run = promisify(execFile);
const cli = new URL('./discord/cli.ts', import.meta.url).pathname;
const tsx = new URL('../../node_modules/.bin/tsx', import.meta.url).pathname;
const deployScript = new URL('../../dist/src/scripts/deploy.js', import.meta.url).pathname;

let fake: ChildProcess;
let output = '';
let bot: BotProcess | undefined;
let rostro: RostroSimulator;

/** Waits until the CLI has printed something matching, and returns the match. */
async function printed(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const found = output.match(pattern);
		if (found) return found;
		if (Date.now() > deadline) throw new Error(`not printed: ${pattern}\n${output}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

beforeAll(async () => {
	rostro = await startRostroSimulator();
	fake = spawn(tsx, [cli], { stdio: ['pipe', 'pipe', 'pipe'] });
	fake.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
		output += chunk;
	});
	fake.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
		output += chunk;
	});
});

afterAll(async () => {
	await bot?.stop();
	fake.stdin?.end('quit\n');
	if (fake.exitCode === null) await new Promise((resolve) => fake.once('exit', resolve));
	await rostro?.close();
});

describe('npm run fake-discord', () => {
	it('prints the settings for .env, and answers a typed command through the bot started with them', async () => {
		const names = ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'DISCORD_API_URL', 'DISCORD_DEV_GUILD_ID'];
		const env: Record<string, string> = {};
		for (const name of names) env[name] = (await printed(new RegExp(`^${name}=(\\S+)$`, 'm')))[1] ?? '';
		expect(env.DISCORD_API_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);

		const settings = { ...env, ROSTRO_API_URL: rostro.url, ...freshStorage() };
		await run(process.execPath, [deployScript], { env: { PATH: process.env.PATH ?? '', ...settings } });
		bot = new BotProcess(settings);
		await bot.ready();
		await printed(/\(the bot connected\)/);

		fake.stdin?.write('as member /help\n');
		await printed(/^\(only you see this\) What you can use here/m);

		fake.stdin?.write('/setup\n'); // no subcommand: the bot explains, privately
		await printed(/^\(only you see this\) Discord sent this command with no subcommand/m);
	}, 60_000);

	it('prints what an answer became: a public placeholder edited, then a private follow-up', async () => {
		fake.stdin?.write('/setup token\n');
		await printed(/^\(a form\) answer it with: form setup:token token:<value>$/m);
		fake.stdin?.write(`form setup:token token:${rostro.tokens.creatorA}\n`);
		await printed(/^\(only you see this\) This server now uses the Rostro account/m);

		const from = output.length;
		fake.stdin?.write('/tts text:hello voice:nosuchvoice\n');
		const later = async (pattern: RegExp) => {
			for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
				const found = output.slice(from).match(pattern);
				if (found) return found;
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			throw new Error(`not printed: ${pattern}\n${output.slice(from)}`);
		};
		await later(/^\(the bot deleted its answer: …\)$/m);
		expect(output.slice(from)).toBe(
			'(public) …\n' +
				'(only you see this) Rostro has no such voice; pick one of the suggested voices.\n' +
				'(the bot deleted its answer: …)\n',
		);
	}, 60_000);

	it('starts a chat by its creator/name path, as the README shows', async () => {
		const from = output.length;
		fake.stdin?.write('/chat start character:creator_a/luna-moon-spirit\n');
		const later = () => output.slice(from);
		for (const deadline = Date.now() + 15_000; !later().includes('Still awake') && Date.now() < deadline; ) {
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		expect(later()).toMatch(/^\(only you see this\) Your chat is open: <#\d+>\.\n/);
		expect(later()).toMatch(/^\[#\d+\] Luna: .*Still awake, Admin\?$/m);
	}, 60_000);
});
