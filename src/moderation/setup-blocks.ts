import type {
	ApplicationCommandOptionChoiceData,
	AutocompleteInteraction,
	ChatInputCommandInteraction,
} from 'discord.js';
import type { AppContext } from '../app-context.js';
import { guildIdOf } from '../discord/guards.js';
import { defer, sendPrivate } from '../discord/replies.js';
import { plain } from '../discord/text.js';
import { guildToken } from '../discord/tokens.js';
import { UserError } from '../discord/user-error.js';
import { suggestTags } from '../discovery/suggest.js';
import {
	type BlockKind as RostroBlockKind,
	type RostroClient,
	RostroForbiddenError,
	RostroNotFoundError,
	RostroUnauthorizedError,
} from '../rostro/index.js';
import { audit, blockChangeEntry } from './audit.js';
import {
	BLOCK_KINDS,
	type BlockKind,
	blockedList,
	MAX_BLOCKED_NAME_LENGTH,
	MAX_BLOCKED_NAMES,
	sameName,
	withBlockedList,
} from './blocks.js';
import { type GuildPolicy, policyOf, updatePolicy } from './policy.js';
import { hasInvisible } from './visible-text.js';

// The kinds are Rostro's own block types, so a name goes to /api/account/block/{kind}/ as it is.
const rostroKinds: readonly RostroBlockKind[] = BLOCK_KINDS;

const LIST_SHOWN = 600; // characters of each list /setup show prints
const CHOICES = 25;

function readKind(interaction: ChatInputCommandInteraction | AutocompleteInteraction): BlockKind | undefined {
	const kind = interaction.options.getString('kind');
	return rostroKinds.find((known) => known === kind);
}

function requireKind(interaction: ChatInputCommandInteraction): BlockKind {
	const kind = readKind(interaction);
	if (!kind) throw new UserError('unknown-block-kind', 'Choose user or tag.');
	return kind;
}

