import type { Client } from 'discord.js';
import type { AppContext } from '../app-context.js';
import { guildToken, memberToken } from '../discord/tokens.js';
import type { Logger } from '../log.js';
import { notePublished } from '../moderation/index.js';
import type { ImagineJob } from '../rostro/index.js';
import { downloadMedia, MediaDownloadError } from './attachment.js';
import { pollDelayMs } from './backoff.js';
import { JobMessenger } from './delivery.js';
import { generations, recordGeneration } from './generations.js';
import { FINISHED_JOB_TTL_MS, type MediaJob, type MediaResult, mediaJobs, pendingJobs } from './job-record.js';
import { attachedResult, linkedResult, progressText } from './result-message.js';
import { PollScheduler } from './scheduler.js';
import { isTransient, pollFailure, rejectionSentence } from './sentences.js';

/** The placeholder is edited at most this often (Discord: about 5 edits per 2 s). */
export const PROGRESS_EVERY_MS = 5_000;
/** A job not finished by then is given up. */
const MAX_JOB_AGE_MS = 30 * 60_000;
/** Failed checks in a row (each already retried by the client) before a job is given up. */
const MAX_FAILED_CHECKS = 8;
/** Resumed jobs start within this, spread out so a restart does not check them all at once. */
const RESUME_SPREAD_MS = 1_000;

/** What the runner keeps of a job while it is being polled; dropped when the job ends. */
interface ActiveJob {
	job: MediaJob;
	attempt: number;
	failedChecks: number;
	lastProgressAt: number;
	/** False once Discord refused an edit of the reply: no more progress is shown. */
	replyLive: boolean;
	/** The Rostro token, resolved from the job's token source on the first check. */
	token?: string;
}

/** Raised when the account a job ran with has no token here any more. */
class TokenGoneError extends Error {
	override name = 'TokenGoneError';
}

/**
 * Polls Rostro for every generation in flight with one shared timer, shows progress, and
 * delivers each result once (or tells the requester why there is none). Jobs live in the
 * store, so a restart resumes them with `resume()`.
 */
