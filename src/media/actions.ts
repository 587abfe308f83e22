import type { ButtonInteraction, Interaction } from 'discord.js';
import type { AppContext } from '../app-context.js';
import { isModerator } from '../discord/permissions.js';
import { UserError } from '../discord/user-error.js';
import { forgetGeneration } from './generations.js';
import { findJob, type MediaJob, type MediaResult } from './job-record.js';
import { startGeneration } from './start.js';

/** A job whose result was delivered. */
export type FinishedJob = MediaJob & { result: MediaResult };

/** The finished job behind a result's component, refused to anyone but its requester and moderators. */
export async function jobForComponent(interaction: Interaction, ctx: AppContext, jobId: string): Promise<FinishedJob> {
	const job = await findJob(ctx, jobId);
	if (!job?.result || job.guildId !== interaction.guildId) {
		throw new UserError('stale-result', 'This result is too old for its buttons; run /imagine again.');
	}
	if (job.userId !== interaction.user.id && !isModerator(interaction)) {
		throw new UserError('not-requester', 'Only the member who asked for this, or a moderator, can use these buttons.');
	}
	return { ...job, result: job.result };
}

/** The result's media URL; refuses anything but an image. */
export function requireImage(job: FinishedJob): string {
	const isImage = job.kind === 'image' && (job.result.contentType?.startsWith('image/') ?? true);
	if (!isImage) throw new UserError('not-an-image', 'Only images can be varied, upscaled or saved to a gallery.');
	return job.result.mediaUrl;
}

/** Makes the same thing again: the same prompt, options and operation. */
export function regenerate(interaction: ButtonInteraction, ctx: AppContext, job: FinishedJob) {
	return startGeneration(interaction, ctx, {
		kind: job.kind,
		prompt: job.prompt,
		aspect: job.aspect,
		model: job.model,
		operation: job.operation,
		sourceImage: job.sourceImage,
	});
}

/** A variation of the result (`/images/img2img`) with the same prompt. */
export function vary(interaction: ButtonInteraction, ctx: AppContext, job: FinishedJob) {
	const sourceImage = requireImage(job);
	return startGeneration(interaction, ctx, { kind: 'image', prompt: job.prompt, operation: 'variation', sourceImage });
}

/** The result upscaled (`/images/upscale`). */
export function upscale(interaction: ButtonInteraction, ctx: AppContext, job: FinishedJob) {
	const sourceImage = requireImage(job);
	return startGeneration(interaction, ctx, { kind: 'image', prompt: job.prompt, operation: 'upscale', sourceImage });
}

/** Deletes the result message the button is on, and its line in the requester's list. */
export async function deleteResult(interaction: ButtonInteraction, ctx: AppContext, job: FinishedJob): Promise<void> {
	await interaction.deferUpdate();
	await interaction.deleteReply();
	await forgetGeneration(ctx, job.guildId, job.userId, job.id);
	ctx.logger.info({ jobId: job.id, by: interaction.user.id }, 'media result deleted');
}
