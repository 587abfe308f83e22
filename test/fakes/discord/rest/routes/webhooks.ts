import { createHash } from 'node:crypto';
import {
	type APIMessage,
	ChannelType,
	GatewayDispatchEvents,
	GatewayIntentBits,
	PermissionFlagsBits as P,
} from 'discord-api-types/v10';
import type { FakeServices } from '../../context.js';
import * as errors from '../../errors.js';
import { DiscordError } from '../../errors.js';
import { hasInteractiveComponents, LIMITS, type MessageBody, webhookNameIssues } from '../../limits.js';
import { requirePermissions } from '../../permissions.js';
import { toAPIWebhook } from '../../state/serialize.js';
import type { ChannelRecord, WebhookRecord } from '../../state/world.js';
import { noContent, ok, type Route, type RouteReply, type RouteRequest, route } from '../router.js';

/** Channels that can own webhooks; threads use their parent's webhook with `thread_id`. */
const WEBHOOK_CHANNELS = new Set<ChannelType>([
	ChannelType.GuildText,
	ChannelType.GuildAnnouncement,
	ChannelType.GuildForum,
	ChannelType.GuildMedia,
	ChannelType.GuildVoice,
]);

const FORUMS = new Set<ChannelType>([ChannelType.GuildForum, ChannelType.GuildMedia]);

const forumNeedsThread = () =>
	new DiscordError(400, 220_001, 'Webhooks posted to forum channels must have a thread_name or thread_id');

/** What Discord stores for an avatar: a hash, not the image. */
function avatarHash(value: unknown): string | null {
	return typeof value === 'string' && value.length > 0 ? createHash('md5').update(value).digest('hex') : null;
}

/**
 * Webhooks: the bot's own (created over REST, `application_id` set), their execution with
 * `?wait=` and `?thread_id=`, message edits, and the interaction follow-ups that share the paths.
 */