export class JobRunner {
	readonly #active = new Map<string, ActiveJob>();
	readonly #scheduler = new PollScheduler((id) => {
		this.#poll(id).catch((error: unknown) => this.#logger.error({ err: error, jobId: id }, 'job poll crashed'));
	});
	readonly #messenger: JobMessenger;
	readonly #logger: Logger;

	constructor(private readonly ctx: AppContext) {
		this.#logger = ctx.logger.child({ component: 'media' });
		this.#messenger = new JobMessenger(ctx.client, ctx.store.vault, this.#logger);
		// forgetGuild only sweeps namespaces opened in this process: open the lists from the start.
		generations(ctx);
	}

	/** How many jobs are being polled. */
	get activeCount(): number {
		return this.#active.size;
	}

	/** Follows a job Rostro has just accepted (`first` is its answer). */
	track(job: MediaJob, first: ImagineJob): void {
		this.#active.set(job.id, { job, attempt: 0, failedChecks: 0, lastProgressAt: job.startedAt, replyLive: true });
		this.#scheduler.schedule(job.id, first.status === 'pending' ? pollDelayMs(0) : 0);
	}

	/** Picks up every unfinished job of the guilds this process holds; resolves with how many. */
	async resume(): Promise<number> {
		const held = new Set(this.ctx.client.guilds.cache.keys());
		const jobs = (await pendingJobs(this.ctx, held)).filter((job) => !this.#active.has(job.id));
		for (const job of jobs) {
			this.#active.set(job.id, { job, attempt: 0, failedChecks: 0, lastProgressAt: 0, replyLive: true });
			this.#scheduler.schedule(job.id, Math.random() * RESUME_SPREAD_MS);
		}
		if (jobs.length > 0) this.#logger.info({ jobs: jobs.length }, 'resumed media jobs');
		return jobs.length;
	}

	/** After `client.destroy()` nothing more is sent: the jobs stay stored for the next start. */
	#stopped(): boolean {
		return this.ctx.client.token === null;
	}

	async #poll(id: string): Promise<void> {
		const active = this.#active.get(id);
		if (!active) return;
		if (this.#stopped()) return this.#drop(id);

		try {
			const item = await this.#check(active);
			active.failedChecks = 0;
			if (item.status === 'pending') await this.#wait(active);
			else if (item.status === 'failed') await this.#fail(active, rejectionSentence(item.error));
			else await this.#complete(active, item);
		} catch (error) {
			await this.#failedCheck(active, error);
		}
	}

	async #check(active: ActiveJob): Promise<ImagineJob> {
		active.token ??= await this.#rostroToken(active.job);
		return this.ctx.rostro.imagine.check(active.job.rostroUuid, { token: active.token });
	}

	async #rostroToken(job: MediaJob): Promise<string> {
		const token =
			job.source === 'member' ? await memberToken(this.ctx, job.userId) : await guildToken(this.ctx, job.guildId);
		if (!token) throw new TokenGoneError(`no ${job.source} token for the job any more`);
		return token;
	}

	async #wait(active: ActiveJob): Promise<void> {
		const { job } = active;
		const now = Date.now();
		if (now - job.startedAt > MAX_JOB_AGE_MS) {
			await this.#fail(active, 'Rostro did not finish this within 30 minutes, so I stopped waiting; try again.');
			return;
		}

		if (active.replyLive && now - active.lastProgressAt >= PROGRESS_EVERY_MS) {
			active.lastProgressAt = now;
			active.replyLive = await this.#messenger
				.progress(job, progressText(job, now - job.startedAt))
				.catch((error: unknown) => {
					this.#logger.warn({ err: error, jobId: job.id }, 'progress edit failed');
					return true;
				});
		}
		active.attempt += 1;
		this.#scheduler.schedule(job.id, pollDelayMs(active.attempt));
	}

	async #complete(active: ActiveJob, item: ImagineJob): Promise<void> {
		const { job } = active;
		if (!item.primaryMediaUrl) {
			await this.#fail(active, rejectionSentence('unknown'));
			return;
		}

		const download = await downloadMedia(item.primaryMediaUrl, `rostro-${job.kind}-${job.id}`, job.uploadLimit);
		const message =
			download.kind === 'file'
				? attachedResult(job, download.file)
				: linkedResult(job, item.primaryMediaUrl, download.size);
		if (this.#stopped()) return this.#drop(job.id);

		const where = await this.#messenger.deliver(job, message);
		await notePublished(this.ctx, {
			...job,
			what: `generated ${job.kind} with /imagine`,
			excerpt: job.prompt,
			...where,
		});
		this.#drop(job.id);
		const result: MediaResult = {
			mediaUrl: item.primaryMediaUrl,
			attachmentUrl: where.attachmentUrl,
			contentType: download.kind === 'file' ? download.file.contentType : undefined,
			messageId: where.messageId,
			channelId: where.channelId,
			linked: download.kind === 'link',
		};
		// Delivered is delivered: a failure to write it down must not turn into a failure message.
		await this.#remember({ ...job, status: 'done', result }).catch((error: unknown) => {
			this.#logger.error({ err: error, jobId: job.id }, 'delivered, but could not record the result');
		});
		this.#logger.info({ jobId: job.id, guildId: job.guildId, linked: result.linked }, 'media delivered');
	}

	/** Keeps a finished job for its buttons, and lists it in the member's generations. */
	async #remember(job: MediaJob & { result: MediaResult }): Promise<void> {
		await mediaJobs(this.ctx).set(job.id, job, FINISHED_JOB_TTL_MS);
		await recordGeneration(this.ctx, job.guildId, job.userId, {
			jobId: job.id,
			kind: job.kind,
			prompt: job.prompt,
			at: Date.now(),
			channelId: job.result.channelId,
			messageId: job.result.messageId,
			mediaUrl: job.result.mediaUrl,
		});
	}

	async #failedCheck(active: ActiveJob, error: unknown): Promise<void> {
		const { job } = active;
		if (this.#stopped()) {
			this.#logger.debug({ err: error, jobId: job.id }, 'job left for the next start');
			return this.#drop(job.id);
		}

		const retry = isTransient(error) || error instanceof MediaDownloadError;
		if (retry && active.failedChecks < MAX_FAILED_CHECKS) {
			active.failedChecks += 1;
			active.attempt += 1;
			this.#logger.warn({ err: error, jobId: job.id, failedChecks: active.failedChecks }, 'job check failed');
			this.#scheduler.schedule(job.id, pollDelayMs(active.attempt));
			return;
		}

		const failure =
			error instanceof TokenGoneError
				? { message: 'The Rostro account this was made with is no longer connected here, so it cannot be delivered.' }
				: pollFailure(error, job);
		const level = failure.reference ? 'error' : 'warn';
		this.#logger[level]({ err: error, jobId: job.id, reference: failure.reference }, 'job failed');
		await this.#fail(active, failure.message);
	}

	/** Ends a job without a result: the requester is told privately, the record goes. */
	async #fail(active: ActiveJob, sentence: string): Promise<void> {
		const { job } = active;
		this.#drop(job.id);
		await this.#messenger.tellRequester(job, sentence).catch((error: unknown) => {
			this.#logger.warn({ err: error, jobId: job.id }, 'could not tell the requester why a job failed');
		});
		await mediaJobs(this.ctx).delete(job.id);
	}

	#drop(id: string): void {
		this.#active.delete(id);
		this.#scheduler.cancel(id);
	}
}

// One runner per logged-in client: interactions get copies of the context, the client is shared.
const runners = new WeakMap<Client, JobRunner>();

/** The runner of this bot process (created on first use). */
export function jobRunner(ctx: AppContext): JobRunner {
	let runner = runners.get(ctx.client);
	if (!runner) {
		runner = new JobRunner(ctx);
		runners.set(ctx.client, runner);
	}
	return runner;
}

/** Resumes polling every unfinished generation of the guilds this process holds; call once ready. */
export async function resumeJobs(ctx: AppContext): Promise<void> {
	await jobRunner(ctx).resume();
}
