import { describe, expect, it } from 'vitest';
import { ConfigError, decodeSecret, loadConfig, unsetEmptySettings } from '../../src/config.js';

const hexSecret = 'ab'.repeat(32);

function problemsOf(env: Record<string, string>, requirements: Parameters<typeof loadConfig>[1] = []): string[] {
	try {
		loadConfig(env, requirements);
	} catch (error) {
		if (error instanceof ConfigError) return error.problems;
		throw error;
	}
	return [];
}

describe('loadConfig', () => {
	it('applies the documented defaults', () => {
		const config = loadConfig({ DISCORD_TOKEN: 'x' });
		expect(config.discord.apiUrl).toBe('https://discord.com/api');
		expect(config.discord.messageContent).toBe(false);
		expect(config.rostro.apiUrl).toBe('https://api.rostro.dev');
		expect(config.rostro.inferenceUrl).toBe('https://api.rostro.dev/v1');
		expect(config.storage).toEqual({ url: 'sqlite://data/rostro-bot.sqlite', kind: 'sqlite' });
		expect(config.logLevel).toBe('info');
		expect(config.secret).toBeUndefined();
	});

	it('derives the inference URL from ROSTRO_API_URL unless it is set', () => {
		expect(loadConfig({ ROSTRO_API_URL: 'http://127.0.0.1:9/' }).rostro.inferenceUrl).toBe('http://127.0.0.1:9/v1');
		const own = loadConfig({ ROSTRO_API_URL: 'http://a.test', ROSTRO_INFERENCE_URL: 'http://b.test/v1' });
		expect(own.rostro.inferenceUrl).toBe('http://b.test/v1');
	});

	it('treats empty variables as unset, as a copied .env.example leaves them', () => {
		const config = loadConfig({
			DISCORD_TOKEN: 'x',
			STORAGE_URL: '',
			LOG_LEVEL: '',
			SHARD_COUNT: '',
			DISCORD_APPLICATION_ID: '',
		});
		expect(config.storage.kind).toBe('sqlite');
		expect(config.shardCount).toBeUndefined();
	});

	it('names every missing requirement on its own line', () => {
		const problems = problemsOf({}, ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID']);
		expect(problems).toHaveLength(2);
		expect(problems[0]).toMatch(/^DISCORD_TOKEN: missing; expected/);
		expect(problems[1]).toMatch(/^DISCORD_APPLICATION_ID: missing; expected/);
	});

	it('reports every malformed value at once', () => {
		const problems = problemsOf({
			DISCORD_API_URL: 'not a url',
			DISCORD_MESSAGE_CONTENT: 'maybe',
			STORAGE_URL: 'mysql://x',
			LOG_LEVEL: 'loud',
			ROSTRO_BOT_SECRET: 'short',
			DISCORD_APPLICATION_ID: 'abc',
		});
		const names = problems.map((line) => line.split(':')[0]);
		expect(names.sort()).toEqual(
			[
				'DISCORD_API_URL',
				'DISCORD_APPLICATION_ID',
				'DISCORD_MESSAGE_CONTENT',
				'LOG_LEVEL',
				'ROSTRO_BOT_SECRET',
				'STORAGE_URL',
			].sort(),
		);
	});

	it('requires a secret with shared storage', () => {
		expect(problemsOf({ STORAGE_URL: 'redis://127.0.0.1:6379' })[0]).toMatch(/^ROSTRO_BOT_SECRET: required/);
		const config = loadConfig({ STORAGE_URL: 'postgres://u@h/db', ROSTRO_BOT_SECRET: hexSecret });
		expect(config.storage.kind).toBe('postgres');
		expect(config.secret?.length).toBe(32);
	});

	it('takes a storage prefix of lowercase letters, digits and dashes', () => {
		expect(loadConfig({ ROSTRO_BOT_STORAGE_PREFIX: 'staging-' }).storage.prefix).toBe('staging-');
		expect(loadConfig({}).storage.prefix).toBeUndefined();
		expect(problemsOf({ ROSTRO_BOT_STORAGE_PREFIX: 'Staging:' })[0]).toMatch(/^ROSTRO_BOT_STORAGE_PREFIX: expected/);
	});

	it('checks shard ids against the shard count', () => {
		expect(problemsOf({ SHARD_IDS: '0,1' })[0]).toMatch(/^SHARD_COUNT: required/);
		expect(problemsOf({ SHARD_IDS: '0,2', SHARD_COUNT: '2' })[0]).toMatch(/^SHARD_IDS: 2 not below/);
		expect(loadConfig({ SHARD_IDS: '0, 1', SHARD_COUNT: '4' }).shardIds).toEqual([0, 1]);
	});
});

describe('unsetEmptySettings', () => {
	it('unsets the settings given empty, as Docker passes the blank lines of .env.example, and keeps the rest', () => {
		const env: NodeJS.ProcessEnv = { SHARD_COUNT: '', SHARDS: ' ', LOG_LEVEL: 'debug', STORAGE_URL: '', HOME: '' };

		unsetEmptySettings(env);

		expect(env).toEqual({ LOG_LEVEL: 'debug', HOME: '' });
	});
});

describe('decodeSecret', () => {
	it('accepts 64 hex characters and base64 of 32 bytes', () => {
		const bytes = Buffer.alloc(32, 7);
		expect(decodeSecret(bytes.toString('hex'))).toEqual(bytes);
		expect(decodeSecret(bytes.toString('base64'))).toEqual(bytes);
	});

	it('refuses anything of another length', () => {
		expect(decodeSecret('ab'.repeat(31))).toBeUndefined();
		expect(decodeSecret(Buffer.alloc(16).toString('base64'))).toBeUndefined();
		expect(decodeSecret('not a secret!')).toBeUndefined();
	});
});

describe('loadConfig, problems found together', () => {
	it('reports the checks across variables along with a malformed one', () => {
		const problems = problemsOf({ SHARD_IDS: '3', LOG_LEVEL: 'x' });
		expect(problems.map((line) => line.split(':')[0]).sort()).toEqual(['LOG_LEVEL', 'SHARD_COUNT']);
		expect(problemsOf({ SHARD_IDS: '3', SHARD_COUNT: '2', STORAGE_URL: 'mysql://x' })).toEqual([
			expect.stringMatching(/^STORAGE_URL: /),
			'SHARD_IDS: 3 not below SHARD_COUNT (2)',
		]);
	});

	it('lists the log levels in a sentence', () => {
		expect(problemsOf({ LOG_LEVEL: 'chatty' })).toEqual([
			'LOG_LEVEL: expected one of trace, debug, info, warn, error, fatal or silent',
		]);
	});

	it('refuses sqlite:// without a file', () => {
		for (const url of ['sqlite://', 'sqlite:///']) {
			expect(problemsOf({ STORAGE_URL: url })).toEqual([
				'STORAGE_URL: expected a file after sqlite://, for example sqlite://data/rostro-bot.sqlite',
			]);
		}
		expect(loadConfig({ STORAGE_URL: 'sqlite:///var/lib/bot.sqlite' }).storage.kind).toBe('sqlite');
	});

	it('refuses context sizes too small to hold a prompt and its reply', () => {
		expect(problemsOf({ ROSTRO_BOT_CHAT_CONTEXT_SIZES: 'mythomax=0,asha=8192,mobile=500' })).toEqual([
			'ROSTRO_BOT_CHAT_CONTEXT_SIZES: expected at least 1024 tokens per model, not mythomax=0, mobile=500 ' +
				'(400 are kept for the reply)',
		]);
		const sizes = loadConfig({ ROSTRO_BOT_CHAT_CONTEXT_SIZES: 'mythomax=1024, asha=8192' }).chat.contextSizes;
		expect(sizes).toEqual({ mythomax: 1_024, asha: 8_192 });
	});
});
