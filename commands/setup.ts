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
import { requireChatModel } from '../src/chat/start.js';
import { type Command, customId } from '../src/discord/command.js';
import { guildIdOf, requireAdmin } from '../src/discord/guards.js';
import { TOKEN_FIELD, tokenModal } from '../src/discord/modals.js';
import { botChannelPermissions, isAdmin, missingBotPermissions } from '../src/discord/permissions.js';
import { defer, sendPrivate } from '../src/discord/replies.js';
import { plain } from '../src/discord/text.js';
import { UserError } from '../src/discord/user-error.js';
import { type Feed, feedChecker, feedLine, guildFeeds } from '../src/feeds/index.js';
import {
	audit,
	auditSetup,
	blockNameChoices,
	policyHandlers,
	policyLines,
	policySubcommands,
	pushBlocksToAccount,
} from '../src/moderation/index.js';
import { type GuildSettings, VaultError } from '../src/store/index.js';

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

/** Why the server's stored token cannot be used, in a sentence; undefined when it opens (or there is none). */
function unreadableToken(ctx: AppContext, settings: GuildSettings | undefined): string | undefined {
	if (!settings?.token) return undefined;
	try {
		ctx.store.vault.open(settings.token);
		return undefined;
	} catch (error) {
		if (!(error instanceof VaultError)) throw error;
		return error.message;
	}
}

function accountLine(settings: GuildSettings | undefined, unreadable: string | undefined): string {
	if (!settings?.token) return 'Rostro account: none yet; run `/setup token`.';
	const name = settings.account ? `**${plain(settings.account.userName)}**` : 'set';
	if (!unreadable) return `Rostro account: ${name}.`;
	return (
		`Rostro account: ${name}, but its token cannot be used. ${unreadable} ` +
		'(Or restart the bot with the ROSTRO_BOT_SECRET it was stored with.) Until then commands that need ' +
		"the server's account are refused."
	);
}

/**
 * The feeds that post nothing while the server has no usable token: timeline feeds follow the
 * server's account, and with a token that cannot be read no feed can be checked. Undefined when
 * none is stalled.
 */
function stalledFeedsLine(feeds: Feed[], settings: GuildSettings | undefined, unreadable: boolean): string | undefined {
	if (settings?.token && !unreadable) return undefined;
	const stalled = unreadable ? feeds : feeds.filter((feed) => feed.kind === 'timeline');
	if (stalled.length === 0) return undefined;
	const which = stalled.map(feedLine).join('; ');
	const subject = stalled.length === 1 ? 'A feed posts' : `${stalled.length} feeds post`;
	return `${subject} nothing until an admin runs \`/setup token\`: ${which}.`;
}

async function show(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const guildId = guildIdOf(interaction);
	const settings = await ctx.store.guilds.get(guildId);
	const unreadable = unreadableToken(ctx, settings);
	const account = accountLine(settings, unreadable);
	const stalled = stalledFeedsLine(await guildFeeds(ctx, guildId), settings, unreadable !== undefined);
	const missing = missingBotPermissions(interaction, botChannelPermissions);
	const here =
		missing.length === 0
			? 'In this channel I have every permission I need.'
			: `In this channel I lack: ${missing.join(', ')}.`;
	const policy = [
		...(await policyLines(ctx, guildId)),
		`Chat model for new chats: ${settings?.chatModel ?? 'the first one Rostro lists'}.`,
	].join('\n');
	const lines = [account, ...(stalled ? [stalled] : []), policy, here];
	await sendPrivate(interaction, { content: lines.join('\n') });
}

async function chatModel(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const name = interaction.options.getString('name', true).trim();
	await defer(interaction, 'private');
	await requireChatModel(ctx.rostro, name);
	const guildId = guildIdOf(interaction);
	const settings = (await ctx.store.guilds.get(guildId)) ?? {};
	await ctx.store.guilds.set(guildId, { ...settings, chatModel: name });
	await sendPrivate(interaction, { content: `New chats in this server now use ${name}.` });
}

/** `/setup logout`; false when there was no token, so nothing changed and nothing is audited. */
async function logout(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<boolean> {
	const guildId = guildIdOf(interaction);
	const removed = await disconnectGuild(ctx, guildId);
	if (!removed) {
		await sendPrivate(interaction, { content: 'This server had no Rostro token to forget, so nothing changed.' });
		return false;
	}
	ctx.logger.info('guild token removed');
	const stalled = stalledFeedsLine(await guildFeeds(ctx, guildId), undefined, false);
	await sendPrivate(interaction, {
		content: ["I forgot this server's Rostro token.", ...(stalled ? [stalled] : [])].join(' '),
	});
	return true;
}

/**
 * Checks the server's failing feeds soon after a token is set: a timeline feed that waited for
 * one, backing off, would otherwise resume only after its longer pause.
 */
async function resumeFeeds(ctx: AppContext, guildId: string): Promise<void> {
	const checker = feedChecker(ctx);
	for (const feed of await guildFeeds(ctx, guildId)) {
		if (feed.failures > 0) checker.schedule(feed.id, ctx.config.feedIntervalMs * Math.random() * 0.1);
	}
}

// Each handler answers the admin; one that returns false changed nothing and is not audited.
const subcommands: Record<string, (i: ChatInputCommandInteraction, ctx: AppContext) => Promise<unknown>> = {
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
		const handler = Object.hasOwn(subcommands, subcommand) ? subcommands[subcommand] : undefined;
		if (!handler) throw new UserError('unknown-subcommand', 'That command is not available here any more.');
		if ((await handler(interaction, ctx)) === false) return;
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
			await resumeFeeds(ctx, guildIdOf(interaction));
		},
	},
} satisfies Command<ChatInputCommandInteraction>;
