import {
	ApplicationIntegrationType,
	type ChatInputCommandInteraction,
	InteractionContextType,
	SlashCommandBuilder,
} from 'discord.js';
import type { AppContext } from '../src/app-context.js';
import type { Command } from '../src/discord/command.js';
import { guildIdOf } from '../src/discord/guards.js';
import { defer, sendPrivate } from '../src/discord/replies.js';
import { generationsPage, listGenerations, PAGE_ACTION } from '../src/media/index.js';

const data = new SlashCommandBuilder()
	.setName('gallery')
	.setDescription('Galleries: your generations here, and Rostro project galleries')
	.setContexts(InteractionContextType.Guild)
	.setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
	.addSubcommand((sub) => sub.setName('mine').setDescription('What you made with /imagine in this server'))
	.toJSON();

type Subcommand = (interaction: ChatInputCommandInteraction, ctx: AppContext) => Promise<void>;

async function minePage(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	await defer(interaction, 'private');
	const guildId = guildIdOf(interaction);
	const items = await listGenerations(ctx, guildId, interaction.user.id);
	await sendPrivate(interaction, generationsPage('gallery', guildId, items, 0));
}

/** Each subcommand's handler, by name. */
const subcommands: Record<string, Subcommand> = {
	mine: minePage,
};

export default {
	data,
	async execute(interaction, ctx) {
		const run = subcommands[interaction.options.getSubcommand()] ?? minePage;
		await run(interaction, ctx);
	},
	components: {
		// The list shown is always the clicker's own: the page is the only state, in the custom id.
		async [PAGE_ACTION](interaction, ctx, page) {
			const guildId = guildIdOf(interaction);
			const items = await listGenerations(ctx, guildId, interaction.user.id);
			await interaction.update(generationsPage('gallery', guildId, items, Number(page) || 0));
		},
	},
} satisfies Command<ChatInputCommandInteraction>;
