import {
	ApplicationIntegrationType,
	type ChatInputCommandInteraction,
	InteractionContextType,
	PermissionFlagsBits,
	SlashCommandBuilder,
} from 'discord.js';
import { connectGuild, disconnectGuild } from '../src/accounts.js';
import type { AppContext } from '../src/app-context.js';
import { suggest } from '../src/chat/choices.js';
import { type Command, customId } from '../src/discord/command.js';
import { guildIdOf, requireAdmin } from '../src/discord/guards.js';
import { TOKEN_FIELD, tokenModal } from '../src/discord/modals.js';
import { botChannelPermissions, isAdmin, missingBotPermissions } from '../src/discord/permissions.js';
import { defer, sendPrivate } from '../src/discord/replies.js';
import { plain } from '../src/discord/text.js';
import { UserError } from '../src/discord/user-error.js';
import {
	audit,
	auditSetup,
	blockNameChoices,
	policyHandlers,
	policyLines,
	policySubcommands,
	pushBlocksToAccount,
} from '../src/moderation/index.js';

const builder = new SlashCommandBuilder()
	.setName('setup')
	.setDescription("Connect this server to Rostro and see the bot's setup")
	.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
	.setContexts(InteractionContextType.Guild)
	.setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
	.addSubcommand((sub) => sub.setName('token').setDescription('Set the Rostro API token this server uses'))
	.addSubcommand((sub) => sub.setName('logout').setDescription("Forget this server's Rostro token"))
	.addSubcommand((sub) => sub.setName('show').setDescription('Show the Rostro account, the policy and this channel'))
	.addSubcommand((sub) =>
		sub
			.setName('chat-model')
			.setDescription('The model new chats use unless a member picks one')
			.addStringOption((o) => o.setName('name').setDescription('The model').setRequired(true).setAutocomplete(true)),
	);
for (const subcommand of policySubcommands()) builder.addSubcommand(subcommand);
const data = builder.toJSON();

async function show(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const settings = await ctx.store.guilds.get(guildIdOf(interaction));
	const account = settings?.account
		? `Rostro account: **${plain(settings.account.userName)}**.`
		: 'Rostro account: none yet; run `/setup token`.';
	const missing = missingBotPermissions(interaction, botChannelPermissions);
	const here =
		missing.length === 0
			? 'In this channel I have every permission I need.'
			: `In this channel I lack: ${missing.join(', ')}.`;
	const policy = [
		...(await policyLines(ctx, guildIdOf(interaction))),
		`Chat model for new chats: ${settings?.chatModel ?? 'the first one Rostro lists'}.`,
	].join('\n');
	await sendPrivate(interaction, { content: [account, policy, here].join('\n') });
}

async function chatModel(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const name = interaction.options.getString('name', true).trim();
	await defer(interaction, 'private');
	const models = await ctx.rostro.chat.models();
	if (!models.some((model) => model.id === name)) {
		throw new UserError('model-unknown', `Rostro has no chat model called ${name}.`);
	}
	const guildId = guildIdOf(interaction);
	const settings = (await ctx.store.guilds.get(guildId)) ?? {};
	await ctx.store.guilds.set(guildId, { ...settings, chatModel: name });
	await sendPrivate(interaction, { content: `New chats in this server now use ${name}.` });
}

async function logout(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const removed = await disconnectGuild(ctx, guildIdOf(interaction));
	ctx.logger.info({ removed }, 'guild token removed');
	await sendPrivate(interaction, {
		content: removed ? "I forgot this server's Rostro token." : 'This server had no Rostro token to forget.',
	});
}

const subcommands = {
	show,
	logout,
	'chat-model': chatModel,
	...policyHandlers,
};

export default {
	data,
	async execute(interaction, ctx) {
		requireAdmin(interaction);
		const subcommand = interaction.options.getSubcommand();
		if (subcommand === 'token') {
			await interaction.showModal(tokenModal(customId('setup', 'token'), "This server's Rostro token"));
			return;
		}
		const handler = subcommands[subcommand as keyof typeof subcommands];
		if (!handler) throw new UserError('unknown-subcommand', 'That command is not available here any more.');
		await handler(interaction, ctx);
		await auditSetup(interaction, ctx);
	},
	async autocomplete(interaction, ctx) {
		if (!isAdmin(interaction)) {
			await interaction.respond([]);
			return;
		}
		const blocking = ['block', 'unblock'].includes(interaction.options.getSubcommand(false) ?? '');
		await interaction.respond(blocking ? await blockNameChoices(interaction, ctx) : await suggest(interaction, ctx));
	},
	modals: {
		async token(interaction, ctx) {
			requireAdmin(interaction);
			await defer(interaction, 'private');
			const account = await connectGuild(
				ctx,
				guildIdOf(interaction),
				interaction.fields.getTextInputValue(TOKEN_FIELD),
			);
			ctx.logger.info({ account: account.userName }, 'guild token set');
			const what = 'connected the server to a Rostro account';
			await audit(ctx, { guildId: guildIdOf(interaction), userId: interaction.user.id, what });
			const refused = await pushBlocksToAccount(ctx, guildIdOf(interaction));
			const blocks =
				refused > 0 ? ` Rostro did not take ${refused} of the blocks; run /setup block again for them.` : '';
			await sendPrivate(interaction, {
				content: `This server now uses the Rostro account **${plain(account.userName)}**.${blocks}`,
			});
		},
	},
} satisfies Command<ChatInputCommandInteraction>;
