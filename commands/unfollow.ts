import {
	ApplicationIntegrationType,
	type ChatInputCommandInteraction,
	InteractionContextType,
	SlashCommandBuilder,
} from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { defer, sendPrivate } from '../src/discord/replies.js';
import { followingAccount, setCreatorFollow, setTagFollow, suggestTags } from '../src/discovery/index.js';

const data = new SlashCommandBuilder()
	.setName('unfollow')
	.setDescription('Stop following a Rostro creator or tag')
	.setContexts(InteractionContextType.Guild)
	.setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
	.addSubcommand((sub) =>
		sub
			.setName('user')
			.setDescription('Stop following a Rostro creator')
			.addStringOption((o) => o.setName('name').setDescription('Their Rostro user name').setRequired(true)),
	)
	.addSubcommand((sub) =>
		sub
			.setName('tag')
			.setDescription('Stop following a Rostro tag')
			.addStringOption((o) => o.setName('name').setDescription('The tag').setRequired(true).setAutocomplete(true)),
	)
	.toJSON();

export default {
	data,
	async execute(interaction, ctx) {
		await defer(interaction, 'private');
		const account = await followingAccount(interaction, ctx, { change: true });
		const unfollow = interaction.options.getSubcommand() === 'tag' ? setTagFollow : setCreatorFollow;
		await sendPrivate(interaction, {
			content: await unfollow(account, interaction.options.getString('name', true), false),
		});
	},
	async autocomplete(interaction, ctx) {
		await interaction.respond(await suggestTags(ctx.rostro, interaction.options.getFocused()));
	},
} satisfies Command<ChatInputCommandInteraction>;
