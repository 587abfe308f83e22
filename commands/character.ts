import {
	ApplicationIntegrationType,
	type ChatInputCommandInteraction,
	InteractionContextType,
	SlashCommandBuilder,
} from 'discord.js';
import type { Command, ComponentInteraction } from '../src/discord/command.js';
import { nsfwAllowedHere } from '../src/discord/nsfw.js';
import { defer, sendPrivate } from '../src/discord/replies.js';
import { UserError } from '../src/discord/user-error.js';
import {
	CHAT_ACTION,
	characterMessage,
	chatFromComponent,
	FAVORITE_ACTION,
	loadShowable,
	OPEN_ACTION,
	SIMILAR_ACTION,
	sendResult,
	showSimilar,
	suggestCharacters,
	toggleFavorite,
} from '../src/discovery/index.js';
import { searchBlocksOf } from '../src/moderation/index.js';

const data = new SlashCommandBuilder()
	.setName('character')
	.setDescription("A Rostro character's card, with buttons to chat, favorite or find similar ones")
	.setContexts(InteractionContextType.Guild)
	.setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
	.addStringOption((o) =>
		o.setName('name').setDescription('The character').setRequired(true).setAutocomplete(true).setMaxLength(300),
	)
	.addBooleanOption((o) => o.setName('public').setDescription('Show the card to everyone here'))
	.toJSON();

/** The project a menu picked, or the one a button carries in its key. */
function pickedProject(interaction: ComponentInteraction, key: string): string {
	const picked = interaction.isStringSelectMenu() ? interaction.values[0] : key;
	if (!picked) throw new UserError('nothing-picked', 'Pick a character from the menu.');
	return picked;
}

function projectId(key: string): number {
	const id = Number(key);
	if (!Number.isInteger(id) || id <= 0)
		throw new UserError('stale-component', 'This no longer works; run the command again.');
	return id;
}

export default {
	data,
	async execute(interaction, ctx) {
		const isPublic = interaction.options.getBoolean('public') ?? false;
		await defer(interaction, isPublic ? 'public' : 'private');
		const character = await loadShowable(interaction, ctx, interaction.options.getString('name', true));
		await sendResult(interaction, isPublic, characterMessage(character, interaction));
	},
	async autocomplete(interaction, ctx) {
		const typed = interaction.options.getFocused();
		const nsfw = await nsfwAllowedHere(ctx, interaction.channel);
		const blocks = await searchBlocksOf(ctx, interaction.guildId);
		await interaction.respond(await suggestCharacters(ctx.rostro, typed, nsfw, blocks));
	},
	components: {
		async [OPEN_ACTION](interaction, ctx, key) {
			await defer(interaction, 'private');
			const character = await loadShowable(interaction, ctx, pickedProject(interaction, key));
			await sendPrivate(interaction, characterMessage(character, interaction));
		},
		async [CHAT_ACTION](interaction, ctx, key) {
			await chatFromComponent(interaction, ctx, pickedProject(interaction, key));
		},
		async [FAVORITE_ACTION](interaction, ctx, key) {
			await toggleFavorite(interaction, ctx, projectId(key));
		},
		async [SIMILAR_ACTION](interaction, ctx, key) {
			await showSimilar(interaction, ctx, projectId(key));
		},
	},
} satisfies Command<ChatInputCommandInteraction>;
