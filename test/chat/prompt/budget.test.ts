import { describe, expect, it } from 'vitest';
import {
	contextSizeFor,
	contextSizes,
	DEFAULT_CONTEXT_TOKENS,
	fitHistory,
	MESSAGE_OVERHEAD,
	promptBudget,
} from '../../../src/chat/prompt/budget.js';

describe('contextSizeFor', () => {
	it('knows every model Rostro serves', () => {
		for (const model of ['mythomax', 'asha', 'soji', 'mixtral', 'mistral', 'mobile', 'testing']) {
			expect(contextSizeFor(model)).toBe(contextSizes[model]);
		}
	});

	it('assumes 8,192 tokens for a model it does not know', () => {
		expect(contextSizeFor('brand-new-model')).toBe(DEFAULT_CONTEXT_TOKENS);
		expect(DEFAULT_CONTEXT_TOKENS).toBe(8_192);
	});

	it('recognises a known model inside a longer id, whatever its case', () => {
		expect(contextSizeFor('Mixtral-8x7B')).toBe(contextSizes.mixtral);
		expect(contextSizeFor('chub/asha')).toBe(contextSizes.asha);
	});

	it('takes overrides before the table', () => {
		expect(contextSizeFor('asha', { asha: 32_768 })).toBe(32_768);
		expect(contextSizeFor('my-model', { 'my-model': 2_048 })).toBe(2_048);
		expect(contextSizeFor('mobile', { asha: 32_768 })).toBe(contextSizes.mobile);
	});
});

describe('promptBudget', () => {
	it('leaves room for the reply and a margin for the token estimate', () => {
		const budget = promptBudget(8_192, 400);

		expect(budget).toBeLessThan(8_192 - 400);
		expect(budget).toBeGreaterThan((8_192 - 400) * 0.75);
	});

	it('is never negative', () => {
		expect(promptBudget(100, 400)).toBe(0);
	});
});

describe('fitHistory', () => {
	const counts = [50, 40, 30, 20, 10];

	it('keeps the newest turns that fit and drops the oldest', () => {
		const room = 10 + 20 + 30 + 3 * MESSAGE_OVERHEAD;
		const fit = fitHistory(counts.length, room, (index) => counts[index] ?? 0);

		expect(fit).toEqual({ firstKept: 2, counts: [30, 20, 10], tokens: room });
	});

	it('stops at the first turn that does not fit, even when an older one would', () => {
		const fit = fitHistory(3, 25, (index) => [1, 100, 10][index] ?? 0);

		expect(fit.firstKept).toBe(2);
	});

	it('asks only for the counts it needs, newest first', () => {
		const asked: number[] = [];
		fitHistory(200, 100, (index) => {
			asked.push(index);
			return 40;
		});

		expect(asked).toEqual([199, 198, 197]);
	});

	it('keeps everything when it all fits, and nothing when there is no room', () => {
		expect(fitHistory(3, 1_000, () => 5).firstKept).toBe(0);
		expect(fitHistory(3, 0, () => 5)).toEqual({ firstKept: 3, counts: [], tokens: 0 });
	});
});
