import { ChannelType } from 'discord-api-types/v10';
import type { FakeServices } from '../../context.js';
import { addChannel } from '../../state/seed.js';
import { toAPIChannel } from '../../state/serialize.js';
import type { ChannelRecord, World } from '../../state/world.js';
import { ok, type Route, route } from '../router.js';

/** The DM channel between the bot and a user, opened on first use as Discord does. */
export function dmChannelWith(world: World, userId: string): ChannelRecord {
	world.user(userId);
	const existing = [...world.channels.values()].find(
		(channel) => channel.type === ChannelType.DM && channel.recipientId === userId,
	);
	if (existing) return existing;

	return addChannel(world, null, { type: ChannelType.DM, name: '', recipientId: userId });
}

export function userRoutes({ world, botUser }: FakeServices): Route[] {
	return [
		route('GET', '/users/@me', 'bot', () => ok(botUser)),
		route('POST', '/users/@me/channels', 'bot', ({ body }) =>
			ok(toAPIChannel(world, dmChannelWith(world, String(body.recipient_id)))),
		),
		route('GET', '/users/:userId', 'bot', ({ params }) => ok(world.user(params.userId ?? ''))),
	];
}
