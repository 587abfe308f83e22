import { GatewayDispatchEvents, GatewayIntentBits, PermissionFlagsBits } from 'discord-api-types/v10';
import type { FakeServices } from '../../context.js';
import * as errors from '../../errors.js';
import { guildPermissions } from '../../permissions.js';
import { toAPIChannel, toAPIGuild, toAPIMember, toAPIWebhook } from '../../state/serialize.js';
import { noContent, ok, type Route, route } from '../router.js';

export function guildRoutes({ world, gateway }: FakeServices): Route[] {
	const guildChannels = (guildId: string) =>
		[...world.channels.values()].filter((channel) => channel.guildId === guildId);

	return [
		route('GET', '/guilds/:guildId', 'bot', ({ params, query }) =>
			ok(toAPIGuild(world, world.guild(params.guildId ?? ''), query.get('with_counts') === 'true')),
		),
		route('GET', '/guilds/:guildId/channels', 'bot', ({ params }) => {
			world.guild(params.guildId ?? '');
			const channels = guildChannels(params.guildId ?? '').filter((channel) => !channel.thread);
			return ok(channels.map((channel) => toAPIChannel(world, channel)));
		}),
		route('GET', '/guilds/:guildId/roles', 'bot', ({ params }) =>
			ok([...world.guild(params.guildId ?? '').roles.values()]),
		),
		route('GET', '/guilds/:guildId/members/:userId', 'bot', ({ params }) =>
			ok(toAPIMember(world, world.member(params.guildId ?? '', params.userId ?? ''))),
		),
		route('GET', '/guilds/:guildId/threads/active', 'bot', ({ params }) => {
			world.guild(params.guildId ?? '');
			const open = guildChannels(params.guildId ?? '').filter((channel) => channel.thread && !channel.thread.archived);
			return ok({ threads: open.map((channel) => toAPIChannel(world, channel)), members: [] });
		}),
		route('GET', '/guilds/:guildId/webhooks', 'bot', ({ params }) => {
			const guildId = params.guildId ?? '';
			if (!(guildPermissions(world, guildId, world.botUserId) & PermissionFlagsBits.ManageWebhooks)) {
				throw errors.missingPermissions();
			}
			const webhooks = [...world.webhooks.values()].filter((webhook) => webhook.guildId === guildId);
			return ok(webhooks.map((webhook) => toAPIWebhook(world, webhook)));
		}),
		route('DELETE', '/users/@me/guilds/:guildId', 'bot', ({ params }) => {
			const guild = world.guild(params.guildId ?? '');
			world.guilds.delete(guild.id);
			gateway.dispatch(
				GatewayDispatchEvents.GuildDelete,
				{ id: guild.id },
				{
					guildId: guild.id,
					intent: GatewayIntentBits.Guilds,
				},
			);
			return noContent();
		}),
	];
}
