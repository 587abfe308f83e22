import type { APIUser } from 'discord-api-types/v10';
import type { Gateway } from './gateway.js';
import type { InteractionResponder } from './interactions/responder.js';
import type { Messaging } from './messages.js';
import type { WebhookRateLimiter } from './rate-limit.js';
import type { World } from './state/world.js';
import type { Threads } from './threads.js';

/** Everything a route needs, built once per fake. */
export interface FakeServices {
	world: World;
	gateway: Gateway;
	messaging: Messaging;
	threads: Threads;
	responder: InteractionResponder;
	webhookLimiter: WebhookRateLimiter;
	botUser: APIUser;
	/** `ws://127.0.0.1:PORT/gateway`, the URL `/gateway/bot` hands out. */
	gatewayUrl: string;
}
