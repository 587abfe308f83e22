import { randomBytes } from 'node:crypto';
import {
	DiscordAPIError,
	DiscordjsErrorCodes,
	DiscordjsTypeError,
	type Interaction,
	RESTJSONErrorCodes,
} from 'discord.js';
import type { Logger } from '../log.js';
import {
	RostroConnectionError,
	RostroError,
	RostroForbiddenError,
	RostroNotFoundError,
	RostroPathSegmentError,
	RostroRateLimitError,
	RostroServerError,
	RostroTimeoutError,
	RostroUnauthorizedError,
} from '../rostro/errors.js';
import { VaultError } from '../store/vault.js';
import { MalformedCommandError, REDEPLOY } from './option-check.js';
import { botChannelPermissions, missingBotPermissions } from './permissions.js';
import { sendPrivate } from './replies.js';
import { plain } from './text.js';
import { type TokenSource, tokenSourceOf } from './tokens.js';
import { UserError } from './user-error.js';

export { UserError };

/** What a member is told about an error, and how loudly it is logged. */
export interface ErrorReport {
	message: string;
	level: 'debug' | 'warn' | 'error';
	reference?: string;
}

// Rostro's own reason, when it gave a short one, helps more than our guess ("Account suspended").
function rostroReason(error: RostroError): string {
	const reason = error.rostroMessage?.trim();
	const generic = /^(unauthori[sz]ed|forbidden|not authenticated|invalid token)\.?$/i;
	return reason && reason.length <= 120 && !generic.test(reason) ? ` (Rostro says: ${plain(reason)})` : '';
}

function rejectedToken(source: TokenSource | undefined, error: RostroError): string {
	const why = rostroReason(error);
	return source === 'member'
		? `Rostro rejected your linked token${why}; run /account link with a new one, or /account unlink.`
		: `This server's Rostro token was rejected${why}; an admin can run /setup token.`;
}

/** A wait in words: seconds, minutes or hours, rounded up. */
export function humanWait(ms: number): string {
	const seconds = Math.max(1, Math.ceil(ms / 1000));
	if (seconds < 90) return seconds === 1 ? '1 second' : `${seconds} seconds`;
	const minutes = Math.ceil(seconds / 60);
	if (minutes < 90) return `${minutes} minutes`;
	return `${Math.ceil(minutes / 60)} hours`;
}

function whenToRetry(error: RostroRateLimitError): string {
	return `Rostro is busy with another request on this account; try again in ${humanWait(error.retryAfterMs ?? 5_000)}.`;
}

function discordPermissionMessage(interaction: Interaction | undefined): string {
	const missing = interaction ? missingBotPermissions(interaction, botChannelPermissions) : [];
	const list = missing.length > 0 ? missing.join(', ') : 'a permission it needs';
	return `I can't do that here: I lack ${list} in this channel. An admin can grant it in the channel's settings.`;
}

// discord.js's option getters throw these when a command arrives without what its definition requires.
const optionErrorCodes: ReadonlySet<string> = new Set([
	DiscordjsErrorCodes.CommandInteractionOptionNotFound,
	DiscordjsErrorCodes.CommandInteractionOptionType,
	DiscordjsErrorCodes.CommandInteractionOptionEmpty,
	DiscordjsErrorCodes.CommandInteractionOptionNoSubcommand,
	DiscordjsErrorCodes.CommandInteractionOptionNoSubcommandGroup,
	'CommandInteractionOptionInvalidChannelType', // thrown by discord.js, missing from its typings
	DiscordjsErrorCodes.AutocompleteInteractionOptionNoFocusedOption,
]);

// A 404 the command did not turn into its own sentence: most likely a name or id a member typed.
const NOT_FOUND = 'Rostro could not find what this asked for; check the name or id and try again.';

const MALFORMED_COMMAND = `Discord sent this command without an option it needs, or with one I cannot read; ${REDEPLOY}`;

/**
 * Turns any error into the one sentence a member sees. The interaction (when there is one) tells
 * whose token was used and what the bot lacks; outside interactions the token source is given.
 */
export function describeError(
	error: unknown,
	interaction?: Interaction,
	source = interaction && tokenSourceOf(interaction),
): ErrorReport {
	if (error instanceof MalformedCommandError) return { message: error.message, level: 'warn' };
	if (error instanceof DiscordjsTypeError && optionErrorCodes.has(error.code)) {
		return { message: MALFORMED_COMMAND, level: 'warn' };
	}
	if (error instanceof UserError) return { message: error.message, level: 'debug' };
	if (error instanceof VaultError) return { message: error.message, level: 'warn' };

	if (error instanceof RostroUnauthorizedError || error instanceof RostroForbiddenError) {
		return { message: rejectedToken(source, error), level: 'warn' };
	}
	if (error instanceof RostroRateLimitError) return { message: whenToRetry(error), level: 'warn' };
	// Commands say which kind of thing was not found; this covers a name no command expected.
	if (error instanceof RostroPathSegmentError) {
		// The segment is only ever `.` or `..`: in code style, so the sentence's own full stop stays apart.
		const message = error.segment ? `Rostro has nothing called \`${error.segment}\`.` : 'That name is empty.';
		return { message, level: 'debug' };
	}
	if (error instanceof RostroNotFoundError) {
		return { message: NOT_FOUND, level: 'warn' };
	}
	if (
		error instanceof RostroServerError ||
		error instanceof RostroTimeoutError ||
		error instanceof RostroConnectionError
	) {
		return { message: 'Rostro is not answering right now; try again shortly.', level: 'warn' };
	}

	const permissionCodes: unknown[] = [RESTJSONErrorCodes.MissingPermissions, RESTJSONErrorCodes.MissingAccess];
	if (error instanceof DiscordAPIError && permissionCodes.includes(error.code)) {
		return { message: discordPermissionMessage(interaction), level: 'warn' };
	}

	const reference = randomBytes(4).toString('hex');
	const what = error instanceof RostroError ? 'Rostro gave an answer I did not expect' : 'Something went wrong';
	return {
		message: `${what}; if it keeps happening, tell the bot's admin: reference ${reference}.`,
		level: 'error',
		reference,
	};
}

/**
 * Tells the member what went wrong, privately, whatever state the interaction is in, and logs it
 * with the same reference. A public placeholder left by a defer is deleted first.
 */
export async function replyWithError(interaction: Interaction, error: unknown, logger: Logger): Promise<void> {
	const report = describeError(error, interaction);
	logger[report.level]({ err: error, reference: report.reference }, 'interaction failed');

	try {
		if (interaction.isAutocomplete() && !interaction.responded) await interaction.respond([]);
		if (interaction.isRepliable()) await sendPrivate(interaction, { content: report.message });
	} catch (sendError) {
		logger.warn({ err: sendError, reference: report.reference }, 'could not tell the member about a failure');
	}
}
