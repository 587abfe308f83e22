import { type Logger, pino } from 'pino';

export type { Logger };

/** Every path where a token or an auth header could sit in a log object. */
const redactedPaths = [
	'token',
	'*.token',
	'*.*.token',
	'secret',
	'*.secret',
	'authorization',
	'Authorization',
	'*.authorization',
	'*.Authorization',
	'*.headers.authorization',
	'*.headers.Authorization',
	'*.headers["ch-api-key"]',
	'*.headers["CH-API-KEY"]',
	'*.headers.samwise',
	'headers.authorization',
	'headers.Authorization',
	'headers["ch-api-key"]',
	'headers["CH-API-KEY"]',
];

// Interaction and webhook tokens travel in URL paths (`/webhooks/<id>/<token>`); anyone holding
// one can post as the bot for 15 minutes, so they never reach a log line either.
const TOKEN_IN_PATH = /(\/(?:webhooks|interactions)\/\d+\/)[^/?\s"]+/g;

/** Text with every webhook or interaction token in it replaced. */
export function scrubTokens(text: string): string {
	return text.replace(TOKEN_IN_PATH, '$1[redacted]');
}

/** pino's error serializer, without request bodies (they may hold anything) and with URLs scrubbed. */
function serializeError(error: Error): Record<string, unknown> {
	const { requestBody: _body, ...serialized } = pino.stdSerializers.err(error) as Record<string, unknown>;
	for (const field of ['url', 'message', 'stack']) {
		const value = serialized[field];
		if (typeof value === 'string') serialized[field] = scrubTokens(value);
	}
	return serialized;
}

/** The application logger: structured JSON on stdout, tokens and auth headers redacted. */
export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
	return pino(
		{
			level,
			base: { app: 'rostro-bot' },
			redact: { paths: redactedPaths, censor: '[redacted]' },
			serializers: { err: serializeError },
		},
		destination,
	);
}

/** A logger that writes nothing, for library code used without one. */
export const silentLogger: Logger = pino({ level: 'silent' });
