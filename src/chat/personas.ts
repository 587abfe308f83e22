import type { AppContext } from '../app-context.js';
import { neutralizeMentions } from '../discord/mentions.js';
import { plain } from '../discord/text.js';
import type { Line } from './engine.js';
import type { Persona, Speaker } from './prompt/index.js';
import type { Turn } from './session.js';

type StoreContext = Pick<AppContext, 'store'>;

/** How many of the newest turns make the scene: members who spoke in them bring their persona. */
export const RECENT_SPEAKER_TURNS = 20;

const MESSAGE_LIMIT = 2_000;
const FALLBACK_NAME = 'User';

/** The persona a member set for a server with `/chat persona`, if any. */
export async function personaOf(ctx: StoreContext, guildId: string, userId: string): Promise<Persona | undefined> {
	const persona = (await ctx.store.members.get(userId))?.personas?.[guildId];
	if (!persona || persona.name.trim() === '') return undefined;

	return { name: persona.name.trim(), description: persona.description };
}

async function personasOf(ctx: StoreContext, guildId: string, userIds: Iterable<string>) {
	const ids = [...new Set(userIds)];
	const found = await Promise.all(ids.map((id) => personaOf(ctx, guildId, id)));
	return new Map(ids.map((id, index) => [id, found[index]]));
}

/** The name a member speaks under in a server's chats: their persona's, else their display name. */
export function speakingName(displayName: string, persona: Persona | undefined): string {
	return persona?.name ?? displayName;
}

/**
 * Members' lines as history turns, each under the name its member speaks under as it is heard.
 * The name stays on the turn: a persona changed later does not rename what was said before.
 */
export async function heardTurns(ctx: StoreContext, guildId: string, lines: readonly Line[]): Promise<Turn[]> {
	const personas = await personasOf(
		ctx,
		guildId,
		lines.map((line) => line.userId),
	);
	return lines.map((line) => ({
		role: 'user',
		speaker: speakingName(line.displayName, personas.get(line.userId)),
		userId: line.userId,
		text: line.text,
	}));
}

/** A member who spoke in the recent turns, under the name they last spoke under there. */
export interface RecentSpeaker {
	userId: string;
	name: string;
}

/** Members other than `except` who spoke in the last RECENT_SPEAKER_TURNS turns, most recent first. */
export function recentSpeakers(history: readonly Turn[], except?: string): RecentSpeaker[] {
	const seen = new Set(except === undefined ? [] : [except]);
	const speakers: RecentSpeaker[] = [];
	for (const turn of history.slice(-RECENT_SPEAKER_TURNS).reverse()) {
		if (turn.role !== 'user' || !turn.userId || seen.has(turn.userId)) continue;

		seen.add(turn.userId);
		speakers.push({ userId: turn.userId, name: turn.speaker });
	}
	return speakers;
}

/** Who a reply is for: the member answered (`{{user}}`) and the personas of others in the scene. */
export interface ReplyPeople {
	speaker: Speaker;
	others: Persona[];
}

/** A persona, when it still goes by the name its member's line was spoken under. */
function underName(persona: Persona | undefined, name: string): Persona | undefined {
	return persona?.name === name ? persona : undefined;
}

/**
 * The people of the next reply. The member answered is the one who spoke the newest member line
 * (not whoever pressed Regenerate), under the name that line was spoken under; without any such
 * line, `causedBy`. A persona's description joins only while it goes by the name on the line.
 */
export async function replyPeople(
	ctx: StoreContext,
	guildId: string,
	history: readonly Turn[],
	causedBy: string,
): Promise<ReplyPeople> {
	const answered = history.findLast((turn) => turn.role === 'user');
	const answeredId = answered ? answered.userId : causedBy;
	const recent = recentSpeakers(history, answeredId);
	const ids = [...(answeredId ? [answeredId] : []), ...recent.map((speaker) => speaker.userId)];
	const personas = await personasOf(ctx, guildId, ids);

	const own = answeredId ? personas.get(answeredId) : undefined;
	const name = answered?.speaker ?? own?.name ?? FALLBACK_NAME;
	const others = recent
		.map((speaker) => underName(personas.get(speaker.userId), speaker.name))
		.filter((persona): persona is Persona => persona !== undefined);
	return { speaker: { displayName: name, persona: underName(own, name) }, others };
}

/**
 * A member's `/chat say` line as shown in the thread: the name they speak under in bold, and,
 * when that is a persona's, their display name in small text below, so everyone sees who plays it.
 * A line too long for one message is shown cut, ending in "…" (the character still hears all of it).
 */
export function sayLine(displayName: string, text: string, persona: Persona | undefined): string {
	const name = speakingName(displayName, persona);
	const byline = name === displayName ? '' : `\n-# played by ${plain(displayName)}`;
	const line = `**${plain(name)}**: ${neutralizeMentions(text)}`;
	return shortenTo(line, MESSAGE_LIMIT - byline.length) + byline;
}

/** `text` itself when it fits `length` code units, else its start ending in "…" to show the cut. */
function shortenTo(text: string, length: number): string {
	return text.length <= length ? text : `${cutAt(text, length - 1)}…`;
}

/** The first `length` code units of `text`, one fewer rather than half a surrogate pair. */
function cutAt(text: string, length: number): string {
	if (text.length <= length) return text;

	const last = text.charCodeAt(length - 1);
	return text.slice(0, last >= 0xd8_00 && last <= 0xdb_ff ? length - 1 : length);
}
