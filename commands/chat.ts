import {
	ApplicationIntegrationType,
	type ChatInputCommandInteraction,
	InteractionContextType,
	SlashCommandBuilder,
} from 'discord.js';
import type { AppContext } from '../src/app-context.js';
import { answeredEndedChat, end, info, list, model, onReplyButton, persona, reset, say } from '../src/chat/actions.js';
import { suggest } from '../src/chat/choices.js';
import { startChat } from '../src/chat/start.js';
import type { Command, ComponentInteraction } from '../src/discord/command.js';
import { ownEntry } from '../src/discord/lookup.js';
import { defer, sendPrivate } from '../src/discord/replies.js';
import { resolveRostro } from '../src/discord/tokens.js';
import { UserError } from '../src/discord/user-error.js';

const data = new SlashCommandBuilder()
	.setName('chat')
	.setDescription('Roleplay with Rostro characters in threads')
	.setContexts(InteractionContextType.Guild)
	.setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
	.addSubcommand((sub) =>
		sub
			.setName('start')
			.setDescription('Start a chat with a character in a new thread')
			.addStringOption((o) =>
				o.setName('character').setDescription('The character').setRequired(true).setAutocomplete(true),
			)
			.addStringOption((o) => o.setName('model').setDescription('The chat model').setAutocomplete(true))
			.addStringOption((o) =>
				o.setName('greeting').setDescription('Which greeting opens the chat').setAutocomplete(true),
			)
			.addBooleanOption((o) => o.setName('private').setDescription('A private thread only invited members see')),
	)
	.addSubcommand((sub) =>
		sub
			.setName('say')
			.setDescription('Say something to the character in this chat thread')
			.addStringOption((o) =>
				o.setName('message').setDescription('What you say').setRequired(true).setMaxLength(2_000),
			),
	)
	.addSubcommand((sub) => sub.setName('end').setDescription('End this chat and archive its thread'))
	.addSubcommand((sub) => sub.setName('reset').setDescription('Make the character forget this chat, keep the thread'))
	.addSubcommand((sub) =>
		sub
			.setName('persona')
			.setDescription('Who you are in this server’s chats')
			.addStringOption((o) =>
				o.setName('name').setDescription('Your name in the story').setRequired(true).setMaxLength(80),
			)
			.addStringOption((o) =>
				o.setName('description').setDescription('A few lines about you').setRequired(true).setMaxLength(1_000),
			),
	)
	.addSubcommand((sub) => sub.setName('info').setDescription('The character, model and memory of this chat'))
	.addSubcommand((sub) =>
		sub
			.setName('model')
			.setDescription('Switch this chat’s model')
			.addStringOption((o) => o.setName('name').setDescription('The model').setRequired(true).setAutocomplete(true)),
	)
	.addSubcommand((sub) => sub.setName('list').setDescription('The server’s chats, with links'))
	.toJSON();

async function start(interaction: ChatInputCommandInteraction, ctx: AppContext) {
	await defer(interaction, 'private');
	const { rostro } = await resolveRostro(interaction, ctx);
	const greeting = interaction.options.getString('greeting');
	const threadId = await startChat(interaction, ctx, rostro, {
		character: interaction.options.getString('character', true),
		model: interaction.options.getString('model'),
		greeting: greeting && /^\d+$/.test(greeting) ? Number(greeting) : null,
		private: interaction.options.getBoolean('private') ?? false,
	});
	await sendPrivate(interaction, { content: `Your chat is open: <#${threadId}>.` });
}

const subcommands = { start, say, end, reset, persona, info, model, list };

const replyButton =
	(action: string) => async (interaction: ComponentInteraction, ctx: AppContext, threadId: string) => {
		if (!interaction.isButton()) return;
		await onReplyButton(interaction, ctx, action, threadId);
	};

export default {
	data,
	async execute(interaction, ctx) {
		const handler = ownEntry(subcommands, interaction.options.getSubcommand());
		if (!handler) throw new UserError('unknown-subcommand', 'That command is not available here any more.');
		if (await answeredEndedChat(interaction, ctx)) return;
		await handler(interaction, ctx);
	},
	async autocomplete(interaction, ctx) {
		await interaction.respond(await suggest(interaction, ctx));
	},
	components: Object.fromEntries(
		['regen', 'prev', 'next', 'continue', 'delete', 'retry'].map((action) => [action, replyButton(action)]),
	),
} satisfies Command<ChatInputCommandInteraction>;