// Discord's mention syntax: @everyone, @here, and <@user>, <@!user>, <@&role>, <#channel>.
const MENTION = /@(everyone|here)\b|<[@#][!&]?/i;
// Rostro tags are words and short phrases ("Sci-Fi", "Slice of Life", "OC", "18+"): letters and
// digits in any script, with spaces and a little punctuation between them.
const TAG = /^[\p{L}\p{N}][\p{L}\p{M}\p{N} _'’.&+/()-]*$/u;

/**
 * The name typed: trimmed, without the `@` or `#` people put before user names and tags (a
 * mention such as `@everyone` keeps its `@`, for `requireNewName` to refuse).
 */
function readName(interaction: ChatInputCommandInteraction, kind: BlockKind): string {
	const typed = interaction.options.getString('name', true).trim();
	const name = MENTION.test(typed) ? typed : typed.replace(/^[@#]/, '').trim().replace(/\s+/g, ' ');
	const what = kind === 'user' ? 'creator' : 'tag';
	if (!name) throw new UserError('block-name-empty', `Give the ${what}'s name.`);
	if (name.length > MAX_BLOCKED_NAME_LENGTH) {
		throw new UserError('block-name-long', `A ${what}'s name has ${MAX_BLOCKED_NAME_LENGTH} characters at most.`);
	}
	return name;
}

/**
 * Refuses a name no creator or tag could have, before it is stored or sent to Rostro: a Discord
 * mention, invisible characters, and for a tag anything but Rostro's kind of tag name. Names
 * hidden already are not checked again, so an older entry can always be unblocked. `verb` is
 * what is done with the name (`/follow` and feeds check tags with it too).
 */
export function requireNewName(kind: BlockKind, name: string, verb = 'Block'): void {
	const what = kind === 'user' ? 'creator' : 'tag';
	if (MENTION.test(name)) {
		throw new UserError('block-name-mention', `Give the ${what}'s name as Rostro shows it, not a Discord mention.`);
	}
	if (hasInvisible(name)) {
		throw new UserError('block-name-invisible', `That ${what}'s name has invisible characters in it; type it again.`);
	}
	if (kind === 'tag' && name.includes(',')) throw new UserError('block-one-tag', `${verb} one tag at a time.`);
	if (kind === 'tag' && !TAG.test(name)) {
		throw new UserError(
			'block-tag-invalid',
			"Give the tag as Rostro writes it: letters and digits, with spaces and - _ ' . & + / ( ) between them.",
		);
	}
}

/** Who a block names, in a sentence. */
function named(kind: BlockKind, name: string): string {
	return kind === 'user' ? `the creator **${plain(name)}**` : `the tag **${plain(name)}**`;
}

/** The server's own Rostro account, when an admin set its token; never a member's linked one. */
async function serverAccount(ctx: AppContext, guildId: string): Promise<RostroClient | undefined> {
	const token = await guildToken(ctx, guildId);
	return token ? ctx.rostro.withToken(token) : undefined;
}

/** The creator's user name as Rostro spells it; a clear sentence when Rostro has no such creator. */
async function existingCreator(rostro: RostroClient, name: string): Promise<string> {
	try {
		const profile = await rostro.users.profile(name, { includeProjects: false });
		return profile.userName ?? name;
	} catch (error) {
		if (!(error instanceof RostroNotFoundError)) throw error;
		// Rostro's profile lookup is case-sensitive and offers no case-blind search for users.
		const capitals = name === name.toLowerCase() ? '' : ' (user names must match in case too)';
		throw new UserError(
			'creator-unknown',
			`Rostro has no creator called ${plain(name)}${capitals}, so nothing was blocked.`,
		);
	}
}

function rejectedServerToken(): UserError {
	return new UserError(
		'block-token-rejected',
		"Rostro rejected this server's token, so nothing was changed; an admin can run /setup token and try again.",
	);
}

/**
 * Blocks or unblocks a name on the server's Rostro account. Unblocking what Rostro does not have
 * blocked (a 404) is already done.
 */
async function changeOnAccount(rostro: RostroClient, change: 'block' | 'unblock', kind: BlockKind, name: string) {
	try {
		await rostro.moderation[change](kind, name);
	} catch (error) {
		if (change === 'unblock' && error instanceof RostroNotFoundError) return;
		if (error instanceof RostroUnauthorizedError || error instanceof RostroForbiddenError) throw rejectedServerToken();
		throw error;
	}
}

function addName(policy: GuildPolicy, kind: BlockKind, name: string): GuildPolicy {
	const names = blockedList(policy, kind).filter((known) => !sameName(known, name));
	return withBlockedList(policy, kind, [...names, name]);
}

function removeName(policy: GuildPolicy, kind: BlockKind, name: string): GuildPolicy {
	return withBlockedList(
		policy,
		kind,
		blockedList(policy, kind).filter((known) => !sameName(known, name)),
	);
}

function blockedReply(kind: BlockKind, name: string, onAccount: boolean, already: boolean): string {
	const hidden = `${capital(named(kind, name))} is ${already ? 'already' : 'now'} hidden here.`;
	const onRostro = onAccount
		? " The server's Rostro account blocks it too, in Rostro's own search."
		: " Once an admin runs /setup token, the server's Rostro account will block it too.";
	return hidden + onRostro;
}

/**
 * `/setup block kind:<user|tag> name:<…>`: hides a creator or a tag from the bot's results in
 * this server and, when the server has a token, blocks it on the server's Rostro account first,
 * so the two never disagree: when Rostro refuses, nothing is stored. Blocking a name hidden
 * already blocks it on the account again, which mends a block Rostro once refused.
 */
export async function blockSetup(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const guildId = guildIdOf(interaction);
	const kind = requireKind(interaction);
	const typed = readName(interaction, kind);
	await defer(interaction, 'private');

	const current = blockedList(await policyOf(ctx, guildId), kind);
	const known = current.find((name) => sameName(name, typed));
	if (!known) requireNewName(kind, typed);
	if (!known && current.length >= MAX_BLOCKED_NAMES) {
		const what = kind === 'user' ? 'creators' : 'tags';
		throw new UserError(
			'too-many-blocks',
			`A server can hide at most ${MAX_BLOCKED_NAMES} ${what}; unblock one first.`,
		);
	}

	const account = await serverAccount(ctx, guildId);
	const name = known ?? (kind === 'user' ? await existingCreator(account ?? ctx.rostro, typed) : typed);
	if (account) await changeOnAccount(account, 'block', kind, name);
	if (!known) await updatePolicy(ctx, guildId, (policy) => addName(policy, kind, name));

	const change = { guildId, userId: interaction.user.id, kind, name, onAccount: Boolean(account) };
	ctx.logger.info({ guildId, kind, onAccount: change.onAccount, already: Boolean(known) }, 'search block added');
	await sendPrivate(interaction, { content: blockedReply(kind, name, change.onAccount, Boolean(known)) });
	await audit(ctx, blockChangeEntry({ ...change, hide: true, already: Boolean(known) }));
}

/** `/setup unblock kind:<user|tag> name:<…>`: shows it again, here and on the server's account. */
export async function unblockSetup(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
	const guildId = guildIdOf(interaction);
	const kind = requireKind(interaction);
	const typed = readName(interaction, kind);
	await defer(interaction, 'private');

	const known = blockedList(await policyOf(ctx, guildId), kind).find((name) => sameName(name, typed));
	if (!known) throw new UserError('not-blocked', `${capital(named(kind, typed))} is not hidden in this server.`);

	const account = await serverAccount(ctx, guildId);
	if (account) await changeOnAccount(account, 'unblock', kind, known);
	await updatePolicy(ctx, guildId, (policy) => removeName(policy, kind, known));

	ctx.logger.info({ guildId, kind, onAccount: Boolean(account) }, 'search block removed');
	const onRostro = account ? " The server's Rostro account no longer blocks it either." : '';
	await sendPrivate(interaction, { content: `${capital(named(kind, known))} shows again here.${onRostro}` });
	const change = { guildId, userId: interaction.user.id, kind, name: known, onAccount: Boolean(account) };
	await audit(ctx, blockChangeEntry({ ...change, hide: false }));
}

/**
 * Blocks everything the server hides on the account of a token an admin just set, so the two
 * agree from the start. Resolves to how many Rostro refused; each refusal is logged.
 */
export async function pushBlocksToAccount(ctx: AppContext, guildId: string): Promise<number> {
	const account = await serverAccount(ctx, guildId);
	if (!account) return 0;

	const policy = await policyOf(ctx, guildId);
	let refused = 0;
	for (const kind of BLOCK_KINDS) {
		for (const name of blockedList(policy, kind)) {
			try {
				await account.moderation.block(kind, name);
			} catch (error) {
				refused++;
				ctx.logger.warn({ err: error, guildId, kind }, 'could not block a hidden name on the new server account');
			}
		}
	}
	return refused;
}

function capital(sentence: string): string {
	return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function listLine(label: string, names: string[]): string {
	if (names.length === 0) return `${label}: none.`;
	const list = names.map(plain).join(', ');
	return `${label}: ${list.length > LIST_SHOWN ? `${list.slice(0, LIST_SHOWN)}…` : list}.`;
}

/** The lines `/setup show` gives about what is hidden. */
export function blockLines(policy: GuildPolicy): string[] {
	return [
		listLine('Creators hidden from results', blockedList(policy, 'user')),
		listLine('Tags hidden from results', blockedList(policy, 'tag')),
	];
}

function choice(name: string): ApplicationCommandOptionChoiceData<string> {
	return { name, value: name };
}

/**
 * Autocomplete of `name`: for unblock, what the server hides (of the kind chosen, else both);
 * for block, Rostro's tags when the kind is tag (Rostro lists no creators to suggest).
 */
export async function blockNameChoices(
	interaction: AutocompleteInteraction,
	ctx: AppContext,
): Promise<ApplicationCommandOptionChoiceData<string>[]> {
	const typed = interaction.options.getFocused().trim().toLowerCase();
	const kind = readKind(interaction);
	if (interaction.options.getSubcommand() === 'block') {
		return kind === 'tag' ? suggestTags(ctx.rostro, typed) : [];
	}

	if (!interaction.guildId) return [];
	const policy = await policyOf(ctx, interaction.guildId);
	const names = kind ? blockedList(policy, kind) : BLOCK_KINDS.flatMap((each) => blockedList(policy, each));
	return names
		.filter((name) => name.toLowerCase().includes(typed))
		.slice(0, CHOICES)
		.map(choice);
}
