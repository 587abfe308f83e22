import {
	ApplicationIntegrationType,
	type ButtonInteraction,
	type ChatInputCommandInteraction,
	escapeMarkdown,
	InteractionContextType,
	SlashCommandBuilder,
} from 'discord.js';
import type { AppContext } from '../src/app-context.js';
import type { Command, ComponentInteraction } from '../src/discord/command.js';
import { defer, sendPrivate } from '../src/discord/replies.js';
import { resolveRostro } from '../src/discord/tokens.js';
import { UserError } from '../src/discord/user-error.js';
import {
	aspects,
	CAPTION_FIELD,
	captionModal,
	deleteResult,
	type FinishedJob,
	isAspect,
	jobForComponent,
	kindTitle,
	mediaKinds,
	ownProjects,
	pickedLabel,
	projectPicker,
	regenerate,
	requireImage,
	saveToGallery,
	startGeneration,
	upscale,
	vary,
} from '../src/media/index.js';
import { audit, galleryUploadEntry } from '../src/moderation/audit.js';

const data = new SlashCommandBuilder()
	.setName('imagine')
	.setDescription('Make an image, a video, music or a sound effect from a prompt')
	.setContexts(InteractionContextType.Guild)
	.setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
	.addStringOption((option) =>
		option.setName('prompt').setDescription('What to make').setRequired(true).setMaxLength(2_000),
	)
	.addStringOption((option) =>
		option
			.setName('kind')
			.setDescription('What kind of media (an image unless you choose)')
			.addChoices(mediaKinds.map((kind) => ({ name: kindTitle(kind), value: kind }))),
	)
	.addStringOption((option) =>
		option
			.setName('aspect')
			.setDescription('The shape of an image or video (square unless you choose)')
			.addChoices(Object.keys(aspects).map((aspect) => ({ name: aspect, value: aspect }))),
	)
	.addStringOption((option) => option.setName('model').setDescription('A Rostro model to use').setMaxLength(100))
	.toJSON();

function kindOption(interaction: ChatInputCommandInteraction) {
	const kind = interaction.options.getString('kind') ?? 'image';
	return mediaKinds.find((known) => known === kind) ?? 'image';
}

function aspectOption(interaction: ChatInputCommandInteraction) {
	const aspect = interaction.options.getString('aspect');
	return aspect && isAspect(aspect) ? aspect : undefined;
}

/** Runs a button's action on the finished job it names. */
function onResult(action: (i: ButtonInteraction, ctx: AppContext, job: FinishedJob) => Promise<unknown>) {
	return async (interaction: ComponentInteraction, ctx: AppContext, jobId: string) => {
		if (!interaction.isButton()) throw new UserError('wrong-component', 'That control does not work here.');
		await action(interaction, ctx, await jobForComponent(interaction, ctx, jobId));
	};
}

async function offerProjects(interaction: ButtonInteraction, ctx: AppContext, job: FinishedJob): Promise<void> {
	requireImage(job);
	await defer(interaction, 'private');
	const { rostro } = await resolveRostro(interaction, ctx);
	const projects = await ownProjects(rostro);
	if (projects.length === 0) {
		await sendPrivate(interaction, { content: 'Your Rostro account has no projects whose gallery could take this.' });
		return;
	}
	await sendPrivate(interaction, {
		content: 'Which project’s gallery should this go to?',
		components: [projectPicker(job.id, projects)],
	});
}

export default {
	data,
	async execute(interaction, ctx) {
		await startGeneration(interaction, ctx, {
			operation: 'imagine',
			kind: kindOption(interaction),
			prompt: interaction.options.getString('prompt', true),
			aspect: aspectOption(interaction),
			model: interaction.options.getString('model') ?? undefined,
		});
	},
	components: {
		regen: onResult(regenerate),
		vary: onResult(vary),
		upscale: onResult(upscale),
		delete: onResult(deleteResult),
		save: onResult(offerProjects),
		async project(interaction, ctx, jobId) {
			const job = await jobForComponent(interaction, ctx, jobId);
			const projectId = interaction.isStringSelectMenu() ? interaction.values[0] : undefined;
			if (!projectId) throw new UserError('no-project', 'Choose a project first.');
			await interaction.showModal(captionModal(job.id, projectId));
		},
	},
	modals: {
		async caption(interaction, ctx, key) {
			const [jobId = '', projectId = ''] = key.split(':');
			const job = await jobForComponent(interaction, ctx, jobId);
			await defer(interaction, 'private');
			const { rostro } = await resolveRostro(interaction, ctx);
			const caption = interaction.fields.getTextInputValue(CAPTION_FIELD).trim();
			await saveToGallery(rostro, job, Number(projectId), caption);
			const label = pickedLabel(interaction.message, projectId);
			const where = label ? `the gallery of **${escapeMarkdown(label)}**` : 'the gallery';
			await sendPrivate(interaction, { content: `Saved to ${where}.` });
			const saved = { count: 1, projectLabel: label ?? `project ${projectId}`, caption, channel: interaction.channel };
			await audit(ctx, galleryUploadEntry({ guildId: job.guildId, userId: interaction.user.id, ...saved }));
		},
	},
} satisfies Command<ChatInputCommandInteraction>;
