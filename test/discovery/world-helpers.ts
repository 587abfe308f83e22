import type { APIMessage, APIUser } from 'discord.js';
import { answerText, type World } from '../e2e/world.js';
import type { FakeDiscord, InteractionHandle, InteractionResponse } from '../fakes/discord/index.js';

// Steps the discovery end-to-end suites share: connecting the server, linking a member, and
// reading the lists and cards the bot answers with.

export { connectServer } from '../e2e/world.js';

/** A member links a personal Rostro token through /account link. */
export async function linkMember(world: World, user: APIUser, token: string): Promise<void> {
	const { discord } = world;
	await discord.waitForResponse(discord.slash('account', {}, { user, subcommand: 'link' }));
	await answerText(discord, discord.modalSubmit('account:link', { token }, { user }));
}

function hasSubstance(response: InteractionResponse): boolean {
	const message = response.message;
	if (!message || response.kind === 'deleteOriginal') return false;
	return message.content !== '' || message.embeds.length > 0;
}

/** The first message with content or embeds the bot answered an interaction with. */
export async function answerMessage(discord: FakeDiscord, handle: InteractionHandle, timeoutMs = 15_000) {
	const response = await discord.waitForResponse(handle, hasSubstance, timeoutMs);
	return { response, message: response.message as APIMessage };
}

interface LooseComponent {
	custom_id?: string;
	disabled?: boolean;
	label?: string;
	url?: string;
	options?: { label: string; value: string }[];
	components?: LooseComponent[];
}

/** Every component of a message, rows flattened. */
export function componentsOf(message: APIMessage): LooseComponent[] {
	const rows = (message.components ?? []) as LooseComponent[];
	return rows.flatMap((row) => row.components ?? []);
}

/** The component whose custom id starts with `prefix`; the label tells ◀ from ▶. */
export function componentOf(message: APIMessage, prefix: string, label?: string): LooseComponent {
	const found = componentsOf(message).find(
		(component) => component.custom_id?.startsWith(prefix) && (label === undefined || component.label === label),
	);
	if (!found?.custom_id)
		throw new Error(`no component ${prefix} ${label ?? ''} on: ${JSON.stringify(message.components)}`);
	return found;
}

/** Whether a response was private. */
export function isPrivate(response: InteractionResponse): boolean {
	const body = response.body as { flags?: number; data?: { flags?: number } };
	const flags = (body.data ?? body).flags ?? response.message?.flags ?? 0;
	return (flags & 64) === 64;
}

/** The titles of a message's embeds. */
export function titles(message: APIMessage): string[] {
	return message.embeds.map((embed) => embed.title ?? '');
}
