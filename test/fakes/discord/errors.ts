/** One problem with one field of a request body, as Discord reports it under code 50035. */
export interface FormIssue {
	path: (string | number)[];
	code: string;
	message: string;
}

/** Discord's JSON error body: `{ message, code, errors? }`. */
export interface DiscordErrorBody {
	message: string;
	code: number;
	errors?: Record<string, unknown>;
}

/** An error the fake answers with; the REST server turns it into status + JSON body. */
export class DiscordError extends Error {
	constructor(
		readonly status: number,
		readonly code: number,
		message: string,
		readonly errors?: Record<string, unknown>,
		readonly headers: Record<string, string> = {},
	) {
		super(message);
		this.name = 'DiscordError';
	}

	toBody(): DiscordErrorBody {
		const body: DiscordErrorBody = { message: this.message, code: this.code };
		if (this.errors) body.errors = this.errors;
		return body;
	}
}

/** Nests issues the way Discord does: `{ embeds: { 0: { title: { _errors: [...] } } } }`. */
function nestIssues(issues: FormIssue[]): Record<string, unknown> {
	const root: Record<string, unknown> = {};
	for (const issue of issues) {
		let node = root;
		for (const key of issue.path) {
			node[key] ??= {};
			node = node[key] as Record<string, unknown>;
		}
		node._errors ??= [];
		(node._errors as { code: string; message: string }[]).push({ code: issue.code, message: issue.message });
	}
	return root;
}

// The codes and messages below are Discord's own, so a bot's error mapping sees what it will see live.
export const unknownChannel = () => new DiscordError(404, 10_003, 'Unknown Channel');
export const unknownGuild = () => new DiscordError(404, 10_004, 'Unknown Guild');
export const unknownMember = () => new DiscordError(404, 10_007, 'Unknown Member');
export const unknownMessage = () => new DiscordError(404, 10_008, 'Unknown Message');
export const unknownUser = () => new DiscordError(404, 10_013, 'Unknown User');
export const unknownWebhook = () => new DiscordError(404, 10_015, 'Unknown Webhook');
export const unknownInteraction = () => new DiscordError(404, 10_062, 'Unknown interaction');
export const unknownCommand = () => new DiscordError(404, 10_063, 'Unknown application command');
export const maxWebhooks = (cap: number) =>
	new DiscordError(400, 30_007, `Maximum number of webhooks reached (${cap})`);
export const entityTooLarge = () => new DiscordError(413, 40_005, 'Request entity too large');
export const alreadyAcknowledged = () => new DiscordError(400, 40_060, 'Interaction has already been acknowledged.');
export const missingAccess = () => new DiscordError(403, 50_001, 'Missing Access');
export const notMessageAuthor = () => new DiscordError(403, 50_005, 'Cannot edit a message authored by another user');
export const emptyMessage = () => new DiscordError(400, 50_006, 'Cannot send an empty message');
export const notTextChannel = () => new DiscordError(400, 50_008, 'Cannot send messages in a non-text channel');
export const missingPermissions = () => new DiscordError(403, 50_013, 'Missing Permissions');
export const wrongChannelType = () => new DiscordError(400, 50_024, 'Cannot execute action on this channel type');
export const invalidWebhookToken = () => new DiscordError(401, 50_027, 'Invalid Webhook Token');
export const threadArchived = () => new DiscordError(400, 50_083, 'Thread is archived');
export const threadAlreadyCreated = () =>
	new DiscordError(400, 160_004, 'A thread has already been created for this message');
export const unauthorized = () => new DiscordError(401, 0, '401: Unauthorized');
export const routeNotFound = () => new DiscordError(404, 0, '404: Not Found');
export const methodNotAllowed = () => new DiscordError(405, 0, '405: Method Not Allowed');

/** 50035 Invalid Form Body, listing every problem found. */
export function invalidFormBody(issues: FormIssue[]): DiscordError {
	return new DiscordError(400, 50_035, 'Invalid Form Body', nestIssues(issues));
}

/** Throws 50035 when there is anything to report. */
export function assertNoIssues(issues: FormIssue[]): void {
	if (issues.length > 0) throw invalidFormBody(issues);
}

/** A 429, always with `Retry-After`: without it discord.js would retry in a tight loop. */
export class RateLimitedError extends DiscordError {
	constructor(
		readonly retryAfterSeconds: number,
		headers: Record<string, string> = {},
		readonly global = false,
	) {
		super(429, 0, 'You are being rate limited.', undefined, {
			'Retry-After': String(retryAfterSeconds),
			...headers,
		});
	}

	override toBody(): DiscordErrorBody & { retry_after: number; global: boolean } {
		return { message: this.message, code: this.code, retry_after: this.retryAfterSeconds, global: this.global };
	}
}
