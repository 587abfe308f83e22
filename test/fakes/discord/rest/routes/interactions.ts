import type { FakeServices } from '../../context.js';
import { noContent, ok, type Route, route } from '../router.js';

/** The interaction callback; `@original` and follow-ups share the webhook routes. */
export function interactionRoutes({ responder }: FakeServices): Route[] {
	return [
		route('POST', '/interactions/:interactionId/:token/callback', 'none', ({ params, query, body, files }) => {
			const result = responder.callback(params.interactionId ?? '', params.token ?? '', body, files);
			// discord.js reads `interaction` from this body when it asked for it; a 204 would crash it.
			return query.get('with_response') === 'true' ? ok(result.response) : noContent();
		}),
	];
}
