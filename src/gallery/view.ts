import { randomBytes } from 'node:crypto';
import {
	ActionRowBuilder,
	type APIEmbed,
	type BaseMessageOptions,
	ButtonBuilder,
	ButtonStyle,
	escapeMarkdown,
} from 'discord.js';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { customId } from '../discord/command.js';
import { UserError } from '../discord/user-error.js';
import { type GalleryImage, type Page, type RostroClient, RostroNotFoundError } from '../rostro/index.js';
import type { Namespace } from '../store/index.js';

/** The command whose router receives the page buttons, and their custom-id action. */
export const GALLERY_COMMAND = 'gallery';
export const VIEW_ACTION = 'view';
/** Images per page: one embed each, well within Discord's 10 per message. */
export const IMAGES_PER_PAGE = 5;
const VIEW_TTL_MS = 24 * 60 * 60_000;
const EMBED_COLOUR = 0x7c5cff;

const viewSchema = z.object({
	feature: z.literal('gallery-view'),
	guildId: z.string(),
	userId: z.string(),
	projectId: z.number(),
	label: z.string(),
});

/** Which gallery a member is paging through, kept in the components namespace behind the buttons. */
export type GalleryView = z.output<typeof viewSchema>;

function views(ctx: Pick<AppContext, 'store'>): Namespace<GalleryView> {
	return ctx.store.components.withSchema(viewSchema);
}

/** Stores a view and returns the key its buttons carry. */
export async function rememberView(ctx: Pick<AppContext, 'store'>, view: Omit<GalleryView, 'feature'>) {
	const key = `gv-${randomBytes(6).toString('base64url')}`;
	await views(ctx).set(key, { feature: 'gallery-view', ...view }, VIEW_TTL_MS);
	return key;
}

/** The view behind a page button, refused to anyone but the member who opened it. */
export async function recallView(ctx: Pick<AppContext, 'store'>, key: string, userId: string): Promise<GalleryView> {
	const raw = await ctx.store.components.get(key);
	const parsed = viewSchema.safeParse(raw);
	if (!parsed.success) throw new UserError('stale-gallery', 'This gallery view has expired; run /gallery view again.');
	if (parsed.data.userId !== userId)
		throw new UserError('not-yours', 'Only the member who opened this gallery can page it.');
	return parsed.data;
}

/** What one page of a gallery holds once the age-restricted gate has been applied. */
export interface GalleryPageContent {
	shown: GalleryImage[];
	/** NSFW images of the whole gallery held back here (those Rostro left out, and any it sent anyway). */
	withheld: number;
	/** How many images may show here, when Rostro said. */
	total: number | undefined;
	/** Whether a page follows, when the total is unknown. */
	more: boolean;
}

async function listPage(rostro: RostroClient, projectId: number, page: number, nsfw: boolean) {
	try {
		return await rostro.gallery.listByProject(projectId, { page: page + 1, limit: IMAGES_PER_PAGE, nsfw });
	} catch (error) {
		if (!(error instanceof RostroNotFoundError)) throw error;
		throw new UserError('gallery-no-project', 'Rostro has no such project, or it is private to its creator.');
	}
}

/** How many NSFW images Rostro left out of a listing made without them. */
async function leftOut(rostro: RostroClient, projectId: number, listed: Page<GalleryImage>): Promise<number> {
	if (listed.count === undefined) return 0;
	const everything = await rostro.gallery.listByProject(projectId, { limit: 1, nsfw: true });
	return Math.max(0, (everything.count ?? 0) - listed.count);
}

/**
 * One page of a project's gallery (counted from 0). Where NSFW may not show, Rostro is asked
 * to leave NSFW images out, and any it sends anyway are held back here too.
 */
export async function loadGalleryPage(
	rostro: RostroClient,
	projectId: number,
	page: number,
	nsfwAllowed: boolean,
): Promise<GalleryPageContent> {
	const listed = await listPage(rostro, projectId, page, nsfwAllowed);
	const shown = nsfwAllowed ? listed.items : listed.items.filter((image) => !image.nsfw);
	const slipped = listed.items.length - shown.length;
	const withheld = nsfwAllowed ? 0 : (await leftOut(rostro, projectId, listed)) + slipped;
	return {
		shown,
		withheld,
		total: listed.count,
		more: listed.items.length === IMAGES_PER_PAGE,
	};
}

function imageEmbed(image: GalleryImage): APIEmbed {
	return {
		...(image.caption ? { description: escapeMarkdown(image.caption).slice(0, 4_000) } : {}),
		color: EMBED_COLOUR,
		...(image.imageUrl ? { image: { url: image.imageUrl } } : {}),
		footer: { text: `Image ${image.uuid}` },
	};
}

function pageButton(key: string, page: number, label: string, disabled: boolean): ButtonBuilder {
	return new ButtonBuilder()
		.setCustomId(customId(GALLERY_COMMAND, VIEW_ACTION, `${key}:${page}`))
		.setLabel(label)
		.setStyle(ButtonStyle.Secondary)
		.setDisabled(disabled);
}

function plural(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function withheldLine(withheld: number): string {
	if (withheld === 0) return '';
	const verb = withheld === 1 ? 'is' : 'are';
	return `\n${plural(withheld, 'NSFW image')} ${verb} withheld here: NSFW images show only in age-restricted channels.`;
}

function heading(label: string, page: number, content: GalleryPageContent): string {
	const name = `**Gallery of ${escapeMarkdown(label)}**`;
	if (content.total === undefined) return `${name} · page ${page + 1}`;
	const pages = Math.max(1, Math.ceil(content.total / IMAGES_PER_PAGE));
	return `${name} · page ${page + 1} of ${pages} · ${plural(content.total, 'image')}`;
}

/** The message of one gallery page: one embed per image, ◀ ▶ when there is more than one page. */
export function galleryPageMessage(
	view: Pick<GalleryView, 'label'>,
	key: string,
	page: number,
	content: GalleryPageContent,
): BaseMessageOptions {
	const note = withheldLine(content.withheld);
	if (content.shown.length === 0 && page === 0) {
		const empty = content.withheld > 0 ? 'has no images that may show here' : 'is empty';
		return { content: `The gallery of **${escapeMarkdown(view.label)}** ${empty}.${note}`, embeds: [], components: [] };
	}

	const hasNext = content.total === undefined ? content.more : (page + 1) * IMAGES_PER_PAGE < content.total;
	const buttons = new ActionRowBuilder<ButtonBuilder>().addComponents(
		pageButton(key, page - 1, '◀', page === 0),
		pageButton(key, page + 1, '▶', !hasNext),
	);
	return {
		content: heading(view.label, page, content) + note,
		embeds: content.shown.map(imageEmbed),
		components: page > 0 || hasNext ? [buttons] : [],
	};
}
