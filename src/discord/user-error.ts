/** A failure caused by the member's input or the server's setup; its message is shown as is. */
export class UserError extends Error {
	override name = 'UserError';

	constructor(
		/** A stable identifier for logs and tests, e.g. `no-token`. */
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}
