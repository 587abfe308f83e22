import {
	ApplicationIntegrationType,
	type ChatInputCommandInteraction,
	InteractionContextType,
	SlashCommandBuilder,
} from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { nsfwAllowedHere } from '../src/discord/nsfw.js';
import { defer } from '../src/discord/replies.js';
import { resolveRostro } from '../src/discord/tokens.js';
import { profileMessage, sendResult } from '../src/discovery/index.js';
import { searchBlocksOf } from '../src/moderation/index.js';

const data = new SlashCommandBuilder()
	.setName('user')
	.setDescription("A Rostro creator's profile and top projects")
	.setContexts(InteractionContextType.Guild)
	.setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
	.addStringOption((o) =>
		o.setName('name').setDescription("The creator's Rostro user name").setRequired(true).setMaxLength(100),
	)
	.addBooleanOption((o) => o.setName('public').setDescription('Show the profile to everyone here'))
	.toJSON();

export default {
	data,
	async execute(interaction, ctx) {
		const isPublic = interaction.options.getBoolean('public') ?? false;
		await defer(interaction, isPublic ? 'public' : 'private');
		const { rostro } = await resolveRostro(interaction, ctx, { allowPublic: true });
		const name = interaction.options.getString('name', true);
		const nsfw = await nsfwAllowedHere(ctx, interaction.channel);
		const blocks = await searchBlocksOf(ctx, interaction.guildId);
		await sendResult(interaction, isPublic, await profileMessage(rostro, name, nsfw, blocks));
	},
} satisfies Command<ChatInputCommandInteraction>;
