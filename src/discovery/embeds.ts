import type { APIEmbed, APIEmbedField } from 'discord.js';
import { fillPlaceholders } from '../chat/prompt/card.js';
import type { Character, ProjectNode, UserProfile } from '../rostro/index.js';
import { creatorUrl, projectUrl } from './links.js';
import { clip, formatCount, plainLine, safeMarkdown } from './text.js';

/** Discord's limits on the embeds of one message. */
export const EMBED_LIMITS = {
	perMessage: 10,
	/** Titles, descriptions, field names and values, footers and author names together. */
	totalCharacters: 6_000,
	title: 256,
	description: 4_096,
	fieldValue: 1_024,
} as const;

/** The colour of every discovery embed. */
export const DISCOVERY_COLOUR = 0xd9466f;

const TAGS_SHOWN = 12;

/** How many characters of an embed count toward Discord's 6,000 per message. */
export function embedLength(embed: APIEmbed): number {
	const fields = (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
	return (
		(embed.title?.length ?? 0) +
		(embed.description?.length ?? 0) +
		fields +
		(embed.footer?.text.length ?? 0) +
		(embed.author?.name.length ?? 0)
	);
}

function totalLength(embeds: APIEmbed[]): number {
	return embeds.reduce((sum, embed) => sum + embedLength(embed), 0);
}

const descriptionLength = (embed: APIEmbed) => embed.description?.length ?? 0;

/**
 * The longest description every embed may keep so that all of them fit in `room` characters:
 * the longest are shortened first, and all to the same length.
 */
function descriptionCap(embeds: APIEmbed[], room: number): number {
	const lengths = embeds.map(descriptionLength);
	const fits = (cap: number) => lengths.reduce((sum, length) => sum + Math.min(length, cap), 0) <= room;
	let low = 0;
	let high = Math.max(0, ...lengths);
	while (low < high) {
		const middle = Math.ceil((low + high) / 2);
		if (fits(middle)) low = middle;
		else high = middle - 1;
	}
	return low;
}

/**
 * The embeds of one message within Discord's limits: at most ten, and at most 6,000 characters
 * together. The longest descriptions are shortened first, to a common length; an embed is
 * dropped from the end only when the rest of the embeds alone do not fit.
 */
export function fitEmbeds(embeds: APIEmbed[]): APIEmbed[] {
	const fitted = embeds.slice(0, EMBED_LIMITS.perMessage);
	const withoutDescriptions = (list: APIEmbed[]) =>
		totalLength(list) - list.reduce((sum, embed) => sum + descriptionLength(embed), 0);
	while (fitted.length > 0 && withoutDescriptions(fitted) > EMBED_LIMITS.totalCharacters) fitted.pop();

	const cap = descriptionCap(fitted, EMBED_LIMITS.totalCharacters - withoutDescriptions(fitted));
	return fitted.map((embed) => {
		if (descriptionLength(embed) <= cap) return embed;
		return { ...embed, description: cap > 0 ? clip(embed.description ?? '', cap) : undefined };
	});
}

function ratingText(node: ProjectNode): string {
	if (node.rating === undefined) return '—';
	const votes = node.ratingCount > 0 ? ` (${formatCount(node.ratingCount)})` : '';
	return `★ ${node.rating.toFixed(1)}${votes}`;
}

/** Downloads (Rostro's `starCount`), favorites, rating and token count, as inline fields. */
function statFields(node: ProjectNode): APIEmbedField[] {
	return [
		{ name: 'Downloads', value: formatCount(node.downloads), inline: true },
		{ name: 'Favorites', value: formatCount(node.favorites), inline: true },
		{ name: 'Rating', value: ratingText(node), inline: true },
		{ name: 'Tokens', value: formatCount(node.tokenCount), inline: true },
	];
}

/** The tags as one line, `Fantasy · Female · …`. */
export function tagLine(tags: string[], max = 300): string {
	const shown = tags.slice(0, TAGS_SHOWN).map((tag) => plainLine(tag, 40));
	const more = tags.length > TAGS_SHOWN ? ` · +${tags.length - TAGS_SHOWN}` : '';
	return clip(`${shown.join(' · ')}${more}`, max);
}

function footerText(node: ProjectNode): string {
	const nsfw = node.nsfw ? ' · NSFW' : '';
	return clip(`by ${node.creator || 'unknown'}${nsfw}`, 200);
}

/** One search result (or timeline or feed item): avatar, name, tagline, tags, stats and a link. */
export function resultEmbed(node: ProjectNode): APIEmbed {
	const tagline = node.tagline ? plainLine(node.tagline, 300) : '';
	const tags = node.tags.length > 0 ? `🏷️ ${tagLine(node.tags)}` : '';
	return {
		title: plainLine(node.name || 'Untitled', 200),
		url: projectUrl(node.fullPath),
		description: [tagline, tags].filter(Boolean).join('\n\n') || undefined,
		thumbnail: node.avatarUrl ? { url: node.avatarUrl } : undefined,
		fields: statFields(node),
		footer: { text: footerText(node) },
		color: DISCOVERY_COLOUR,
	};
}

/** The names `{{char}}` and `{{user}}` stand for in a greeting preview. */
export interface PreviewNames {
	char: string;
	user: string;
}

function greetingPreview(character: Character, names: PreviewNames): string {
	const greeting = fillPlaceholders(character.card.first_mes, names);
	return greeting.trim() ? safeMarkdown(greeting, 600) : '*No greeting.*';
}

/** A character's card: image, tagline, creator notes, tags, stats and a greeting preview. */
export function cardEmbed(character: Character, names: PreviewNames): APIEmbed {
	const { project, card } = character;
	const tagline = project.tagline ? `*${plainLine(project.tagline, 300)}*` : '';
	const notes = card.creator_notes ? safeMarkdown(card.creator_notes, 1_500) : '';
	const tagField = project.tags.length > 0 ? [{ name: 'Tags', value: tagLine(project.tags, 1_000) }] : [];
	return {
		title: plainLine(project.name || card.name, 200),
		url: projectUrl(project.fullPath),
		author: { name: clip(`by ${project.creator}`, 200), url: creatorUrl(project.creator) },
		description: [tagline, notes].filter(Boolean).join('\n\n') || undefined,
		image: project.cardImageUrl ? { url: project.cardImageUrl } : undefined,
		thumbnail: project.avatarUrl ? { url: project.avatarUrl } : undefined,
		fields: [...tagField, ...statFields(project), { name: 'Greeting', value: greetingPreview(character, names) }],
		footer: { text: `Project ${project.id}${project.nsfw ? ' · NSFW' : ''}` },
		color: DISCOVERY_COLOUR,
	};
}

/** A creator's profile: avatar, bio and totals over the projects shown. */
export function profileEmbed(profile: UserProfile, userName: string, projects: ProjectNode[]): APIEmbed {
	const downloads = projects.reduce((sum, node) => sum + node.downloads, 0);
	const favorites = projects.reduce((sum, node) => sum + node.favorites, 0);
	return {
		title: plainLine(profile.userName ?? userName, 200),
		url: creatorUrl(profile.userName ?? userName),
		description: profile.bio ? safeMarkdown(profile.bio, 1_000) : undefined,
		thumbnail: profile.avatarUrl ? { url: profile.avatarUrl } : undefined,
		fields: [
			{ name: 'Projects', value: formatCount(projects.length), inline: true },
			{ name: 'Downloads', value: formatCount(downloads), inline: true },
			{ name: 'Favorites', value: formatCount(favorites), inline: true },
		],
		color: DISCOVERY_COLOUR,
	};
}
