import { ChannelType, type Guild, PermissionFlagsBits } from 'discord.js';
import type { AppContext } from '../app-context.js';
import { noMentions } from './replies.js';

const WELCOME =
	'Hello! I bring Rostro characters, images and voices to this server. ' +
	'An admin can connect a Rostro account with `/setup token`; `/help` lists everything else.';

/** Posts one short welcome in the system channel of a server the bot just joined, when it may. */
export async function welcome(guild: Guild, ctx: AppContext): Promise<void> {
	const channel = guild.systemChannel;
	const me = guild.members.me;
	const mayPost =
		channel?.type === ChannelType.GuildText &&
		me &&
		channel.permissionsFor(me).has([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages]);
	if (!channel || !mayPost) {
		ctx.logger.info({ guildId: guild.id }, 'joined a server without a system channel to greet in');
		return;
	}

	await channel.send({ content: WELCOME, allowedMentions: noMentions });
	ctx.logger.info({ guildId: guild.id }, 'joined a server');
}

/** Deletes everything stored for a server the bot was removed from. */
export async function purge(guildId: string, ctx: AppContext): Promise<void> {
	await ctx.store.forgetGuild(guildId);
	ctx.logger.info({ guildId }, 'removed from a server; its data was deleted');
}
