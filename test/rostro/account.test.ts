import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RostroUnauthorizedError, RostroUnexpectedResponseError } from '../../src/rostro/index.js';
import { type RostroRig, requestsTo, startRig } from './support.js';

let rig: RostroRig;

beforeAll(async () => {
	rig = await startRig();
});

afterAll(() => rig.close());

describe('account', () => {
	it('reads who a token belongs to', async () => {
		expect(await rig.client.account.self({ token: rig.sim.tokens.reader })).toEqual({ id: 5151, userName: 'reader' });
	});

	it('sends the token as a bearer token', async () => {
		await rig.creatorA.account.self();
		const [last] = requestsTo(rig.sim, '/api/self').slice(-1);
		expect(last?.token).toEqual({ scheme: 'bearer', value: rig.sim.tokens.creatorA });
	});

	it('lets a token given to the call win over the bound one', async () => {
		const self = await rig.creatorA.account.self({ token: rig.sim.tokens.creatorB });
		expect(self.userName).toBe('creator_b');
	});

	it('sends no token from a client without one', async () => {
		await expect(rig.client.account.self()).rejects.toBeInstanceOf(RostroUnauthorizedError);
		const [last] = requestsTo(rig.sim, '/api/self').slice(-1);
		expect(last?.headers.authorization).toBeUndefined();
	});

	it('reports a revoked token as unauthorized, with Rostro’s message', async () => {
		const token = rig.sim.addToken('lanternfish');
		rig.sim.revokeToken(token);
		await expect(rig.client.account.self({ token })).rejects.toMatchObject({
			constructor: RostroUnauthorizedError,
			status: 401,
			rostroMessage: 'Invalid or expired token',
		});
	});

	it('reads the account with its credits', async () => {
		const account = await rig.creatorA.account.get();
		expect(account).toEqual({ userName: 'creator_a', email: 'creator_a@example.test', credits: 5000 });
	});

	it('accepts the reference’s `username` and a missing credits field', async () => {
		rig.sim.fault({ path: '/api/account' }, { status: 200, body: { username: 'MyUser', email: 'me@example.test' } }, 1);
		expect(await rig.creatorA.account.get()).toEqual({
			userName: 'MyUser',
			email: 'me@example.test',
			credits: undefined,
		});

		rig.sim.fault({ path: '/api/self' }, { status: 200, body: { id: 9, username: 'MyUser' } }, 1);
		expect(await rig.creatorA.account.self()).toEqual({ id: 9, userName: 'MyUser' });
	});

	it('rejects an account without any name as an unexpected reply', async () => {
		rig.sim.fault({ path: '/api/self' }, { status: 200, body: { id: 9 } }, 1);
		await expect(rig.creatorA.account.self()).rejects.toMatchObject({
			constructor: RostroUnexpectedResponseError,
			fieldPath: 'user_name',
		});
	});
});
