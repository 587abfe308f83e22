import { GatewayDispatchEvents, GatewayIntentBits, PermissionFlagsBits as P } from 'discord-api-types/v10';
import type { FakeServices } from '../../context.js';
import * as errors from '../../errors.js';
import type { MessageBody } from '../../limits.js';
import { requirePermissions, sendPermission } from '../../permissions.js';
import { assertCanPost } from '../../posting.js';
import { toAPIChannel } from '../../state/serialize.js';
import type { ChannelRecord } from '../../state/world.js';
import { noContent, ok, type Route, type RouteRequest, route } from '../router.js';

const MAX_PAGE = 100;

/** Channels and their messages as the bot sees them over REST. */
export function channelRoutes(services: FakeServices): Route[] {
	const { world, messaging, threads, gateway, botUser } = services;
	const bot = botUser.id;
	const channelOf = (request: RouteRequest) => world.channel(request.params.channelId ?? '');
	const visible = (channel: ChannelRecord, extra = 0n) =>
		requirePermissions(world, channel, bot, P.ViewChannel | extra);

	const page = (request: RouteRequest) => {
		const channel = channelOf(request);
		visible(channel, P.ReadMessageHistory);
		const limit = Math.min(Number(request.query.get('limit') ?? 50), MAX_PAGE);
		const newestFirst = world.visibleMessages(channel.id).reverse();
		const before = request.query.get('before');
		const after = request.query.get('after');
		const chosen = newestFirst.filter(
			(message) => (!before || BigInt(message.id) < BigInt(before)) && (!after || BigInt(message.id) > BigInt(after)),
		);
		// With `after`, Discord returns the oldest ones after the id, still newest first.
		return ok(after ? chosen.slice(-limit) : chosen.slice(0, limit));
	};

	const edit = (request: RouteRequest) => {
		const channel = channelOf(request);
		const message = world.message(channel.id, request.params.messageId ?? '');
		if (message.author.id !== bot) {
			const onlyFlags = Object.keys(request.body).every((key) => key === 'flags');
			if (!onlyFlags) throw errors.notMessageAuthor();

			visible(channel, P.ManageMessages);
		}
		if (channel.thread?.archived) throw errors.threadArchived();
		return ok(messaging.edit(message, request.body as MessageBody, request.files));
	};

	const remove = (request: RouteRequest) => {
		const channel = channelOf(request);
		const message = world.message(channel.id, request.params.messageId ?? '');
		if (message.author.id !== bot) visible(channel, P.ManageMessages);
		messaging.remove(message);
		return noContent();
	};

	const patchChannel = (request: RouteRequest) => {
		const channel = channelOf(request);
		if (channel.thread) return ok(toAPIChannel(world, threads.update(channel, request.body, bot)));

		visible(channel, P.ManageChannels);
		const { name, topic, nsfw, rate_limit_per_user: slowmode } = request.body;
		if (typeof name === 'string') channel.name = name;
		if (typeof topic === 'string' || topic === null) channel.topic = topic;
		if (typeof nsfw === 'boolean') channel.nsfw = nsfw;
		if (typeof slowmode === 'number') channel.rateLimitPerUser = slowmode;
		const data = toAPIChannel(world, channel);
		gateway.dispatch(GatewayDispatchEvents.ChannelUpdate, data, {
			guildId: channel.guildId,
			intent: GatewayIntentBits.Guilds,
		});
		return ok(data);
	};

	const deleteChannel = (request: RouteRequest) => {
		const channel = channelOf(request);
		if (!channel.thread) throw errors.missingPermissions();

		visible(channel, P.ManageThreads);
		threads.remove(channel);
		return ok(toAPIChannel(world, channel));
	};

	return [
		route('GET', '/channels/:channelId', 'bot', (request) => {
			const channel = channelOf(request);
			visible(channel);
			return ok(toAPIChannel(world, channel));
		}),
		route('PATCH', '/channels/:channelId', 'bot', patchChannel),
		route('DELETE', '/channels/:channelId', 'bot', deleteChannel),
		route('POST', '/channels/:channelId/typing', 'bot', (request) => {
			const channel = channelOf(request);
			if (channel.guildId) visible(channel, sendPermission(channel));
			return noContent();
		}),
		route('GET', '/channels/:channelId/messages', 'bot', page),
		route('POST', '/channels/:channelId/messages', 'bot', (request) => {
			const channel = channelOf(request);
			const body = request.body as MessageBody;
			assertCanPost(world, threads, channel, bot, body, request.files.length);
			return ok(messaging.create(channel, body, request.files, { author: botUser }));
		}),
		route('GET', '/channels/:channelId/messages/:messageId', 'bot', (request) => {
			const channel = channelOf(request);
			visible(channel, P.ReadMessageHistory);
			return ok(world.message(channel.id, request.params.messageId ?? ''));
		}),
		route('PATCH', '/channels/:channelId/messages/:messageId', 'bot', edit),
		route('DELETE', '/channels/:channelId/messages/:messageId', 'bot', remove),
	];
}
