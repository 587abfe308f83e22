import { type RequestContext, type SimulatorCore, sleep } from './context.js';
import { uuidFrom } from './hash.js';
import { cappedSize, encodePng, type ImageSize } from './media/png.js';
import { encodeVideo } from './media/video.js';
import { encodeWav } from './media/wav.js';
import { jobMediaUrl } from './media-store.js';
import { json } from './replies.js';
import type { GenerationType, Job, Media, User } from './state.js';
import { fields, parseFields, queryObject } from './validation.js';

/** Credits per job, as `GET /images/costs` reports them on the live API. */
export const costs = { imagine: 50, video: 100, image: 25, speech: 25 } as const;

/** What a route asks the job machinery to make. */
export interface JobRequest {
	type: GenerationType;
	prompt: string;
	/** The requested canvas; the PNG is capped to a test-sized image with the same shape. */
	size: ImageSize;
	cost: number;
	/** A rejection decided by the route (a malformed input image, say). */
	failure?: string;
	/** Extra text mixed into the image seed (the source image of an upscale or img2img). */
	seed?: string;
}

function render(request: JobRequest): Media {
	const seed = `${request.type}:${request.seed ?? ''}:${request.prompt}`;
	switch (request.type) {
		case 'text_to_image':
		case 'image_to_image':
			return { bytes: encodePng(cappedSize(request.size), seed), contentType: 'image/png', extension: 'png' };
		case 'text_to_video':
			return { bytes: encodeVideo(request.prompt), contentType: 'video/mp4', extension: 'mp4' };
		default:
			return { bytes: encodeWav(request.prompt), contentType: 'audio/wav', extension: 'wav' };
	}
}

/** Rostro's moderation, reduced to one rule tests can trigger: the word "explicit" in a prompt. */
function rejection(request: JobRequest, owner: User): string | null {
	if (/\bexplicit\b/i.test(request.prompt)) return 'explicit_text';
	if (request.failure) return request.failure;
	if (owner.credits < request.cost) return 'out_of_credits';
	return null;
}

/** Starts a job: rejected at once, or charged and done after the configured duration. */
export function createJob(core: SimulatorCore, owner: User, request: JobRequest): Job {
	const serial = core.nextSerial();
	const error = rejection(request, owner);
	if (!error) owner.credits -= request.cost;

	const now = Date.now();
	const job: Job = {
		uuid: uuidFrom(`job:${serial}:${request.type}:${request.prompt}`),
		owner: owner.userName,
		type: request.type,
		prompt: request.prompt,
		cost: error ? 0 : request.cost,
		createdAt: now,
		readyAt: now + core.options.jobDurationMs,
		error,
		media: error ? null : render(request),
	};
	core.data.jobs.set(job.uuid, job);
	return job;
}

/** A job in Rostro's `ImaginedItem` shape, as it stands now. */
export function imaginedItem(core: SimulatorCore, job: Job): Record<string, unknown> {
	const done = !job.error && Date.now() >= job.readyAt;
	return {
		generation_uuid: job.uuid,
		is_done: done,
		is_failed: job.error !== null,
		error: job.error,
		primary_media_url: done && job.media ? jobMediaUrl(core.baseUrl, job.uuid, job.media.extension) : null,
		secondary_media_urls: [],
		cost: job.cost,
		generation_type: job.type,
		prompt: job.prompt,
	};
}

/**
 * Answers a new job: at once with `?return_immediate=true`, else once it is done (or failed),
 * as the live API holds the request open.
 */
export async function answerJob(context: RequestContext, job: Job) {
	const query = parseFields('query', queryObject(context.query), { return_immediate: fields.boolean(false) });
	if (query.return_immediate || job.error) return json(imaginedItem(context.core, job));

	// Timers may fire a millisecond before Date.now() catches up, so wait until it truly has.
	while (Date.now() < job.readyAt) await sleep(job.readyAt - Date.now() + 1, context.signal);
	return json(imaginedItem(context.core, job));
}
