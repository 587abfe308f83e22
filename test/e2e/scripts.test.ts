import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitePermissions } from '../../src/discord/invite.js';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord/index.js';

const run = promisify(execFile);
const script = (name: string) => new URL(`../../dist/src/scripts/${name}.js`, import.meta.url).pathname;
const baseEnv = { PATH: process.env.PATH ?? '' };

let discord: FakeDiscord;
beforeAll(async () => {
	discord = await startFakeDiscord();
});
afterAll(() => discord?.close());

describe('npm run deploy', () => {
	const env = () => ({
		...baseEnv,
		DISCORD_TOKEN: discord.botToken,
		DISCORD_APPLICATION_ID: discord.applicationId,
		DISCORD_API_URL: discord.apiUrl,
	});

	it('registers every command globally in one bulk overwrite', async () => {
		const { stdout } = await run(process.execPath, [script('deploy')], { env: env() });
		const global = discord.commands();
		expect(stdout.trim()).toBe(`Registered ${global.length} commands globally.`);
		expect(global.map((command) => command.name)).toEqual(expect.arrayContaining(['setup', 'account', 'help']));
		expect(global.find((command) => command.name === 'setup')?.default_member_permissions).toBe('32');
		const puts = discord.calls.filter((call) => call.method === 'PUT');
		expect(puts).toHaveLength(1);
		expect(puts[0]?.path).toMatch(new RegExp(`/applications/${discord.applicationId}/commands$`));
	});

	it('registers in one guild when DISCORD_DEV_GUILD_ID is set', async () => {
		const { stdout } = await run(process.execPath, [script('deploy')], {
			env: { ...env(), DISCORD_DEV_GUILD_ID: discord.guild.id },
		});
		expect(stdout).toMatch(new RegExp(`commands in guild ${discord.guild.id}\\.`));
		expect(discord.commands(discord.guild.id).length).toBeGreaterThan(0);
	});

	it('explains a server the bot is not in, and a rejected token, in one sentence', async () => {
		const strange = await run(process.execPath, [script('deploy')], {
			env: { ...env(), DISCORD_DEV_GUILD_ID: '123456789012345678' },
		}).catch((error) => error);
		expect(strange.code).toBe(1);
		expect(strange.stderr.trim()).toMatch(
			/^The bot is not in the server DISCORD_DEV_GUILD_ID names \(123456789012345678\)/,
		);
		expect(strange.stderr).not.toMatch(/\bat \S+ \(/);
	});

	it('names what is missing instead of deploying half-configured', async () => {
		const failure = await run(process.execPath, [script('deploy')], { env: baseEnv }).catch((error) => error);
		expect(failure.code).toBe(1);
		expect(failure.stderr).toMatch(/DISCORD_TOKEN: missing/);
		expect(failure.stderr).toMatch(/DISCORD_APPLICATION_ID: missing/);
	});
});

describe('npm run invite', () => {
	it('prints the invite URL with the exact permissions and scopes', async () => {
		const { stdout } = await run(process.execPath, [script('invite')], {
			env: { ...baseEnv, DISCORD_APPLICATION_ID: '123456789012345678' },
		});
		const url = new URL(stdout.trim());
		expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
		expect(url.searchParams.get('client_id')).toBe('123456789012345678');
		expect(url.searchParams.get('scope')).toBe('bot applications.commands');
		expect(url.searchParams.get('permissions')).toBe(invitePermissions.toString());
		// View, Send, Send in Threads, Create Public/Private Threads, Embed, Attach, History, Webhooks, Threads
		expect(invitePermissions).toBe(395_673_979_904n);
	});
});

describe('npm run sim', () => {
	it('starts the simulator on its own and prints its URL', async () => {
		const sim = spawn(process.execPath, ['--import', 'tsx', 'test/fakes/rostro/main.ts'], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let output = '';
		sim.stdout.setEncoding('utf8');
		const url = await new Promise<string>((resolve) => {
			sim.stdout.on('data', (chunk: string) => {
				output += chunk;
				const found = output.match(/ROSTRO_API_URL=(http:\/\/127\.0\.0\.1:\d+)/);
				if (found?.[1]) resolve(found[1]);
			});
		});
		const search = await fetch(`${url}/search?search=a&first=1`);
		expect(search.status).toBe(200);
		sim.kill('SIGTERM');
		await once(sim, 'exit');
	});
});
