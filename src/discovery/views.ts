import { randomBytes } from 'node:crypto';
import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { customId } from '../discord/command.js';
import { UserError } from '../discord/user-error.js';
import { searchSorts } from '../rostro/index.js';
import type { Namespace } from '../store/index.js';

/** The custom-id action of ◀ ▶ buttons; the key is `<view key>:<page>`. */
export const PAGE_ACTION = 'page';

/** How long ◀ ▶ keep working after a list was first shown. */
export const VIEW_TTL_MS = 7 * 24 * 60 * 60_000;

const shared = {
	guildId: z.string(),
	/** Who asked for the list. */
	userId: z.string(),
	public: z.boolean(),
	/** Whether the member asked for NSFW results; the channel decides whether they show. */
	nsfw: z.boolean(),
};

const searchView = z.object({
	kind: z.literal('search'),
	...shared,
	query: z.object({
		search: z.string(),
		tags: z.array(z.string()),
		sort: z.enum(searchSorts).optional(),
	}),
});

/** A timeline, or a list of follows or followers, of the Rostro account named. */
const accountView = z.object({
	kind: z.enum(['timeline', 'follows', 'followers']),
	...shared,
	userName: z.string(),
});

/** A paged list as stored behind its ◀ ▶ buttons, so they work after a restart. */
export const viewSchema = z.discriminatedUnion('kind', [searchView, accountView]);
export type View = z.output<typeof viewSchema>;
export type SearchView = z.output<typeof searchView>;
export type AccountView = z.output<typeof accountView>;

/** The stored views; records carry `guildId`, so forgetting a server deletes its lists. */
export function viewStore(ctx: AppContext): Namespace<View> {
	return ctx.store.namespace<View>('discovery-views').withSchema(viewSchema);
}

/** Stores a view under a new short key, the one its buttons carry. */
export async function saveView(ctx: AppContext, view: View): Promise<string> {
	const key = randomBytes(6).toString('base64url');
	await viewStore(ctx).set(key, view, VIEW_TTL_MS);
	return key;
}

/** The view behind a button; a clear sentence when it has expired. */
export async function loadView(ctx: AppContext, key: string): Promise<View> {
	const view = await viewStore(ctx).get(key);
	if (!view) throw new UserError('view-expired', 'This list has expired; run the command again.');
	return view;
}

/** Splits a page button's key into the view's key and the page asked for (from 1). */
export function parsePageKey(key: string): { viewKey: string; page: number } {
	const [viewKey = '', page = ''] = key.split(':');
	const number = Number(page);
	return { viewKey, page: Number.isInteger(number) && number >= 1 ? number : 1 };
}

function pageButton(command: string, viewKey: string, page: number, label: string, disabled: boolean) {
	return new ButtonBuilder()
		.setCustomId(customId(command, PAGE_ACTION, `${viewKey}:${page}`))
		.setLabel(label)
		.setStyle(ButtonStyle.Secondary)
		.setDisabled(disabled);
}

/** ◀ ▶ for a view; `command` is the command whose router receives them. */
export function pageButtons(command: string, viewKey: string, page: number, hasNext: boolean) {
	return new ActionRowBuilder<ButtonBuilder>().addComponents(
		pageButton(command, viewKey, Math.max(1, page - 1), '◀', page <= 1),
		pageButton(command, viewKey, page + 1, '▶', !hasNext),
	);
}
