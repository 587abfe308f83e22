import {
	ApplicationIntegrationType,
	type ChatInputCommandInteraction,
	InteractionContextType,
	SlashCommandBuilder,
} from 'discord.js';
import type { AppContext } from '../src/app-context.js';
import type { Command } from '../src/discord/command.js';
import { guildIdOf } from '../src/discord/guards.js';
import { ownEntry } from '../src/discord/lookup.js';
import { defer, sendPrivate } from '../src/discord/replies.js';
import {
	deleteGalleryImage,
	openGalleryView,
	projectChoices,
	turnGalleryPage,
	uploadAttachment,
	VIEW_ACTION,
} from '../src/gallery/index.js';
import { generationsPage, listGenerations, PAGE_ACTION } from '../src/media/index.js';

const data = new SlashCommandBuilder()
	.setName('gallery')
	.setDescription('Galleries: your generations here, and Rostro project galleries')
	.setContexts(InteractionContextType.Guild)
	.setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
	.addSubcommand((sub) => sub.setName('mine').setDescription('What you made with /imagine in this server'))
	.addSubcommand((sub) =>
		sub
			.setName('upload')
			.setDescription('Add an image to the gallery of one of your Rostro projects')
			.addAttachmentOption((o) => o.setName('image').setDescription('A PNG, JPEG, WebP or GIF').setRequired(true))
			.addStringOption((o) =>
				o.setName('project').setDescription('Which of your projects').setRequired(true).setAutocomplete(true),
			)
			.addStringOption((o) => o.setName('caption').setDescription('A caption for the image').setMaxLength(500)),
	)
	.addSubcommand((sub) =>
		sub
			.setName('view')
			.setDescription('Page through a Rostro project’s gallery')
			.addStringOption((o) =>
				o.setName('project').setDescription('Which project').setRequired(true).setAutocomplete(true),
			),
	)
	.addSubcommand((sub) =>
		sub
			.setName('delete')
			.setDescription('Delete an image you uploaded to a gallery')
			.addStringOption((o) =>
				o.setName('image').setDescription('The image id, as its gallery shows it').setRequired(true).setMaxLength(64),
			),
	)
	.toJSON();

type Subcommand = (interaction: ChatInputCommandInteraction, ctx: AppContext) => Promise<void>;

async function minePage(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	await defer(interaction, 'private');
	const guildId = guildIdOf(interaction);
	const items = await listGenerations(ctx, guildId, interaction.user.id);
	await sendPrivate(interaction, generationsPage('gallery', guildId, items, 0));
}

function upload(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	return uploadAttachment(interaction, ctx, {
		image: interaction.options.getAttachment('image', true),
		project: interaction.options.getString('project', true),
		caption: interaction.options.getString('caption')?.trim() ?? '',
	});
}

/** Each subcommand's handler, by name. */
const subcommands: Record<string, Subcommand> = {
	mine: minePage,
	upload,
	view: (interaction, ctx) => openGalleryView(interaction, ctx, interaction.options.getString('project', true)),
	delete: (interaction, ctx) => deleteGalleryImage(interaction, ctx, interaction.options.getString('image', true)),
};

export default {
	data,
	async execute(interaction, ctx) {
		const run = ownEntry(subcommands, interaction.options.getSubcommand()) ?? minePage;
		await run(interaction, ctx);
	},
	async autocomplete(interaction, ctx) {
		const who = { userId: interaction.user.id, guildId: interaction.guildId };
		await interaction.respond(await projectChoices(ctx, who, interaction.options.getFocused()));
	},
	components: {
		// The list shown is always the clicker's own: the page is the only state, in the custom id.
		async [PAGE_ACTION](interaction, ctx, page) {
			const guildId = guildIdOf(interaction);
			const items = await listGenerations(ctx, guildId, interaction.user.id);
			await interaction.update(generationsPage('gallery', guildId, items, Number(page) || 0));
		},
		[VIEW_ACTION]: turnGalleryPage,
	},
} satisfies Command<ChatInputCommandInteraction>;
