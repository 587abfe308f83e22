import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.js';
import { silentLogger } from '../../src/log.js';
import {
	allowanceLine,
	allowanceSummary,
	allowancesOf,
	chargeUse,
	type FeatureUse,
	requireUseLeft,
	UseRefused,
} from '../../src/moderation/limits.js';
import { updatePolicy } from '../../src/moderation/policy.js';
import { backends, openTestStore, removeTemporaryDirs, wipe } from '../store/backends.js';

const guildId = '111111111111111111';
const userId = '333333333333333333';
const sqlite = backends.find((backend) => backend.kind === 'sqlite');
if (!sqlite) throw new Error('the SQLite test backend is missing');

let ctx: AppContext;

beforeEach(async () => {
	ctx = { store: await openTestStore(sqlite), logger: silentLogger } as unknown as AppContext;
});
afterEach(() => wipe(ctx.store));
afterAll(removeTemporaryDirs);

function use(feature: FeatureUse['feature'], source: FeatureUse['source'] = 'guild'): FeatureUse {
	return { guildId, userId, feature, source };
}

async function limit(feature: FeatureUse['feature'], limits: { cooldownSeconds?: number; daily?: number }) {
	await updatePolicy(ctx, guildId, (policy) => ({ ...policy, limits: { ...policy.limits, [feature]: limits } }));
}

async function refusal(charge: Promise<void>): Promise<UseRefused> {
	const error = await charge.then(
		() => undefined,
		(thrown: unknown) => thrown,
	);
	if (!(error instanceof UseRefused)) throw new Error(`expected a refusal, got ${String(error)}`);
	return error;
}

describe('chargeUse', () => {
	it('refuses the use after a cooldown started, marking only the first refusal as first', async () => {
		await limit('chat', { cooldownSeconds: 600 });
		await chargeUse(ctx, use('chat'));

		const first = await refusal(chargeUse(ctx, use('chat')));
		expect(first.code).toBe('cooldown');
		expect(first.message).toMatch(/^You can use chat again <t:\d+:R>\.$/);
		expect(first.first).toBe(true);
		expect((await refusal(chargeUse(ctx, use('chat')))).first).toBe(false);
	});

	it('refuses the use past the daily quota, and says when the day ends', async () => {
		await limit('search', { daily: 2 });
		await chargeUse(ctx, use('search'));
		await chargeUse(ctx, use('search'));

		const refused = await refusal(chargeUse(ctx, use('search')));
		const midnight = Math.ceil(Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`) / 1_000) + 86_400;
		expect(refused.message).toBe(
			`You have used search 2 times today, this server's daily limit; try again <t:${midnight}:R>.`,
		);
		expect(refused.first).toBe(true);
	});

	it('counts nothing for a member paying with their own token', async () => {
		await limit('gallery', { daily: 1 });
		for (let i = 0; i < 3; i++) await chargeUse(ctx, use('gallery', 'member'));

		const [allowance] = await allowancesOf(ctx, guildId, userId);
		expect(allowance?.left).toBe(1);
	});
});

describe('allowancesOf and allowanceLine', () => {
	it('lists only the limited features, with what is left, peeking without counting', async () => {
		await limit('imagine', { daily: 5 });
		await limit('tts', { cooldownSeconds: 60 });
		await limit('follow', { cooldownSeconds: 60, daily: 1 });
		await chargeUse(ctx, use('imagine'));
		await chargeUse(ctx, use('imagine'));
		await chargeUse(ctx, use('follow'));

		const lines = (await allowancesOf(ctx, guildId, userId)).map(allowanceLine);
		expect(lines).toEqual([
			'imagine: 3 of 5 left today',
			'tts: ready now (60 s between uses)',
			expect.stringMatching(/^follow: 0 of 1 left today; more <t:\d+:R>$/),
		]);
		expect((await allowancesOf(ctx, guildId, userId)).map(allowanceLine)).toEqual(lines);

		await chargeUse(ctx, use('tts'));
		const [, tts] = await allowancesOf(ctx, guildId, userId);
		expect(tts && allowanceLine(tts)).toMatch(/^tts: ready again <t:\d+:R>$/);
	});

	it('lists nothing for a server without limits', async () => {
		expect(await allowancesOf(ctx, guildId, userId)).toEqual([]);
	});
});

describe('allowanceSummary', () => {
	it('lists what is left on the server’s account, or says a linked token is exempt', async () => {
		expect(await allowanceSummary(ctx, guildId, userId, 'guild')).toBeUndefined();

		await limit('imagine', { daily: 5 });
		await limit('search', { cooldownSeconds: 30 });
		expect(await allowanceSummary(ctx, guildId, userId, 'guild')).toBe(
			"Left for you today on the server's account (a day ends at midnight UTC):\n" +
				'- imagine: 5 of 5 left today\n' +
				'- search: ready now (30 s between uses)',
		);
		expect(await allowanceSummary(ctx, guildId, userId, 'member')).toBe(
			"Your linked token is exempt from this server's cooldowns and quotas (on imagine, search).",
		);
	});
});

describe('requireUseLeft', () => {
	it('refuses what chargeUse would refuse, without counting a use', async () => {
		await limit('gallery', { daily: 1 });
		await requireUseLeft(ctx, use('gallery'));
		await requireUseLeft(ctx, use('gallery'));
		await chargeUse(ctx, use('gallery'));

		const refused = await refusal(requireUseLeft(ctx, use('gallery')));
		expect(refused.code).toBe('quota');
		await requireUseLeft(ctx, use('gallery', 'member'));
	});

	it('refuses while a cooldown runs', async () => {
		await limit('follow', { cooldownSeconds: 60 });
		await chargeUse(ctx, use('follow'));
		expect((await refusal(requireUseLeft(ctx, use('follow')))).message).toMatch(/^You can use follow again/);
	});
});
