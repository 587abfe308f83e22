import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../discord/user-error.js';
import { pollDelayMs } from '../media/backoff.js';
import { rejectionSentence } from '../media/sentences.js';
import type { ImagineJob, RostroClient } from '../rostro/index.js';

/** Speech takes seconds; past this the member is told instead of waiting on. */
export const MAX_SPEECH_WAIT_MS = 10 * 60_000;

/** A finished speech job: its audio is at `primaryMediaUrl`. */
export type SpokenJob = ImagineJob & { primaryMediaUrl: string };

function refused(reason: string | undefined): UserError {
	return new UserError(`rejected-${reason ?? 'unknown'}`, rejectionSentence(reason));
}

/**
 * Polls a speech job until Rostro has made it, with the same 1 s to 5 s backoff as /imagine.
 * Each check is already retried by the client; a check that still fails ends the wait.
 *
 * Limitation: unlike /imagine jobs, a speech job is followed inside the interaction and not
 * stored, so a bot stopped mid-way (after the shutdown's grace period) drops it; store it like
 * an imagine job if speech ever takes minutes.
 */
export async function finishedSpeech(
	rostro: RostroClient,
	first: ImagineJob,
	{ maxWaitMs = MAX_SPEECH_WAIT_MS, now = Date.now } = {},
): Promise<SpokenJob> {
	const started = now();
	let job = first;
	for (let attempt = 0; job.status === 'pending'; attempt++) {
		if (now() - started > maxWaitMs) {
			throw new UserError('speech-timeout', 'Rostro did not finish speaking this in time; try again.');
		}
		await sleep(pollDelayMs(attempt));
		job = await rostro.imagine.check(job.uuid);
	}

	if (job.status === 'failed') throw refused(job.error);
	if (!job.primaryMediaUrl) throw refused('unknown');
	return { ...job, primaryMediaUrl: job.primaryMediaUrl };
}
