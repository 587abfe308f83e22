/** Storage that cannot be opened or used: an unreachable server, a bad URL, an unreadable secret file. */
export class StoreError extends Error {
	constructor(message: string, options?: ErrorOptions) {
		super(message, options);
		this.name = 'StoreError';
	}
}

/** A storage URL fit for a log line or an error message: any password is masked. */
export function redactUrl(url: string): string {
	return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/** The message of whatever was thrown. */
export function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
