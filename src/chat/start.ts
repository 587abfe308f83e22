import {
	type AnyThreadChannel,
	ChannelType,
	PermissionFlagsBits,
	type RepliableInteraction,
	ThreadAutoArchiveDuration,
} from 'discord.js';
import type { AppContext } from '../app-context.js';
import { guildIdOf, requireBotPermissions } from '../discord/guards.js';
import { nsfwAllowedHere, nsfwRefusal } from '../discord/nsfw.js';
import { plain } from '../discord/text.js';
import { UserError } from '../discord/user-error.js';
import type { WebhookChannel } from '../discord/webhooks.js';
import {
	audit,
	chatStartedEntry,
	hiddenBy,
	recordPosted,
	type SearchBlocks,
	searchBlocksOf,
} from '../moderation/index.js';
import type { Character, RostroClient } from '../rostro/index.js';
import { personaOf, speakingName } from './personas.js';
import { fillPlaceholders } from './prompt/card.js';
import { type ChatSession, saveSession } from './session.js';
import { Speaker } from './speaker.js';

/** What a member chose in `/chat start`. */
export interface StartChoice {
	/** A character's `creator/slug` path or numeric id, as autocomplete offers it. */
	character: string;
	model?: string | null;
	/** 0 for the greeting, 1… for the alternates. */
	greeting?: number | null;
	private: boolean;
}

const THREAD_NAME_LIMIT = 100;

/** Loads a character by the value autocomplete offered: `creator/slug` or a numeric id. */
export async function loadCharacter(rostro: RostroClient, reference: string): Promise<Character> {
	const trimmed = reference.trim();
	if (/^\d+$/.test(trimmed)) return rostro.characters.getById(Number(trimmed));

	const [creator, slug] = trimmed.replace(/^characters\//, '').split('/');
	if (!creator || !slug) {
		throw new UserError('character-unknown', 'Pick a character from the list, or give its creator/name path.');
	}
	return rostro.characters.get(creator, slug);
}

/** The greeting the member picked, falling back to the main one. */
export function pickGreeting(character: Character, index: number | null | undefined): string {
	const greetings = [character.card.first_mes, ...character.card.alternate_greetings];
	return greetings[index ?? 0] || greetings[0] || `*${character.card.name} looks up.*`;
}

function startingChannel(interaction: RepliableInteraction): WebhookChannel {
	const channel = interaction.channel;
	if (channel?.isThread()) {
		throw new UserError('chat-in-thread', 'Chats start from a text or forum channel; run /chat start there.');
	}
	const allowed = [ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildForum];
	if (!channel || !allowed.includes(channel.type)) {
		throw new UserError('chat-channel', 'Chats start from a text or forum channel.');
	}
	return channel as WebhookChannel;
}

function threadPermissions(channel: WebhookChannel, isPrivate: boolean): bigint[] {
	const create = isPrivate ? PermissionFlagsBits.CreatePrivateThreads : PermissionFlagsBits.CreatePublicThreads;
	const base = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessagesInThreads];
	return channel.type === ChannelType.GuildForum ? [...base, PermissionFlagsBits.SendMessages] : [...base, create];
}

/**
 * Refuses a chat model Rostro does not list, before anything uses it: `/chat start`,
 * `/chat model` and `/setup chat-model` all check the name here.
 */
export async function requireChatModel(rostro: RostroClient, name: string): Promise<string> {
	const models = await rostro.chat.models();
	if (!models.some((known) => known.id === name)) {
		throw new UserError('model-unknown', `Rostro has no chat model called ${name}.`);
	}
	return name;
}

async function chooseModel(ctx: AppContext, rostro: RostroClient, guildId: string, chosen?: string | null) {
	if (chosen?.trim()) return requireChatModel(rostro, chosen.trim());
	const serverDefault = (await ctx.store.guilds.get(guildId))?.chatModel;
	if (serverDefault) return serverDefault;
	const [first] = await rostro.chat.models();
	if (!first) throw new UserError('no-models', 'Rostro lists no chat models right now; try again later.');
	return first.id;
}

