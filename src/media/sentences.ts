import { randomBytes } from 'node:crypto';
import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import {
	RostroConnectionError,
	RostroError,
	RostroForbiddenError,
	RostroNotFoundError,
	RostroRateLimitError,
	RostroServerError,
	RostroTimeoutError,
	RostroUnauthorizedError,
} from '../rostro/index.js';
import type { MediaJob } from './job-record.js';

/** Rostro's reasons for refusing a generation, as a member reads them. */
const rejections: Record<string, string> = {
	explicit_text: 'Rostro refused this prompt as explicit, so nothing was made and it cost no credits.',
	explicit_image: 'Rostro refused the result as explicit, so it cannot be shown.',
	malformed_image: 'Rostro could not read the image this starts from; run /imagine again for a fresh one.',
	out_of_credits: 'The Rostro account paying for this is out of credits; top it up, then try again.',
	unknown: 'Rostro could not make this and gave no reason; try again, perhaps with another prompt.',
};

/** One sentence for a rejected or failed generation, whatever reason Rostro gave. */
export function rejectionSentence(reason: string | undefined): string {
	return rejections[reason ?? 'unknown'] ?? rejections.unknown ?? '';
}

/** Whether a failed check of a job is worth repeating: Rostro busy, down or unreachable. */
export function isTransient(error: unknown): boolean {
	return (
		error instanceof RostroServerError ||
		error instanceof RostroTimeoutError ||
		error instanceof RostroConnectionError ||
		error instanceof RostroRateLimitError
	);
}

const channelPermissionCodes: unknown[] = [RESTJSONErrorCodes.MissingPermissions, RESTJSONErrorCodes.MissingAccess];

/**
 * What a member is told when following a job failed for good (checking it or posting its
 * result), with a reference for the log when it is a bug.
 */
export function pollFailure(error: unknown, job: Pick<MediaJob, 'source'>): { message: string; reference?: string } {
	if (error instanceof RostroUnauthorizedError || error instanceof RostroForbiddenError) {
		return {
			message:
				job.source === 'member'
					? 'Rostro rejected your linked token before this was finished; run /account link with a new one.'
					: "This server's Rostro token was rejected before this was finished; an admin can run /setup token.",
		};
	}
	if (error instanceof RostroNotFoundError) {
		return { message: 'Rostro no longer knows this generation, so it cannot be delivered; try again.' };
	}
	if (error instanceof DiscordAPIError && channelPermissionCodes.includes(error.code)) {
		return {
			message:
				"I could not post the result in the channel: I lack Send Messages, Embed Links or Attach Files there. An admin can grant them in the channel's settings.",
		};
	}
	if (isTransient(error)) return { message: 'Rostro stopped answering before this was finished; try again shortly.' };

	const reference = randomBytes(4).toString('hex');
	const what = error instanceof RostroError ? 'Rostro gave an answer I did not expect' : 'Something went wrong';
	return { message: `${what}; if it keeps happening, tell the bot's admin: reference ${reference}.`, reference };
}
