import { randomBytes } from 'node:crypto';
import type { ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { AppContext } from '../app-context.js';
import { guildIdOf } from '../discord/guards.js';
import { INTERACTION_TOKEN_LIFETIME_MS, noMentions } from '../discord/replies.js';
import { resolveRostro } from '../discord/tokens.js';
import { UserError } from '../discord/user-error.js';
import { chargeUse, hasVisibleText } from '../moderation/index.js';
import type { ImagineJob, RostroClient } from '../rostro/index.js';
import { uploadLimit } from './attachment.js';
import { promptRefusal } from './gates.js';
import { type MediaJob, mediaJobs, type operations } from './job-record.js';
import { imagineRequest, type MediaSpec } from './kinds.js';
import { startingText } from './result-message.js';
import { jobRunner } from './runner.js';
import { rejectionSentence } from './sentences.js';

/** The interactions that start a generation: `/imagine` and a result's buttons. */
export type StartingInteraction = ChatInputCommandInteraction | ButtonInteraction;

/** What to make: a spec, and for variations and upscales the image they start from. */
export interface GenerationOrder extends MediaSpec {
	operation: (typeof operations)[number];
	sourceImage?: string | undefined;
}

/** Job ids go in custom ids (100 characters at most), so they are short. */
function newJobId(): string {
	return randomBytes(6).toString('base64url');
}

/** Acknowledges publicly at once and returns the placeholder's id, to tidy it up later. */
async function deferPublicly(interaction: StartingInteraction): Promise<string | undefined> {
	const response = await interaction.deferReply({ withResponse: true });
	return response.resource?.message?.id ?? response.interaction.responseMessageId ?? undefined;
}

function ask(rostro: RostroClient, generation: GenerationOrder): Promise<ImagineJob> {
	if (generation.operation === 'imagine') {
		return rostro.imagine.create(imagineRequest(generation), { returnImmediate: true });
	}
	if (!generation.sourceImage) throw new RangeError(`a ${generation.operation} needs a source image`);
	if (generation.operation === 'upscale') return rostro.images.upscale({ image: generation.sourceImage });
	return rostro.images.img2img({ image: generation.sourceImage, prompt: generation.prompt });
}

function newJob(
	interaction: StartingInteraction,
	generation: GenerationOrder,
	first: ImagineJob,
): Omit<MediaJob, 'interaction' | 'source'> {
	return {
		feature: 'imagine',
		id: newJobId(),
		guildId: guildIdOf(interaction),
		channelId: interaction.channelId,
		userId: interaction.user.id,
		userName: interaction.user.displayName,
		applicationId: interaction.applicationId,
		uploadLimit: uploadLimit({
			attachmentSizeLimit: interaction.attachmentSizeLimit,
			premiumTier: interaction.guild?.premiumTier,
		}),
		rostroUuid: first.uuid,
		operation: generation.operation,
		sourceImage: generation.sourceImage,
		kind: generation.kind,
		prompt: generation.prompt,
		aspect: generation.aspect,
		model: generation.model,
		startedAt: Date.now(),
		status: 'pending',
	};
}

/**
 * The checks before anything is public, so a refusal is private: a prompt with something to
 * read, the paying account, the prompt gates, then the cooldown and quota (keyv reads only, well
 * inside Discord's 3 s).
 */
async function admitGeneration(interaction: StartingInteraction, ctx: AppContext, generation: GenerationOrder) {
	// An upscale sends no prompt; the others would spend credits on an empty one.
	if (generation.operation !== 'upscale' && !hasVisibleText(generation.prompt)) {
		throw new UserError('empty-prompt', 'Your prompt has no visible characters; describe what to make.');
	}
	const { rostro, source } = await resolveRostro(interaction, ctx);
	if (source === 'public') throw new RangeError('generation never runs without a token');

	const check = { guildId: guildIdOf(interaction), userId: interaction.user.id, channel: interaction.channel };
	const refusal = await promptRefusal({ ...check, kind: generation.kind, prompt: generation.prompt }, ctx);
	if (refusal) throw new UserError('prompt-refused', refusal);
	await chargeUse(ctx, { ...check, feature: 'imagine', source });
	return { rostro, source };
}

/** Asks Rostro for the generation; a rejection is a UserError. */
async function askRostro(rostro: RostroClient, generation: GenerationOrder): Promise<ImagineJob> {
	const first = await ask(rostro, generation);
	if (first.status === 'failed') {
		throw new UserError(`rejected-${first.error ?? 'unknown'}`, rejectionSentence(first.error));
	}
	return first;
}

/**
 * Starts a generation for an interaction: the checks (`admitGeneration`), then a public
 * placeholder, then Rostro's answer. The job is stored before it is polled, so it survives a
 * restart; the member's interaction returns at once.
 */
export async function startGeneration(
	interaction: StartingInteraction,
	ctx: AppContext,
	generation: GenerationOrder,
): Promise<MediaJob> {
	const { rostro, source } = await admitGeneration(interaction, ctx, generation);
	const placeholderId = await deferPublicly(interaction);
	// A plain message rather than Discord's "thinking…": it says what is being made, and it can
	// be deleted and followed by a private answer (a deleted deferral cannot, discord-api-docs #2739).
	await interaction.editReply({ content: startingText(generation.kind), allowedMentions: noMentions });

	const first = await askRostro(rostro, generation).catch(async (error: unknown) => {
		// The public line must not stay behind a failure the member is told about privately.
		await interaction.deleteReply().catch(() => undefined);
		throw error;
	});

	const job: MediaJob = {
		...newJob(interaction, generation, first),
		source,
		interaction: {
			token: ctx.store.vault.seal(interaction.token),
			expiresAt: interaction.createdTimestamp + INTERACTION_TOKEN_LIFETIME_MS,
			placeholderId,
		},
	};
	await mediaJobs(ctx).set(job.id, job);
	ctx.logger.info(
		{ jobId: job.id, uuid: job.rostroUuid, kind: job.kind, operation: job.operation },
		'media job started',
	);
	jobRunner(ctx).track(job, first);
	return job;
}