async function openThread(
	channel: WebhookChannel,
	name: string,
	isPrivate: boolean,
	starterId: string,
): Promise<AnyThreadChannel | undefined> {
	if (channel.type !== ChannelType.GuildText) {
		if (channel.type === ChannelType.GuildAnnouncement) {
			return channel.threads.create({ name, autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
		}
		return undefined; // forums open a post with the first message instead
	}

	const thread = await channel.threads.create({
		name,
		autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
		type: isPrivate ? ChannelType.PrivateThread : ChannelType.PublicThread,
		invitable: isPrivate ? false : undefined,
		reason: 'A roleplay chat',
	});
	if (isPrivate) await thread.members.add(starterId);
	return thread;
}

/**
 * Refuses a character by a creator, or with a tag, that the server hides (`/setup block`): its
 * suggestions leave it out, and an id typed or picked from an older list is refused here.
 */
function refuseHiddenCharacter(character: Character, blocks: SearchBlocks): void {
	const hidden = hiddenBy(character.project, blocks);
	if (!hidden) return;

	const name = plain(character.card.name || character.project.name);
	const reason =
		hidden.kind === 'user'
			? `This server hides characters by ${plain(hidden.name)}`
			: `This server hides the tag “${plain(hidden.name)}”, which ${name} has`;
	const subject = hidden.kind === 'user' ? name : 'it';
	throw new UserError('chat-hidden', `${reason}, so a chat with ${subject} cannot be started.`);
}

/**
 * Starts a roleplay: loads the character, opens a thread (or a forum post) named after it, posts
 * the greeting in the character's name, and stores the session. Resolves with the thread's id.
 */
export async function startChat(
	interaction: RepliableInteraction,
	ctx: AppContext,
	rostro: RostroClient,
	choice: StartChoice,
): Promise<string> {
	const channel = startingChannel(interaction);
	if (choice.private && channel.type === ChannelType.GuildForum) {
		throw new UserError(
			'chat-private-forum',
			'Forum posts cannot be private; start a private chat from a text channel.',
		);
	}
	requireBotPermissions(interaction, threadPermissions(channel, choice.private));

	const character = await loadCharacter(rostro, choice.character);
	if (character.project.nsfw && !(await nsfwAllowedHere(ctx, channel))) {
		throw await nsfwRefusal(ctx, channel, 'chat-nsfw', character.card.name);
	}
	const guildId = guildIdOf(interaction);
	refuseHiddenCharacter(character, await searchBlocksOf(ctx, guildId));

	const model = await chooseModel(ctx, rostro, guildId, choice.model);
	const member =
		interaction.member && 'displayName' in interaction.member
			? interaction.member.displayName
			: interaction.user.displayName;
	const greeting = fillPlaceholders(pickGreeting(character, choice.greeting), {
		char: character.card.name,
		user: speakingName(member, await personaOf(ctx, guildId, interaction.user.id)),
	});

	const threadName = character.card.name.slice(0, THREAD_NAME_LIMIT);
	const thread = await openThread(channel, threadName, choice.private, interaction.user.id);
	const speaker = new Speaker(ctx, channel, { name: character.card.name, avatarUrl: character.project.avatarUrl });
	const posted = await speaker.say(greeting, thread ? { threadId: thread.id } : { threadName });
	await recordPosted(ctx, posted.messageIds, guildId, interaction.user.id);

	const now = Date.now();
	const session: ChatSession = {
		guildId,
		channelId: channel.id,
		threadId: posted.threadId,
		character: {
			id: character.project.id,
			fullPath: character.project.fullPath,
			name: character.card.name,
			avatarUrl: character.project.avatarUrl,
			nsfw: character.project.nsfw,
		},
		model,
		history: [{ role: 'assistant', speaker: character.card.name, text: greeting }],
		participants: [interaction.user.id],
		startedBy: interaction.user.id,
		private: choice.private,
		createdAt: now,
		updatedAt: now,
	};
	await saveSession(ctx, session);
	await audit(ctx, chatStartedEntry(session));
	ctx.logger.info({ threadId: posted.threadId, character: character.project.fullPath, model }, 'chat started');
	return posted.threadId;
}
