import {
	type APIThreadMember,
	ChannelType,
	MessageFlags,
	MessageType,
	PermissionFlagsBits as P,
	type ThreadAutoArchiveDuration,
	type ThreadMemberFlags,
} from 'discord-api-types/v10';
import type { FakeServices } from '../../context.js';
import * as errors from '../../errors.js';
import type { MessageBody } from '../../limits.js';
import { channelPermissions, requirePermissions } from '../../permissions.js';
import { assertCanPost } from '../../posting.js';
import { toAPIChannel } from '../../state/serialize.js';
import type { ChannelRecord } from '../../state/world.js';
import type { NewThread } from '../../threads.js';
import { created, noContent, ok, type Route, type RouteRequest, route } from '../router.js';

const FORUMS = new Set<ChannelType>([ChannelType.GuildForum, ChannelType.GuildMedia]);

function nameIssues(name: unknown): errors.FormIssue[] {
	const length = typeof name === 'string' ? name.length : 0;
	if (length >= 1 && length <= 100) return [];
	return [{ path: ['name'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }];
}

/** Threads: from a channel, from a message, forum posts with their starter message, and members. */
export function threadRoutes(services: FakeServices): Route[] {
	const { world, threads, messaging, botUser } = services;
	const bot = botUser.id;
	const channelOf = (request: RouteRequest) => world.channel(request.params.channelId ?? '');
	const spec = (body: Record<string, unknown>, type: NewThread['type']): NewThread => ({
		name: String(body.name),
		type,
		ownerId: bot,
		autoArchiveDuration: body.auto_archive_duration as ThreadAutoArchiveDuration | undefined,
		invitable: typeof body.invitable === 'boolean' ? body.invitable : undefined,
		rateLimitPerUser: typeof body.rate_limit_per_user === 'number' ? body.rate_limit_per_user : undefined,
		appliedTags: Array.isArray(body.applied_tags) ? body.applied_tags.map(String) : undefined,
	});

	/** A forum post: the thread and its starter message, which shares the thread's id. */
	const forumPost = (parent: ChannelRecord, request: RouteRequest) => {
		const message = request.body.message as MessageBody | undefined;
		if (!message) {
			throw errors.invalidFormBody([
				{ path: ['message'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' },
			]);
		}
		assertCanPost(world, threads, { ...parent, type: ChannelType.GuildText }, bot, message, request.files.length);

		const thread = threads.create(parent, spec(request.body, ChannelType.PublicThread));
		const starter = messaging.create(thread, message, request.files, { author: botUser, messageId: thread.id });
		return created({ ...toAPIChannel(world, thread), message: starter });
	};

	const fromChannel = (request: RouteRequest) => {
		const parent = channelOf(request);
		if (parent.thread) throw errors.wrongChannelType();

		errors.assertNoIssues(nameIssues(request.body.name));
		if (FORUMS.has(parent.type)) return forumPost(parent, request);

		// Discord's documented default when no type is given is a private thread.
		const type = request.body.type === ChannelType.PublicThread ? ChannelType.PublicThread : ChannelType.PrivateThread;
		const needed = type === ChannelType.PublicThread ? P.CreatePublicThreads : P.CreatePrivateThreads;
		requirePermissions(world, parent, bot, P.ViewChannel | needed);

		const thread = threads.create(parent, spec(request.body, type));
		if (type === ChannelType.PublicThread) {
			// Discord announces a public thread started without a message in its parent.
			messaging.create(parent, { content: thread.name }, [], {
				author: botUser,
				type: MessageType.ThreadCreated,
				systemReference: { channel_id: thread.id, guild_id: parent.guildId ?? undefined },
			});
		}
		return created(toAPIChannel(world, thread));
	};

	const fromMessage = (request: RouteRequest) => {
		const parent = channelOf(request);
		const message = world.message(parent.id, request.params.messageId ?? '');
		errors.assertNoIssues(nameIssues(request.body.name));
		requirePermissions(world, parent, bot, P.ViewChannel | P.CreatePublicThreads);
		if (message.thread || world.channels.has(message.id)) throw errors.threadAlreadyCreated();

		const type =
			parent.type === ChannelType.GuildAnnouncement ? ChannelType.AnnouncementThread : ChannelType.PublicThread;
		const thread = threads.create(parent, { ...spec(request.body, type as NewThread['type']), id: message.id });
		message.thread = toAPIChannel(world, thread);
		message.flags = (message.flags ?? 0) | MessageFlags.HasThread;
		messaging.announceUpdate(message);
		return created(toAPIChannel(world, thread));
	};

	const memberOf = (thread: ChannelRecord, userId: string): APIThreadMember => ({
		id: thread.id,
		user_id: userId,
		join_timestamp: thread.thread?.createTimestamp ?? world.isoNow(),
		flags: 0 as ThreadMemberFlags,
	});

	const join = (request: RouteRequest) => {
		const thread = channelOf(request);
		const userId = request.params.userId ?? bot;
		const canManage = (channelPermissions(world, thread, bot) & P.ManageThreads) !== 0n;
		requirePermissions(world, thread, bot, P.ViewChannel | P.SendMessagesInThreads);
		const inviting = userId !== bot && thread.type === ChannelType.PrivateThread;
		if (inviting && !canManage && !thread.thread?.members.has(bot)) throw errors.missingAccess();

		threads.addMember(thread, userId);
		return noContent();
	};

	const leave = (request: RouteRequest) => {
		const thread = channelOf(request);
		const userId = request.params.userId ?? bot;
		if (userId !== bot) requirePermissions(world, thread, bot, P.ViewChannel | P.ManageThreads);
		threads.removeMember(thread, userId);
		return noContent();
	};

	const listMembers = (request: RouteRequest) => {
		const thread = channelOf(request);
		if (!thread.thread) throw errors.wrongChannelType();
		return ok([...thread.thread.members].map((userId) => memberOf(thread, userId)));
	};

	const getMember = (request: RouteRequest) => {
		const thread = channelOf(request);
		const userId = request.params.userId ?? '';
		if (!thread.thread?.members.has(userId)) throw errors.unknownMember();
		return ok(memberOf(thread, userId));
	};

	return [
		route('POST', '/channels/:channelId/threads', 'bot', fromChannel),
		route('POST', '/channels/:channelId/messages/:messageId/threads', 'bot', fromMessage),
		route('GET', '/channels/:channelId/thread-members', 'bot', listMembers),
		route('PUT', '/channels/:channelId/thread-members/@me', 'bot', join),
		route('DELETE', '/channels/:channelId/thread-members/@me', 'bot', leave),
		route('GET', '/channels/:channelId/thread-members/:userId', 'bot', getMember),
		route('PUT', '/channels/:channelId/thread-members/:userId', 'bot', join),
		route('DELETE', '/channels/:channelId/thread-members/:userId', 'bot', leave),
	];
}