export function webhookRoutes(services: FakeServices): Route[] {
	const { world, messaging, threads, responder, webhookLimiter, gateway, botUser } = services;
	const bot = botUser.id;
	const isInteraction = (request: RouteRequest) =>
		request.params.webhookId === world.applicationId && responder.isInteractionToken(request.params.token ?? '');

	const webhookById = (id: string | undefined): WebhookRecord => {
		const webhook = world.webhooks.get(id ?? '');
		if (!webhook) throw errors.unknownWebhook();
		return webhook;
	};
	const webhookByToken = (request: RouteRequest): WebhookRecord => {
		if (request.params.webhookId === world.applicationId) throw errors.invalidWebhookToken();
		const webhook = webhookById(request.params.webhookId);
		if (webhook.token !== request.params.token) throw errors.invalidWebhookToken();
		return webhook;
	};
	const managed = (webhook: WebhookRecord) => {
		requirePermissions(world, world.channel(webhook.channelId), bot, P.ViewChannel | P.ManageWebhooks);
		return webhook;
	};
	const announce = (webhook: WebhookRecord) => announceWebhooks(gateway, webhook);

	const createWebhook = (request: RouteRequest) => {
		const channel = world.channel(request.params.channelId ?? '');
		if (!WEBHOOK_CHANNELS.has(channel.type) || !channel.guildId) throw errors.wrongChannelType();
		requirePermissions(world, channel, bot, P.ViewChannel | P.ManageWebhooks);
		errors.assertNoIssues(webhookNameIssues(request.body.name, 'name'));
		const count = [...world.webhooks.values()].filter((webhook) => webhook.channelId === channel.id).length;
		if (count >= LIMITS.webhooksPerChannel) throw errors.maxWebhooks(LIMITS.webhooksPerChannel);

		const webhook = addWebhook(services, channel, {
			name: String(request.body.name),
			avatar: avatarHash(request.body.avatar),
			applicationId: world.applicationId,
			creatorId: bot,
		});
		return ok(toAPIWebhook(world, webhook));
	};

	const listForChannel = (request: RouteRequest) => {
		const channel = world.channel(request.params.channelId ?? '');
		requirePermissions(world, channel, bot, P.ViewChannel | P.ManageWebhooks);
		const webhooks = [...world.webhooks.values()].filter((webhook) => webhook.channelId === channel.id);
		return ok(webhooks.map((webhook) => toAPIWebhook(world, webhook)));
	};

	const modify = (webhook: WebhookRecord, body: Record<string, unknown>, mayMove: boolean) => {
		if ('name' in body) errors.assertNoIssues(webhookNameIssues(body.name, 'name'));
		if (typeof body.name === 'string') webhook.name = body.name;
		if ('avatar' in body) webhook.avatar = avatarHash(body.avatar);
		if (mayMove && typeof body.channel_id === 'string') {
			const target = world.channel(body.channel_id);
			requirePermissions(world, target, bot, P.ViewChannel | P.ManageWebhooks);
			webhook.channelId = target.id;
		}
		announce(webhook);
		return ok(toAPIWebhook(world, webhook));
	};

	const destroy = (webhook: WebhookRecord) => {
		world.webhooks.delete(webhook.id);
		announce(webhook);
		return noContent();
	};

	/** The channel a webhook request acts in: its own, or the thread named by `thread_id`. */
	const targetChannel = (webhook: WebhookRecord, threadId: string | null): ChannelRecord => {
		const channel = world.channel(threadId ?? webhook.channelId);
		if (threadId && channel.parentId !== webhook.channelId) throw errors.unknownChannel();
		return channel;
	};

	/** Components need an app-owned webhook; others get only non-interactive ones, and only when asked. */
	const allowedComponents = (webhook: WebhookRecord, body: MessageBody, query: URLSearchParams): MessageBody => {
		if (webhook.applicationId === world.applicationId || !Array.isArray(body.components)) return body;
		if (hasInteractiveComponents(body.components)) {
			throw errors.invalidFormBody([
				{
					path: ['components'],
					code: 'COMPONENT_INTERACTIVE_NOT_ALLOWED',
					message: 'Interactive components need a webhook owned by an application',
				},
			]);
		}
		return query.get('with_components') === 'true' ? body : { ...body, components: [] };
	};

	const execute = (request: RouteRequest): RouteReply => {
		if (isInteraction(request)) {
			return ok(responder.followUp(request.params.token ?? '', request.body as MessageBody, request.files));
		}
		const webhook = webhookByToken(request);
		const headers = webhookLimiter.take(webhook.id);
		const body = allowedComponents(webhook, request.body as MessageBody, request.query);
		if (body.username !== undefined) errors.assertNoIssues(webhookNameIssues(body.username, 'username'));

		const channel = postTarget(webhook, request, body);
		const startsPost = typeof body.thread_name === 'string' && !request.query.get('thread_id');
		threads.reopenForPost(channel);
		const message = messaging.create(channel, body, request.files, {
			...(startsPost ? { messageId: channel.id } : {}),
			author: {
				id: webhook.id,
				username: typeof body.username === 'string' ? body.username : webhook.name,
				avatar: avatarHash(body.avatar_url) ?? webhook.avatar,
				discriminator: '0000',
				global_name: null,
				bot: true,
			},
			webhookId: webhook.id,
			...(webhook.applicationId ? { applicationId: webhook.applicationId } : {}),
		});
		return request.query.get('wait') === 'true' ? ok(message, headers) : noContent(headers);
	};

	/** Where an execution posts: a thread by id, a new forum post by `thread_name`, or the channel. */
	const postTarget = (webhook: WebhookRecord, request: RouteRequest, body: MessageBody): ChannelRecord => {
		const threadId = request.query.get('thread_id');
		if (threadId) return targetChannel(webhook, threadId);

		const channel = world.channel(webhook.channelId);
		if (typeof body.thread_name === 'string') {
			if (!FORUMS.has(channel.type)) throw errors.wrongChannelType();
			return threads.create(channel, { name: body.thread_name, type: ChannelType.PublicThread, ownerId: webhook.id });
		}
		if (FORUMS.has(channel.type)) throw forumNeedsThread();
		return channel;
	};

	/** A message this webhook sent, in the channel (or `thread_id` thread) the request names. */
	const ownMessage = (webhook: WebhookRecord, request: RouteRequest): APIMessage => {
		const channel = targetChannel(webhook, request.query.get('thread_id'));
		const message = world.message(channel.id, request.params.messageId ?? '');
		if (message.webhook_id !== webhook.id) throw errors.unknownMessage();
		return message;
	};

	const getMessage = (request: RouteRequest): RouteReply => {
		const { token, messageId } = request.params;
		if (isInteraction(request)) {
			const interactionToken = token ?? '';
			const found =
				messageId === '@original'
					? responder.getOriginal(interactionToken)
					: responder.getFollowUp(interactionToken, messageId ?? '');
			return ok(found);
		}
		const webhook = webhookByToken(request);
		return ok(ownMessage(webhook, request), webhookLimiter.peek(webhook.id));
	};

	const editMessage = (request: RouteRequest): RouteReply => {
		const { token = '', messageId = '' } = request.params;
		const body = request.body as MessageBody;
		if (isInteraction(request)) {
			const edited =
				messageId === '@original'
					? responder.editOriginal(token, body, request.files)
					: responder.editFollowUp(token, messageId, body, request.files);
			return ok(edited);
		}
		const webhook = webhookByToken(request);
		const headers = webhookLimiter.take(webhook.id);
		const message = ownMessage(webhook, request);
		if (world.channels.get(message.channel_id)?.thread?.archived) throw errors.threadArchived();
		return ok(messaging.edit(message, allowedComponents(webhook, body, request.query), request.files), headers);
	};

	const deleteMessage = (request: RouteRequest): RouteReply => {
		const { token = '', messageId = '' } = request.params;
		if (isInteraction(request)) {
			if (messageId === '@original') responder.deleteOriginal(token);
			else responder.deleteFollowUp(token, messageId);
			return noContent();
		}
		const webhook = webhookByToken(request);
		messaging.remove(ownMessage(webhook, request));
		return noContent(webhookLimiter.peek(webhook.id));
	};

	return [
		route('POST', '/channels/:channelId/webhooks', 'bot', createWebhook),
		route('GET', '/channels/:channelId/webhooks', 'bot', listForChannel),
		route('GET', '/webhooks/:webhookId', 'bot', ({ params }) =>
			ok(toAPIWebhook(world, managed(webhookById(params.webhookId)))),
		),
		route('PATCH', '/webhooks/:webhookId', 'bot', ({ params, body }) =>
			modify(managed(webhookById(params.webhookId)), body, true),
		),
		route('DELETE', '/webhooks/:webhookId', 'bot', ({ params }) => destroy(managed(webhookById(params.webhookId)))),
		route('GET', '/webhooks/:webhookId/:token', 'none', (request) => ok(toAPIWebhook(world, webhookByToken(request)))),
		route('PATCH', '/webhooks/:webhookId/:token', 'none', (request) =>
			modify(webhookByToken(request), request.body, false),
		),
		route('DELETE', '/webhooks/:webhookId/:token', 'none', (request) => destroy(webhookByToken(request))),
		route('POST', '/webhooks/:webhookId/:token', 'none', execute),
		route('GET', '/webhooks/:webhookId/:token/messages/:messageId', 'none', getMessage),
		route('PATCH', '/webhooks/:webhookId/:token/messages/:messageId', 'none', editMessage),
		route('DELETE', '/webhooks/:webhookId/:token/messages/:messageId', 'none', deleteMessage),
	];
}

/** Creates a webhook record and announces it; used by the route and by tests' own setup. */
export function addWebhook(
	{ world, gateway }: Pick<FakeServices, 'world' | 'gateway'>,
	channel: ChannelRecord,
	fields: Pick<WebhookRecord, 'name' | 'avatar' | 'applicationId' | 'creatorId'>,
): WebhookRecord {
	const webhook: WebhookRecord = {
		id: world.ids.next(),
		token: createHash('sha256').update(world.ids.next()).digest('base64url'),
		channelId: channel.id,
		guildId: channel.guildId ?? '',
		...fields,
	};
	world.webhooks.set(webhook.id, webhook);
	announceWebhooks(gateway, webhook);
	return webhook;
}

/** WEBHOOKS_UPDATE: Discord only says which channel changed, never what. */
function announceWebhooks(gateway: FakeServices['gateway'], webhook: WebhookRecord): void {
	gateway.dispatch(
		GatewayDispatchEvents.WebhooksUpdate,
		{ guild_id: webhook.guildId, channel_id: webhook.channelId },
		{ guildId: webhook.guildId, intent: GatewayIntentBits.GuildWebhooks },
	);
}
