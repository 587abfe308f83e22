import { type APIMessage, type APIUser, ChannelType } from 'discord-api-types/v10';
import type { FakeServices } from '../../context.js';
import * as errors from '../../errors.js';
import { DiscordError } from '../../errors.js';
import { hasInteractiveComponents, type MessageBody, webhookNameIssues } from '../../limits.js';
import type { ChannelRecord, WebhookRecord } from '../../state/world.js';
import { noContent, ok, type Route, type RouteReply, type RouteRequest, route } from '../router.js';
import { avatarHash, webhookByToken } from './webhooks.js';

const FORUMS = new Set<ChannelType>([ChannelType.GuildForum, ChannelType.GuildMedia]);

const forumNeedsThread = () =>
	new DiscordError(400, 220_001, 'Webhooks posted to forum channels must have a thread_name or thread_id');

// The fake's own wording: Discord's exact sub-code for this case is not documented.
const interactiveNeedsApp = () =>
	errors.invalidFormBody([
		{
			path: ['components'],
			code: 'COMPONENT_INTERACTIVE_NOT_ALLOWED',
			message: 'Interactive components need a webhook owned by an application',
		},
	]);

/** The author a webhook message shows: the webhook, under the name and avatar of this message. */
function webhookAuthor(webhook: WebhookRecord, body: MessageBody): APIUser {
	return {
		id: webhook.id,
		username: typeof body.username === 'string' ? body.username : webhook.name,
		avatar: avatarHash(body.avatar_url) ?? webhook.avatar,
		discriminator: '0000',
		global_name: null,
		bot: true,
	};
}

/**
 * Executing webhooks (`?wait=`, `?thread_id=`, `thread_name` for forum posts) and editing or
 * deleting their messages, rate limited per webhook with headers on every answer. Interaction
 * follow-ups and `@original` share these paths under the application id and are handed over.
 */
export function webhookMessageRoutes(services: FakeServices): Route[] {
	const { world, messaging, threads, responder, webhookLimiter } = services;
	const isInteraction = (request: RouteRequest) =>
		request.params.webhookId === world.applicationId && responder.isInteractionToken(request.params.token ?? '');

	/** The channel a request acts in: the webhook's own, or the thread named by `thread_id`. */
	const targetChannel = (webhook: WebhookRecord, threadId: string | null): ChannelRecord => {
		const channel = world.channel(threadId ?? webhook.channelId);
		if (threadId && channel.parentId !== webhook.channelId) throw errors.unknownChannel();
		return channel;
	};

	/** Components need an app-owned webhook; others get only non-interactive ones, and only when asked. */
	const allowedComponents = (webhook: WebhookRecord, body: MessageBody, query: URLSearchParams): MessageBody => {
		if (webhook.applicationId === world.applicationId || !Array.isArray(body.components)) return body;
		if (hasInteractiveComponents(body.components)) throw interactiveNeedsApp();
		return query.get('with_components') === 'true' ? body : { ...body, components: [] };
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

	const execute = (request: RouteRequest): RouteReply => {
		const body = request.body as MessageBody;
		if (isInteraction(request)) return ok(responder.followUp(request.params.token ?? '', body, request.files));

		const webhook = webhookByToken(world, request);
		const headers = webhookLimiter.take(webhook.id);
		const allowed = allowedComponents(webhook, body, request.query);
		if (allowed.username !== undefined) errors.assertNoIssues(webhookNameIssues(allowed.username, 'username'));

		const channel = postTarget(webhook, request, allowed);
		const startsPost = typeof allowed.thread_name === 'string' && !request.query.get('thread_id');
		threads.reopenForPost(channel);
		const message = messaging.create(channel, allowed, request.files, {
			// A forum post's starter message shares the new thread's id.
			...(startsPost ? { messageId: channel.id } : {}),
			author: webhookAuthor(webhook, allowed),
			webhookId: webhook.id,
			...(webhook.applicationId ? { applicationId: webhook.applicationId } : {}),
		});
		return request.query.get('wait') === 'true' ? ok(message, headers) : noContent(headers);
	};

	const getMessage = (request: RouteRequest): RouteReply => {
		const { token = '', messageId = '' } = request.params;
		if (isInteraction(request)) {
			const found = messageId === '@original' ? responder.getOriginal(token) : responder.getFollowUp(token, messageId);
			return ok(found);
		}

		const webhook = webhookByToken(world, request);
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

		const webhook = webhookByToken(world, request);
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

		const webhook = webhookByToken(world, request);
		messaging.remove(ownMessage(webhook, request));
		return noContent(webhookLimiter.peek(webhook.id));
	};

	return [
		route('POST', '/webhooks/:webhookId/:token', 'none', execute),
		route('GET', '/webhooks/:webhookId/:token/messages/:messageId', 'none', getMessage),
		route('PATCH', '/webhooks/:webhookId/:token/messages/:messageId', 'none', editMessage),
		route('DELETE', '/webhooks/:webhookId/:token/messages/:messageId', 'none', deleteMessage),
	];
}
