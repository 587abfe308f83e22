import { z } from 'zod';
import type { RequestOptions, RostroTransport } from '../http.js';
import { optionalNumber, optionalText } from '../schemas.js';

// The reference names the field `username`; the live API sends `user_name`. Either is read.
const nameFields = { user_name: optionalText, username: optionalText };
const nameIssue = { message: 'expected user_name or username', path: ['user_name'] };

function hasName(body: { user_name?: string | undefined; username?: string | undefined }): boolean {
	return Boolean(body.user_name ?? body.username);
}

const selfSchema = z
	.looseObject({ id: z.number().int(), ...nameFields })
	.refine(hasName, nameIssue)
	.transform((body) => ({ id: body.id, userName: body.user_name ?? body.username ?? '' }));

/** Who a token belongs to. */
export type AccountSelf = z.output<typeof selfSchema>;

const accountSchema = z
	.looseObject({ email: optionalText, credits: optionalNumber, ...nameFields })
	.refine(hasName, nameIssue)
	.transform((body) => ({
		userName: body.user_name ?? body.username ?? '',
		email: body.email,
		/** Missing when Rostro leaves it out. */
		credits: body.credits,
	}));

/** The account behind a token, with its credits when Rostro reports them. */
export type Account = z.output<typeof accountSchema>;

/** The account a token belongs to. */
export class AccountResource {
	constructor(private readonly transport: RostroTransport) {}

	/** The token's account id and name; a cheap way to check a token. */
	self(options?: RequestOptions): Promise<AccountSelf> {
		return this.transport.request(
			{ method: 'GET', path: '/api/self', schema: selfSchema, retry: 'idempotent' },
			options,
		);
	}

	/** The token's account details, credits included when present. */
	get(options?: RequestOptions): Promise<Account> {
		return this.transport.request(
			{ method: 'GET', path: '/api/account', schema: accountSchema, retry: 'idempotent' },
			options,
		);
	}
}
