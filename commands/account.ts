import {
	ApplicationIntegrationType,
	type ChatInputCommandInteraction,
	InteractionContextType,
	SlashCommandBuilder,
} from 'discord.js';
import {
	FORGET_CANCEL,
	FORGET_CONFIRM,
	FORGOTTEN,
	forgetMemberData,
	forgetQuestion,
	NOTHING_DELETED,
	refuseOthers,
} from '../src/account-forget.js';
import { linkMember, unlinkMember } from '../src/accounts.js';
import type { AppContext } from '../src/app-context.js';
import { type Command, customId } from '../src/discord/command.js';
import { guildIdOf } from '../src/discord/guards.js';
import { TOKEN_FIELD, tokenModal } from '../src/discord/modals.js';
import { defer, sendPrivate } from '../src/discord/replies.js';
import { plain } from '../src/discord/text.js';
import { noteTokenSource, rostroFromRecords } from '../src/discord/tokens.js';
import { UserError } from '../src/discord/user-error.js';
import { allowanceSummary } from '../src/moderation/limits.js';

const data = new SlashCommandBuilder()
	.setName('account')
	.setDescription('Your Rostro account in this bot')
	.setContexts(InteractionContextType.Guild)
	.setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
	.addSubcommand((sub) => sub.setName('status').setDescription('Which Rostro account your commands use here'))
	.addSubcommand((sub) => sub.setName('link').setDescription('Use your own Rostro token for your commands'))
	.addSubcommand((sub) => sub.setName('unlink').setDescription('Stop using your own Rostro token'))
	.addSubcommand((sub) => sub.setName('forget').setDescription('Delete what the bot stored about you (it asks first)'))
	.toJSON();

async function status(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	await defer(interaction, 'private');
	const [member, guild] = await Promise.all([
		ctx.store.members.get(interaction.user.id),
		interaction.guildId ? ctx.store.guilds.get(interaction.guildId) : undefined,
	]);
	const account = member?.token ? member.account : guild?.token ? guild.account : undefined;
	if (!account) {
		await sendPrivate(interaction, {
			content:
				'No Rostro account is set up for you here: link yours with `/account link`, or ask an admin to run `/setup token`.',
		});
		return;
	}

	const whose = member?.token ? 'your linked Rostro account' : "this server's Rostro account";
	// The records are read once: the token comes from the same ones as the account's name.
	const resolved = rostroFromRecords(ctx, interaction.user.id, interaction.guildId, { member, guild });
	if (!resolved) throw new Error('an account without a token');
	const { rostro, source } = resolved;
	noteTokenSource(interaction, source);
	const { credits } = await rostro.account.get();
	const balance = credits === undefined ? '' : ` It has ${credits.toLocaleString('en')} credits.`;
	// Limits only ever apply where the server's token could pay.
	const limits = guild?.token ? await allowanceSummary(ctx, guildIdOf(interaction), interaction.user.id, source) : '';
	const lines = [`Your commands here use ${whose}, **${plain(account.userName)}**.${balance}`, limits];
	await sendPrivate(interaction, { content: lines.filter(Boolean).join('\n') });
}

async function unlink(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const removed = await unlinkMember(ctx, interaction.user.id);
	const serverConnected = interaction.guildId
		? Boolean((await ctx.store.guilds.get(interaction.guildId))?.token)
		: false;
	const next = serverConnected
		? "your commands now use the server's account."
		: 'this server has no Rostro account, so commands that need one will ask an admin to run /setup token.';
	await sendPrivate(interaction, {
		content: removed ? `I forgot your Rostro token; ${next}` : 'You had no Rostro token linked.',
	});
}

async function forget(interaction: ChatInputCommandInteraction): Promise<void> {
	await sendPrivate(interaction, forgetQuestion(interaction.user.id));
}

const subcommands = { status, unlink, forget };

export default {
	data,
	async execute(interaction, ctx) {
		const subcommand = interaction.options.getSubcommand();
		if (subcommand === 'link') {
			await interaction.showModal(tokenModal(customId('account', 'link'), 'Your Rostro token'));
			return;
		}
		const handler = subcommands[subcommand as keyof typeof subcommands];
		if (!handler) throw new UserError('unknown-subcommand', 'That command is not available here any more.');
		await handler(interaction, ctx);
	},
	components: {
		async [FORGET_CONFIRM](interaction, ctx, userId) {
			refuseOthers(interaction.user.id, userId);
			await interaction.deferUpdate();
			const records = await forgetMemberData(ctx, userId);
			ctx.logger.info({ records }, 'member data forgotten');
			await interaction.editReply({ content: FORGOTTEN, components: [] });
		},
		async [FORGET_CANCEL](interaction, _ctx, userId) {
			refuseOthers(interaction.user.id, userId);
			await interaction.update({ content: NOTHING_DELETED, components: [] });
		},
	},
	modals: {
		async link(interaction, ctx) {
			await defer(interaction, 'private');
			const account = await linkMember(ctx, interaction.user.id, interaction.fields.getTextInputValue(TOKEN_FIELD));
			await sendPrivate(interaction, {
				content: `Linked: your commands now use your Rostro account **${plain(account.userName)}**, in every server.`,
			});
		},
	},
} satisfies Command<ChatInputCommandInteraction>;
