import type { RESTGetAPIGatewayBotResult } from 'discord-api-types/v10';
import type { FakeServices } from '../../context.js';
import { ok, type Route, route } from '../router.js';

/** `/gateway/bot` is the only REST call discord.js makes while logging in. */
export function gatewayRoutes({ gatewayUrl }: FakeServices): Route[] {
	const info: RESTGetAPIGatewayBotResult = {
		url: gatewayUrl,
		shards: 1,
		// reset_after 0 lets discord.js cache this for its default 5 s only.
		session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
	};
	return [
		route('GET', '/gateway/bot', 'bot', () => ok(info)),
		route('GET', '/gateway', 'none', () => ok({ url: gatewayUrl })),
	];
}
