import { describe, expect, it } from 'vitest';
import { TokenLanes } from '../../src/chat/lanes.js';

describe('TokenLanes', () => {
	it('lets one holder at a time through a lane, in order, telling waiters how many are ahead', async () => {
		const lanes = new TokenLanes();
		const order: string[] = [];
		const aheads: number[] = [];

		const first = await lanes.acquire('guild:1');
		const second = lanes
			.acquire('guild:1', (ahead) => aheads.push(ahead))
			.then((release) => {
				order.push('second');
				return release;
			});
		const third = lanes
			.acquire('guild:1', (ahead) => aheads.push(ahead))
			.then((release) => {
				order.push('third');
				return release;
			});
		expect(aheads).toEqual([1, 2]);

		first();
		(await second)();
		(await third)();
		expect(order).toEqual(['second', 'third']);
	});

	it('keeps different payers apart', async () => {
		const lanes = new TokenLanes();
		const a = await lanes.acquire('guild:1');
		const b = await lanes.acquire('member:2');
		a();
		b();
		expect(await lanes.acquire('guild:1')).toBeTypeOf('function');
	});
});
