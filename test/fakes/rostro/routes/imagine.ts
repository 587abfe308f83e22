import { createHash } from 'node:crypto';
import type { AccountContext } from '../context.js';
import { resolveImage } from '../image-input.js';
import { answerJob, costs, createJob, imaginedItem } from '../jobs.js';
import { readPngSize } from '../media/png.js';
import { takePage } from '../paging.js';
import { detailError, json } from '../replies.js';
import type { Router } from '../router.js';
import { generationTypes } from '../state.js';
import { bodyObject, fields, parseFields } from '../validation.js';

const canvas = { min: 64, max: 4096 }; // px
const HISTORY_MAX = 100;

async function imagine(context: AccountContext) {
	const body = bodyObject(context.body);
	const request = parseFields('body', body, {
		prompt: fields.text('', 4_000),
		generation_type: fields.oneOf(generationTypes, 'text_to_image'),
		width: fields.integer(512, canvas),
		height: fields.integer(512, canvas),
		model: fields.optionalText(200),
		image: fields.optionalText(),
	});

	const type = request.generation_type;
	const source =
		type === 'image_to_image' && request.image ? await resolveImage(context.core, request.image) : undefined;
	const job = createJob(context.core, context.user, {
		type,
		prompt: request.prompt,
		size: { width: request.width, height: request.height },
		cost: type === 'text_to_video' ? costs.video : costs.imagine,
		failure: type === 'image_to_image' && !source ? 'malformed_image' : undefined,
		seed: source ? createHash('sha1').update(source.bytes).digest('hex') : undefined,
	});
	return answerJob(context, job);
}

function ownJob(context: AccountContext, uuid: string) {
	const job = context.core.data.jobs.get(uuid);
	if (!job || job.owner !== context.user.userName) throw detailError(404, 'Generation not found');
	return job;
}

function check(context: AccountContext) {
	const { generation_uuid } = parseFields('body', bodyObject(context.body), {
		generation_uuid: fields.requiredText(100),
	});
	return json(imaginedItem(context.core, ownJob(context, generation_uuid)));
}

function history(context: AccountContext) {
	const body = context.body === undefined ? {} : bodyObject(context.body);
	const query = parseFields('body', body, {
		first: fields.integer(10, { min: 1, max: HISTORY_MAX }),
		generated_only: fields.boolean(false),
		cursor: fields.optionalText(),
	});

	const now = Date.now();
	// Newest first; reversing the insertion order first keeps jobs made in the same ms in order.
	const jobs = [...context.core.data.jobs.values()]
		.reverse()
		.filter((job) => job.owner === context.user.userName)
		.filter((job) => !query.generated_only || (!job.error && now >= job.readyAt))
		.sort((left, right) => right.createdAt - left.createdAt);

	const { items, cursor } = takePage(jobs, { ...query, page: 1 });
	return json({ items: items.map((job) => imaginedItem(context.core, job)), cursor });
}

function deleteHistory(context: AccountContext) {
	const { uuids } = parseFields('body', bodyObject(context.body), { uuids: fields.list() });
	const successes: string[] = [];
	const failures: string[] = [];
	for (const uuid of uuids) {
		const job = context.core.data.jobs.get(uuid);
		const mine = job?.owner === context.user.userName;
		if (mine) context.core.data.jobs.delete(uuid);
		(mine ? successes : failures).push(uuid);
	}
	return json({ successes, failures });
}

async function sourceImage(context: AccountContext, image: string) {
	const source = await resolveImage(context.core, image);
	const seed = source ? createHash('sha1').update(source.bytes).digest('hex') : image;
	return { source, seed, size: (source && readPngSize(source.bytes)) ?? { width: 512, height: 512 } };
}

async function upscale(context: AccountContext) {
	const { image } = parseFields('body', bodyObject(context.body), { image: fields.requiredText() });
	const { source, seed, size } = await sourceImage(context, image);
	const job = createJob(context.core, context.user, {
		type: 'image_to_image',
		prompt: 'upscale',
		size: { width: size.width * 2, height: size.height * 2 },
		cost: costs.image,
		failure: source ? undefined : 'malformed_image',
		seed,
	});
	return answerJob(context, job);
}

async function img2img(context: AccountContext) {
	const body = parseFields('body', bodyObject(context.body), {
		image: fields.requiredText(),
		prompt: fields.requiredText(4_000),
		strength: fields.optionalNumber({ min: 0, max: 1 }),
	});
	const { source, seed, size } = await sourceImage(context, body.image);
	const job = createJob(context.core, context.user, {
		type: 'image_to_image',
		prompt: body.prompt,
		size,
		cost: costs.image,
		failure: source ? undefined : 'malformed_image',
		seed: `${seed}:${body.strength ?? 0.6}`,
	});
	return answerJob(context, job);
}

/** `/imagine` and its check, history and deletion; `/images/upscale` and `/images/img2img`. */
export function imagineRoutes(router: Router): void {
	router.post('/imagine', 'token', imagine);
	router.post('/imagine/check', 'token', check);
	router.post('/imagine/history', 'token', history);
	router.post('/imagine/history/delete', 'token', deleteHistory);
	router.post('/images/upscale', 'token', upscale);
	router.post('/images/img2img', 'token', img2img);
}
