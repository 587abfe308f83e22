import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../../src/app-context.js';
import { policyOf, updatePolicy } from '../../src/moderation/policy.js';

const guildId = '111111111111111111';

let settings: Map<string, Record<string, unknown>>;
let logged: { error: ReturnType<typeof vi.fn> };
let ctx: AppContext;

beforeEach(() => {
	settings = new Map();
	logged = { error: vi.fn() };
	const guilds = {
		get: async (id: string) => structuredClone(settings.get(id)),
		set: async (id: string, value: Record<string, unknown>) => {
			settings.set(id, structuredClone(value));
		},
	};
	const logger = { ...logged, warn: vi.fn(), info: vi.fn(), debug: vi.fn() };
	ctx = { store: { guilds }, logger } as unknown as AppContext;
});

const goodPolicy = {
	nsfw: 'off',
	blockedWords: ['kraken'],
	roles: { chat: { allow: ['222'], deny: [] } },
	limits: { tts: { daily: 3 } },
	auditChannelId: '333',
	blockedTags: ['Horror'],
};

function droppedFields(): string[] {
	return logged.error.mock.calls.flatMap(([fields]) => (fields as { dropped?: string[] }).dropped ?? []);
}

describe('policyOf', () => {
	it('drops only the field that does not parse, keeps the rest, and logs which', async () => {
		settings.set(guildId, { policy: { ...goodPolicy, limits: { chat: { cooldownSeconds: -1 }, tts: { daily: 3 } } } });

		const policy = await policyOf(ctx, guildId);
		expect(policy).toEqual({ ...goodPolicy, limits: { chat: {}, tts: { daily: 3 } } });
		expect(droppedFields()).toEqual(['limits.chat.cooldownSeconds']);
	});

	it('drops bad list items, unknown features and incomplete rules one by one', async () => {
		settings.set(guildId, {
			policy: {
				...goodPolicy,
				blockedWords: ['kraken', 5, 'sea serpent', null],
				limits: { video: { daily: 1 }, tts: { daily: 1.5, cooldownSeconds: 60 } },
				roles: { chat: { deny: ['9'] }, tts: { allow: ['222'], deny: [] } },
				nsfw: 'sometimes',
			},
		});

		const policy = await policyOf(ctx, guildId);
		expect(policy.blockedWords).toEqual(['kraken', 'sea serpent']);
		expect(policy.limits).toEqual({ tts: { cooldownSeconds: 60 } });
		expect(policy.roles).toEqual({ tts: { allow: ['222'], deny: [] } });
		expect(policy.nsfw).toBeUndefined();
		expect(policy.auditChannelId).toBe('333');
		expect(droppedFields()).toEqual(
			expect.arrayContaining(['blockedWords.1', 'blockedWords.3', 'limits.video', 'limits.tts.daily', 'nsfw']),
		);
	});

	it('reads a record that is not a policy at all as the defaults, and says so', async () => {
		settings.set(guildId, { policy: 'garbage' as unknown as Record<string, unknown> });
		expect(await policyOf(ctx, guildId)).toEqual({});
		expect(logged.error).toHaveBeenCalledWith(
			expect.objectContaining({ guildId }),
			expect.stringContaining('defaults'),
		);
	});
});

describe('updatePolicy', () => {
	it('keeps the rest of a damaged policy when the next change is stored', async () => {
		settings.set(guildId, { policy: { ...goodPolicy, limits: { chat: { cooldownSeconds: 'abc' } } } });
		await updatePolicy(ctx, guildId, (policy) => ({ ...policy, nsfw: 'age-restricted' }));

		expect(settings.get(guildId)?.policy).toEqual({ ...goodPolicy, nsfw: 'age-restricted', limits: { chat: {} } });
	});

	it('refuses to store what a later read would reject, and leaves the stored policy alone', async () => {
		settings.set(guildId, { policy: goodPolicy });
		const bad = updatePolicy(ctx, guildId, (policy) => ({ ...policy, limits: { chat: { cooldownSeconds: -1 } } }));
		await expect(bad).rejects.toThrow(/limits\.chat\.cooldownSeconds/);
		expect(settings.get(guildId)?.policy).toEqual(goodPolicy);

		const tooLong = updatePolicy(ctx, guildId, (policy) => ({ ...policy, limits: { tts: { daily: 10_001 } } }));
		await expect(tooLong).rejects.toThrow(/limits\.tts\.daily/);
	});
});
