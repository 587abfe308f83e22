import {
	ChannelType,
	GatewayDispatchEvents,
	GatewayIntentBits,
	PermissionFlagsBits,
	type ThreadAutoArchiveDuration,
} from 'discord-api-types/v10';
import * as errors from './errors.js';
import type { Gateway } from './gateway.js';
import { channelPermissions } from './permissions.js';
import { addChannel, newThreadState } from './state/seed.js';
import { toAPIChannel } from './state/serialize.js';
import type { ChannelRecord, World } from './state/world.js';

export interface NewThread {
	/** Threads started from a message take the message's id, as on Discord. */
	id?: string;
	name: string;
	type: ChannelType.PublicThread | ChannelType.PrivateThread;
	ownerId: string;
	autoArchiveDuration?: ThreadAutoArchiveDuration;
	invitable?: boolean;
	rateLimitPerUser?: number;
	appliedTags?: string[];
}

/** Parents that can hold threads. */
const THREAD_PARENTS = new Set<ChannelType>([
	ChannelType.GuildText,
	ChannelType.GuildAnnouncement,
	ChannelType.GuildForum,
	ChannelType.GuildMedia,
]);

/** Thread lifecycle: create, update (archive, lock, rename), membership, with gateway echoes. */
export class Threads {
	constructor(
		private readonly world: World,
		private readonly gateway: Gateway,
	) {}

	create(parent: ChannelRecord, spec: NewThread): ChannelRecord {
		if (!THREAD_PARENTS.has(parent.type) || !parent.guildId) throw errors.wrongChannelType();

		const thread = addChannel(this.world, parent.guildId, {
			...(spec.id ? { id: spec.id } : {}),
			type: spec.type,
			name: spec.name,
			parentId: parent.id,
			rateLimitPerUser: spec.rateLimitPerUser ?? 0,
			thread: newThreadState(this.world, spec.ownerId, spec.autoArchiveDuration),
		});
		if (thread.thread) {
			thread.thread.invitable = spec.invitable ?? true;
			thread.thread.appliedTags = spec.appliedTags ?? [];
		}

		this.#dispatch(GatewayDispatchEvents.ThreadCreate, thread, { newly_created: true });
		return thread;
	}

	/** Applies a PATCH to a thread, as its owner or a member with Manage Threads may. */
	update(thread: ChannelRecord, changes: Record<string, unknown>, actorId: string): ChannelRecord {
		const state = thread.thread;
		if (!state) throw errors.wrongChannelType();

		const canManage = (channelPermissions(this.world, thread, actorId) & PermissionFlagsBits.ManageThreads) !== 0n;
		const touchesLock = 'locked' in changes && changes.locked !== state.locked;
		if (!canManage && (touchesLock || state.ownerId !== actorId)) throw errors.missingPermissions();

		const staysArchived = state.archived && changes.archived !== false;
		if (staysArchived && Object.keys(changes).some((key) => key !== 'archived' && key !== 'locked')) {
			throw errors.threadArchived();
		}

		if (typeof changes.name === 'string') thread.name = changes.name;
		if (typeof changes.rate_limit_per_user === 'number') thread.rateLimitPerUser = changes.rate_limit_per_user;
		if (typeof changes.locked === 'boolean') state.locked = changes.locked;
		if (typeof changes.invitable === 'boolean') state.invitable = changes.invitable;
		if (typeof changes.auto_archive_duration === 'number') {
			state.autoArchiveDuration = changes.auto_archive_duration as ThreadAutoArchiveDuration;
		}
		if (Array.isArray(changes.applied_tags)) state.appliedTags = changes.applied_tags.map(String);
		if (typeof changes.archived === 'boolean' && changes.archived !== state.archived) {
			state.archived = changes.archived;
			state.archiveTimestamp = this.world.isoNow();
		}

		this.#dispatch(GatewayDispatchEvents.ThreadUpdate, thread);
		return thread;
	}

	/**
	 * Before a post: an archived thread reopens by itself, as Discord does when someone speaks
	 * in it, unless it is also locked.
	 */
	reopenForPost(thread: ChannelRecord): void {
		const state = thread.thread;
		if (!state?.archived) return;
		if (state.locked) throw errors.threadArchived();

		state.archived = false;
		state.archiveTimestamp = this.world.isoNow();
		this.#dispatch(GatewayDispatchEvents.ThreadUpdate, thread);
	}

	addMember(thread: ChannelRecord, userId: string): void {
		const state = thread.thread;
		if (!state) throw errors.wrongChannelType();
		if (state.archived) throw errors.threadArchived();
		if (!thread.guildId || !this.world.guild(thread.guildId).members.has(userId)) throw errors.unknownMember();

		state.members.add(userId);
		this.world.changes.notify();
	}

	removeMember(thread: ChannelRecord, userId: string): void {
		if (!thread.thread) throw errors.wrongChannelType();

		thread.thread.members.delete(userId);
		this.world.changes.notify();
	}

	remove(thread: ChannelRecord): void {
		this.world.channels.delete(thread.id);
		const data = { id: thread.id, guild_id: thread.guildId, parent_id: thread.parentId, type: thread.type };
		this.gateway.dispatch(GatewayDispatchEvents.ThreadDelete, data, this.#scope(thread));
	}

	#scope(thread: ChannelRecord) {
		return { guildId: thread.guildId, intent: GatewayIntentBits.Guilds };
	}

	#dispatch(event: GatewayDispatchEvents, thread: ChannelRecord, extra: Record<string, unknown> = {}): void {
		this.gateway.dispatch(event, { ...toAPIChannel(this.world, thread), ...extra }, this.#scope(thread));
	}
}
