import { createHash } from 'node:crypto';
import { ChannelType, GatewayDispatchEvents, GatewayIntentBits, PermissionFlagsBits as P } from 'discord-api-types/v10';
import type { FakeServices } from '../../context.js';
import * as errors from '../../errors.js';
import { LIMITS, webhookNameIssues } from '../../limits.js';
import { requirePermissions } from '../../permissions.js';
import { toAPIWebhook } from '../../state/serialize.js';
import type { ChannelRecord, WebhookRecord, World } from '../../state/world.js';
import { noContent, ok, type Route, type RouteRequest, route } from '../router.js';

/** Channels that can own webhooks; threads use their parent's webhook with `thread_id`. */
const WEBHOOK_CHANNELS = new Set<ChannelType>([
	ChannelType.GuildText,
	ChannelType.GuildAnnouncement,
	ChannelType.GuildForum,
	ChannelType.GuildMedia,
	ChannelType.GuildVoice,
]);

/** What Discord stores for an avatar: a hash, not the image. */
export function avatarHash(value: unknown): string | null {
	return typeof value === 'string' && value.length > 0 ? createHash('md5').update(value).digest('hex') : null;
}

/** The webhook a token route names; a wrong token is Discord's 401 50027, which leaves the bot token alone. */
export function webhookByToken(world: World, request: RouteRequest): WebhookRecord {
	if (request.params.webhookId === world.applicationId) throw errors.invalidWebhookToken();

	const webhook = world.webhooks.get(request.params.webhookId ?? '');
	if (!webhook) throw errors.unknownWebhook();
	if (webhook.token !== request.params.token) throw errors.invalidWebhookToken();
	return webhook;
}

/** WEBHOOKS_UPDATE: Discord only says which channel changed, never what. */
function announce(gateway: FakeServices['gateway'], webhook: WebhookRecord): void {
	gateway.dispatch(
		GatewayDispatchEvents.WebhooksUpdate,
		{ guild_id: webhook.guildId, channel_id: webhook.channelId },
		{ guildId: webhook.guildId, intent: GatewayIntentBits.GuildWebhooks },
	);
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
	announce(gateway, webhook);
	return webhook;
}

/**
 * Managing webhooks: the bot's own are created over REST with `application_id` set, at most
 * 15 per channel, and need Manage Webhooks; token routes need no bot token.
 */
export function webhookRoutes(services: FakeServices): Route[] {
	const { world, gateway, botUser } = services;
	const bot = botUser.id;
	const channelOf = (request: RouteRequest) => world.channel(request.params.channelId ?? '');
	const mayManage = (channel: ChannelRecord) =>
		requirePermissions(world, channel, bot, P.ViewChannel | P.ManageWebhooks);
	const managed = (request: RouteRequest): WebhookRecord => {
		const webhook = world.webhooks.get(request.params.webhookId ?? '');
		if (!webhook) throw errors.unknownWebhook();

		mayManage(world.channel(webhook.channelId));
		return webhook;
	};

	const create = (request: RouteRequest) => {
		const channel = channelOf(request);
		if (!WEBHOOK_CHANNELS.has(channel.type) || !channel.guildId) throw errors.wrongChannelType();

		mayManage(channel);
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

	const list = (request: RouteRequest) => {
		const channel = channelOf(request);
		mayManage(channel);
		const webhooks = [...world.webhooks.values()].filter((webhook) => webhook.channelId === channel.id);
		return ok(webhooks.map((webhook) => toAPIWebhook(world, webhook)));
	};

	const modify = (webhook: WebhookRecord, body: Record<string, unknown>, mayMove: boolean) => {
		if ('name' in body) errors.assertNoIssues(webhookNameIssues(body.name, 'name'));
		if (typeof body.name === 'string') webhook.name = body.name;
		if ('avatar' in body) webhook.avatar = avatarHash(body.avatar);
		if (mayMove && typeof body.channel_id === 'string') {
			const target = world.channel(body.channel_id);
			mayManage(target);
			webhook.channelId = target.id;
		}
		announce(gateway, webhook);
		return ok(toAPIWebhook(world, webhook));
	};

	const destroy = (webhook: WebhookRecord) => {
		world.webhooks.delete(webhook.id);
		announce(gateway, webhook);
		return noContent();
	};

	const byToken = (request: RouteRequest) => webhookByToken(world, request);
	return [
		route('POST', '/channels/:channelId/webhooks', 'bot', create),
		route('GET', '/channels/:channelId/webhooks', 'bot', list),
		route('GET', '/webhooks/:webhookId', 'bot', (request) => ok(toAPIWebhook(world, managed(request)))),
		route('PATCH', '/webhooks/:webhookId', 'bot', (request) => modify(managed(request), request.body, true)),
		route('DELETE', '/webhooks/:webhookId', 'bot', (request) => destroy(managed(request))),
		route('GET', '/webhooks/:webhookId/:token', 'none', (request) => ok(toAPIWebhook(world, byToken(request)))),
		route('PATCH', '/webhooks/:webhookId/:token', 'none', (request) => modify(byToken(request), request.body, false)),
		route('DELETE', '/webhooks/:webhookId/:token', 'none', (request) => destroy(byToken(request))),
	];
}
