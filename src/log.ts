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

/** The application logger: structured JSON on stdout, tokens and auth headers redacted. */
export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
	return pino(
		{
			level,
			base: { app: 'rostro-bot' },
			redact: { paths: redactedPaths, censor: '[redacted]' },
			serializers: { err: pino.stdSerializers.err },
		},
		destination,
	);
}

/** A logger that writes nothing, for library code used without one. */
export const silentLogger: Logger = pino({ level: 'silent' });
