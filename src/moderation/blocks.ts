import type { AppContext } from '../app-context.js';
import type { GuildPolicy } from './policy.js';
import { policyOf } from './policy.js';

/** What `/setup block` can hide: a Rostro creator (by user name) or a tag. */
export const BLOCK_KINDS = ['user', 'tag'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

/** Entries per kind a server may keep; the policy is read on every command. */
export const MAX_BLOCKED_NAMES = 100;
/** The longest name taken, as long as an autocomplete choice may be. */
export const MAX_BLOCKED_NAME_LENGTH = 100;

/** The creators and tags a server hides from the bot's results. */
export interface SearchBlocks {
	creators: readonly string[];
	tags: readonly string[];
}

/** Nothing hidden: what servers without blocks, and places outside servers, use. */
export const NO_BLOCKS: SearchBlocks = { creators: [], tags: [] };

const fold = (name: string) => name.trim().toLowerCase();

/** The server's list of one kind, as stored. */
export function blockedList(policy: GuildPolicy, kind: BlockKind): string[] {
	return [...((kind === 'user' ? policy.blockedCreators : policy.blockedTags) ?? [])];
}

/** The policy with one kind's list replaced. */
export function withBlockedList(policy: GuildPolicy, kind: BlockKind, names: string[]): GuildPolicy {
	return kind === 'user' ? { ...policy, blockedCreators: names } : { ...policy, blockedTags: names };
}

/** Whether two names are the same entry: Rostro user names and tags ignore case. */
export function sameName(a: string, b: string): boolean {
	return fold(a) === fold(b);
}

/** What the server hides from the bot's results; nothing outside a server. */
export async function searchBlocksOf(ctx: AppContext, guildId: string | null | undefined): Promise<SearchBlocks> {
	if (!guildId) return NO_BLOCKS;

	const policy = await policyOf(ctx, guildId);
	return { creators: blockedList(policy, 'user'), tags: blockedList(policy, 'tag') };
}

/** Whether a blocked creator is this one. */
export function creatorBlocked(creator: string, blocks: SearchBlocks): boolean {
	return blocks.creators.some((name) => sameName(name, creator));
}

/** The first of these tags the server blocks, if any. */
export function blockedTagAmong(tags: readonly string[], blocks: SearchBlocks): string | undefined {
	return blocks.tags.find((blocked) => tags.some((tag) => sameName(tag, blocked)));
}

/** What hides a project here: the blocked creator, or the first blocked tag it carries. */
export interface HiddenBy {
	kind: BlockKind;
	/** The creator as the project names them, or the tag as the server blocked it. */
	name: string;
}

/** Why the server hides a project, so a refusal can say so; undefined when it is shown. */
export function hiddenBy(
	project: { creator: string; tags: readonly string[] },
	blocks: SearchBlocks,
): HiddenBy | undefined {
	if (creatorBlocked(project.creator, blocks)) return { kind: 'user', name: project.creator };

	const tag = blockedTagAmong(project.tags, blocks);
	return tag === undefined ? undefined : { kind: 'tag', name: tag };
}

/** Whether a project is hidden here: by a blocked creator, or carrying a blocked tag. */
export function isBlocked(project: { creator: string; tags: readonly string[] }, blocks: SearchBlocks): boolean {
	return hiddenBy(project, blocks) !== undefined;
}

/** The projects the server does not hide. */
export function withoutBlocked<T extends { creator: string; tags: readonly string[] }>(
	projects: readonly T[],
	blocks: SearchBlocks,
): T[] {
	if (blocks.creators.length === 0 && blocks.tags.length === 0) return [...projects];
	return projects.filter((project) => !isBlocked(project, blocks));
}
