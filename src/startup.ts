import { type Client, DiscordAPIError, HTTPError, Routes } from 'discord.js';
import type { Config } from './config.js';
import { CommandLoadError } from './discord/loader.js';
import { HealthServerError } from './health.js';
import { StoreError } from './store/index.js';

/** The steps of start-up, in order; each failure names the one it happened in. */
export type StartupStep = 'discord' | 'storage' | 'commands' | 'health';

/**
 * A start-up step that failed, as one sentence saying what failed and what to do; the original
 * error is its cause, for the debug log.
 */
export class StartupError extends Error {
	override name = 'StartupError';

	constructor(
		readonly step: StartupStep,
		message: string,
		options: { cause: unknown },
	) {
		super(message, options);
	}
}

// What Node and undici call the ways a connection fails, in words.
const networkFailures: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	ENOTFOUND: 'no such host',
	EAI_AGAIN: 'the host name did not resolve',
	ETIMEDOUT: 'timed out',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	UND_ERR_CONNECT_TIMEOUT: 'timed out',
	UND_ERR_SOCKET: 'connection broken',
	CERT_HAS_EXPIRED: 'its TLS certificate has expired',
	DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
};

/** Why a connection failed, in words, looking through the error's causes; undefined when it did not. */
export function networkFailure(error: unknown): string | undefined {
	for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && Object.hasOwn(networkFailures, code)) return networkFailures[code];
		if (current.name === 'AbortError' || current.name === 'TimeoutError') return 'timed out';
		current = current.cause;
	}
	return undefined;
}

/** A URL fit for a terminal line: without any user name or password in it. */
function withoutCredentials(url: string): string {
	try {
		const parsed = new URL(url);
		parsed.username = '';
		parsed.password = '';
		return parsed.href.replace(/\/$/, '');
	} catch {
		return url;
	}
}

function tokenRejected(error: unknown): boolean {
	const code = (error as { code?: unknown } | undefined)?.code;
	return code === 'TokenInvalid' || (error instanceof DiscordAPIError && error.status === 401);
}

function explainDiscord(error: unknown, config: Config): string {
	if (tokenRejected(error)) {
		return 'Discord rejected DISCORD_TOKEN; reset the token in the Developer Portal (Bot page) and update .env.';
	}

	const where = withoutCredentials(config.discord.apiUrl);
	const failure = networkFailure(error);
	if (failure) return `cannot reach Discord at ${where} (${failure}); check the network and DISCORD_API_URL.`;
	if (error instanceof HTTPError || error instanceof DiscordAPIError) {
		return `Discord at ${where} answered ${error.status}; check DISCORD_API_URL, or try again in a few minutes.`;
	}
	return `logging in to Discord at ${where} failed: ${messageOf(error)}.`;
}

function explainStorage(error: unknown, config: Config): string {
	const advice = {
		sqlite: 'check STORAGE_URL, and that the bot may write to that folder',
		redis: 'check that Redis is running there and that STORAGE_URL is right',
		postgres: 'check that PostgreSQL is running there and that STORAGE_URL is right',
	}[config.storage.kind];
	const what = error instanceof StoreError ? error.message : `opening the storage failed: ${messageOf(error)}`;
	return `${what}; ${advice}.`;
}

function explain(step: StartupStep, error: unknown, config: Config): string {
	if (step === 'discord') return explainDiscord(error, config);
	if (step === 'storage') return explainStorage(error, config);
	if (step === 'health' && error instanceof HealthServerError) return error.message;
	if (step === 'commands' && error instanceof CommandLoadError) {
		return `a command module does not load: ${error.message}; fix or remove that file.`;
	}
	return `${step} failed: ${messageOf(error)}.`;
}

function messageOf(error: unknown): string {
	return (error instanceof Error ? error.message : String(error)).replace(/[.\s]+$/, '');
}

/** Runs one step of start-up; a failure becomes a `StartupError` explaining it. */
export async function during<T>(step: StartupStep, config: Config, work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		throw new StartupError(step, explain(step, error, config), { cause: error });
	}
}

/**
 * Asks Discord whether the token works (`GET /gateway/bot`, the same call login starts with),
 * so that a wrong token or an unreachable DISCORD_API_URL is reported before anything is
 * opened or created on disk.
 */
export async function checkDiscord(client: Client, token: string): Promise<void> {
	client.rest.setToken(token.replace(/^(Bot|Bearer)\s*/i, ''));
	await client.rest.get(Routes.gatewayBot());
}

/** The one line an admin reads when the bot cannot start. */
export function describeStartFailure(error: unknown): string {
	if (error instanceof StartupError) return error.message;
	return `${messageOf(error)} (LOG_LEVEL=debug logs the details).`;
}
