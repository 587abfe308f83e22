import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store, TokenVault } from '../../src/store/index.js';
import { rotateSecret } from '../../src/store/rotate.js';
import { capturingLogger, configFor, newSecret, removeTemporaryDirs, temporaryDir } from './backends.js';

const oldKey = newSecret();
const newKey = newSecret();
const strayKey = newSecret();

afterAll(removeTemporaryDirs);

describe('rotateSecret', () => {
	let url: string;
	let store: Store;

	beforeEach(async () => {
		url = `sqlite://${await temporaryDir()}/bot.sqlite`;
		store = await openStore(configFor(url, oldKey), capturingLogger().logger);

		await store.guilds.set('111111111111111111', { token: store.vault.seal('rk_guild_1'), chatModel: 'kept' });
		await store.guilds.set('222222222222222222', { token: store.vault.seal('rk_guild_2') });
		await store.guilds.set('444444444444444444', { chatModel: 'no token' });
		await store.members.set('333333333333333333', {
			token: store.vault.seal('rk_member'),
			personas: { '111111111111111111': { name: 'Ash', description: 'ranger' } },
		});
	});

	afterEach(() => store.close());

	it('re-seals every guild and member token under the new key, keeping the other fields', async () => {
		const report = await rotateSecret(store, oldKey, newKey, capturingLogger().logger);
		await store.close();

		expect(report).toEqual({ moved: 3, alreadyCurrent: 0, failed: 0 });
		store = await openStore(configFor(url, newKey), capturingLogger().logger);
		const guild = await store.guilds.get('111111111111111111');
		const member = await store.members.get('333333333333333333');
		expect(guild?.token && store.vault.open(guild.token)).toBe('rk_guild_1');
		expect(guild?.chatModel).toBe('kept');
		expect(member?.token && store.vault.open(member.token)).toBe('rk_member');
		expect(member?.personas).toEqual({ '111111111111111111': { name: 'Ash', description: 'ranger' } });
		expect(await store.guilds.get('444444444444444444')).toEqual({ chatModel: 'no token' });
	});

	it('re-seals the interaction token kept with a generation job too', async () => {
		const job = {
			guildId: '111111111111111111',
			interaction: { token: store.vault.seal('interaction-token'), expiresAt: 1 },
		};
		await store.jobs.set('job-1', job as never);
		const report = await rotateSecret(store, oldKey, newKey, capturingLogger().logger);
		await store.close();

		expect(report.moved).toBe(4);
		store = await openStore(configFor(url, newKey), capturingLogger().logger);
		const rotated = (await store.jobs.get('job-1')) as unknown as typeof job;
		expect(store.vault.open(rotated.interaction.token)).toBe('interaction-token');
		expect(rotated.interaction.expiresAt).toBe(1);
	});

	it('moves nothing more when run a second time', async () => {
		await rotateSecret(store, oldKey, newKey, capturingLogger().logger);

		expect(await rotateSecret(store, oldKey, newKey, capturingLogger().logger)).toEqual({
			moved: 0,
			alreadyCurrent: 3,
			failed: 0,
		});
	});

	it('counts and logs, without the token, a token that neither key opens', async () => {
		await store.members.set('555555555555555555', { token: new TokenVault(strayKey).seal('rk_stray') });
		const { logger, lines } = capturingLogger();

		expect(await rotateSecret(store, oldKey, newKey, logger)).toEqual({ moved: 3, alreadyCurrent: 0, failed: 1 });
		expect(lines.find((line) => line.key === '555555555555555555')?.msg).toMatch(/neither key/);
		expect(JSON.stringify(lines)).not.toContain('rk_');
	});
});
