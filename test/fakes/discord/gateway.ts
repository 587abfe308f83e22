import type { IncomingMessage, Server } from 'node:http';
import { createDeflate, type Deflate, constants as zlibConstants } from 'node:zlib';
import {
	type APIUser,
	type ApplicationFlags,
	GatewayDispatchEvents,
	type GatewayGuildMembersChunkDispatchData,
	type GatewayIntentBits,
	GatewayOpcodes,
	type GatewayReadyDispatchData,
} from 'discord-api-types/v10';
import { type WebSocket, WebSocketServer } from 'ws';
import { shardOf } from './snowflake.js';
import { toAPIMember, toGuildCreate } from './state/serialize.js';
import type { World } from './state/world.js';

/** Long enough that heartbeats stay out of a test's way; the fake still ACKs every one. */
const HEARTBEAT_INTERVAL = 41_250; // ms
/** Dispatches kept per session for replay on RESUME. */
const BACKLOG = 1000;

/** A frame the client sent, recorded for assertions. */
export interface GatewayFrame {
	op: number;
	d: unknown;
	at: number;
}

/** A gateway session: survives its socket so the client can RESUME it. */
export interface GatewaySession {
	id: string;
	intents: number;
	shard: [id: number, count: number];
	seq: number;
	connection: Connection | null;
	backlog: { s: number; frame: string }[];
}

interface Connection {
	socket: WebSocket;
	/** One deflate context per socket, as Discord's `compress=zlib-stream` transport has. */
	deflate: Deflate | null;
	pending: Buffer[];
	queue: Promise<void>;
	session: GatewaySession | null;
}

/** Which sessions a dispatch is for: a guild's shard, and an intent the session asked for. */
export interface DispatchScope {
	guildId?: string | null;
	intent?: GatewayIntentBits;
}

/** The event data, or a function that tailors it per session (undefined skips that session). */
export type DispatchData<T> = T | ((session: GatewaySession) => T | undefined);

interface GatewayOptions {
	botToken: string;
	botUser: APIUser;
	url: string;
}

/**
 * The WebSocket gateway on `/gateway`: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeat ACKs,
 * RESUME → replay + RESUMED, member requests, and dispatches with increasing `s`.
 */
export class Gateway {
	/** Every frame clients sent, in order. */
	readonly received: GatewayFrame[] = [];
	/** Exceptions inside the gateway itself: a bug in the fake. */
	readonly internalErrors: Error[] = [];
	readonly sessions = new Map<string, GatewaySession>();
	identified = 0;
	resumed = 0;
	readonly #server: WebSocketServer;
	readonly #connections = new Set<Connection>();

	constructor(
		httpServer: Server,
		private readonly world: World,
		private readonly options: GatewayOptions,
	) {
		this.#server = new WebSocketServer({ server: httpServer, path: '/gateway' });
		this.#server.on('connection', (socket, request) => this.#accept(socket, request));
	}

	/** Sends an event to every session it is for; returns how many sessions got it. */
	dispatch<T>(event: string, data: DispatchData<T>, scope: DispatchScope = {}): number {
		let reached = 0;
		for (const session of this.sessions.values()) {
			if (!this.#wants(session, scope)) continue;

			const payload = typeof data === 'function' ? (data as (s: GatewaySession) => T | undefined)(session) : data;
			if (payload === undefined) continue;

			this.#dispatchTo(session, event, payload);
			reached += 1;
		}
		this.world.changes.notify();
		return reached;
	}

	/** Closes every open socket with the given code; sessions stay resumable unless it is 1000. */
	disconnect(code: number): void {
		for (const connection of this.#connections) {
			if (code === 1000 && connection.session) this.sessions.delete(connection.session.id);
			connection.socket.close(code, 'fake Discord disconnect');
		}
	}

	close(): Promise<void> {
		for (const connection of this.#connections) connection.socket.terminate();
		return new Promise((resolve) => this.#server.close(() => resolve()));
	}

	#wants(session: GatewaySession, scope: DispatchScope): boolean {
		if (scope.intent !== undefined && (session.intents & scope.intent) === 0) return false;

		const [shardId, shardCount] = session.shard;
		const target = scope.guildId ? shardOf(scope.guildId, shardCount) : 0;
		return target === shardId;
	}

	#accept(socket: WebSocket, request: IncomingMessage): void {
		const query = new URL(request.url ?? '/', 'http://fake.invalid').searchParams;
		const connection: Connection = {
			socket,
			deflate: query.get('compress') === 'zlib-stream' ? createDeflate() : null,
			pending: [],
			queue: Promise.resolve(),
			session: null,
		};
		connection.deflate?.on('data', (chunk: Buffer) => connection.pending.push(chunk));
		this.#connections.add(connection);

		socket.on('message', (data) => {
			try {
				this.#receive(connection, data.toString());
			} catch (error) {
				this.internalErrors.push(error as Error);
				socket.close(4000, 'fake Discord failed; see internalErrors');
			}
		});
		socket.on('close', (code) => this.#closed(connection, code));
		socket.on('error', () => socket.terminate());
		this.#send(connection, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: HEARTBEAT_INTERVAL } });
	}

	#closed(connection: Connection, code: number): void {
		this.#connections.delete(connection);
		const deflate = connection.deflate;
		if (deflate) connection.queue = connection.queue.then(() => deflate.close());
		const session = connection.session;
		// A session resumed on a newer socket no longer belongs to this one.
		if (!session || session.connection !== connection) return;

		session.connection = null;
		// A client that closes with 1000/1001 ends its session, as Discord does.
		if (code === 1000 || code === 1001) this.sessions.delete(session.id);
	}

	#receive(connection: Connection, text: string): void {
		let frame: { op: number; d: unknown };
		try {
			frame = JSON.parse(text);
		} catch {
			connection.socket.close(4002, 'Error while decoding payload.');
			return;
		}
		this.received.push({ op: frame.op, d: frame.d, at: this.world.now() });

		switch (frame.op) {
			case GatewayOpcodes.Heartbeat:
				this.#send(connection, { op: GatewayOpcodes.HeartbeatAck });
				break;
			case GatewayOpcodes.Identify:
				this.#identify(connection, frame.d as IdentifyData);
				break;
			case GatewayOpcodes.Resume:
				this.#resume(connection, frame.d as ResumeData);
				break;
			case GatewayOpcodes.RequestGuildMembers:
				this.#requestMembers(connection, frame.d as MemberRequest);
				break;
			default:
				// Presence and voice updates change nothing the fake models.
				break;
		}
		this.world.changes.notify();
	}

	#identify(connection: Connection, data: IdentifyData): void {
		if (data?.token !== this.options.botToken) {
			connection.socket.close(4004, 'Authentication failed.');
			return;
		}

		const session: GatewaySession = {
			id: this.world.ids.next(),
			intents: data.intents ?? 0,
			shard: data.shard ?? [0, 1],
			seq: 0,
			connection,
			backlog: [],
		};
		connection.session = session;
		this.sessions.set(session.id, session);

		const guilds = [...this.world.guilds.values()].filter((guild) => this.#wants(session, { guildId: guild.id }));
		const ready: GatewayReadyDispatchData = {
			v: 10,
			user: this.options.botUser,
			guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
			session_id: session.id,
			resume_gateway_url: this.options.url,
			shard: session.shard,
			application: { id: this.world.applicationId, flags: 0 as ApplicationFlags, flags_new: '0' },
		};
		this.#dispatchTo(session, GatewayDispatchEvents.Ready, ready);
		for (const guild of guilds) {
			this.#dispatchTo(session, GatewayDispatchEvents.GuildCreate, toGuildCreate(this.world, guild));
		}
		this.identified += 1;
	}

	#resume(connection: Connection, data: ResumeData): void {
		const session = this.sessions.get(data?.session_id);
		if (data?.token !== this.options.botToken) {
			connection.socket.close(4004, 'Authentication failed.');
			return;
		}
		if (!session) {
			this.#send(connection, { op: GatewayOpcodes.InvalidSession, d: false });
			return;
		}

		session.connection?.socket.close(4000, 'Session resumed elsewhere');
		session.connection = connection;
		connection.session = session;
		for (const entry of session.backlog) {
			if (entry.s > data.seq) this.#sendRaw(connection, entry.frame);
		}
		this.#dispatchTo(session, GatewayDispatchEvents.Resumed, null);
		this.resumed += 1;
	}

	#requestMembers(connection: Connection, request: MemberRequest): void {
		const session = connection.session;
		const guild = request?.guild_id ? this.world.guilds.get(request.guild_id) : undefined;
		if (!session || !guild) return;

		const ids = request.user_ids ? new Set([request.user_ids].flat()) : null;
		const query = (request.query ?? '').toLowerCase();
		const members = [...guild.members.values()]
			.filter((member) => !ids || ids.has(member.userId))
			.filter((member) => this.world.users.get(member.userId)?.username.toLowerCase().startsWith(query))
			.slice(0, request.limit || undefined)
			.map((member) => toAPIMember(this.world, member));
		const chunk: GatewayGuildMembersChunkDispatchData = {
			guild_id: guild.id,
			members,
			chunk_index: 0,
			chunk_count: 1,
			...(request.nonce ? { nonce: request.nonce } : {}),
		};
		this.#dispatchTo(session, GatewayDispatchEvents.GuildMembersChunk, chunk);
	}

	#dispatchTo(session: GatewaySession, event: string, data: unknown): void {
		session.seq += 1;
		const frame = JSON.stringify({ op: GatewayOpcodes.Dispatch, t: event, s: session.seq, d: data });
		session.backlog.push({ s: session.seq, frame });
		if (session.backlog.length > BACKLOG) session.backlog.shift();
		if (session.connection) this.#sendRaw(session.connection, frame);
	}

	#send(connection: Connection, payload: { op: number; d?: unknown }): void {
		this.#sendRaw(connection, JSON.stringify({ op: payload.op, d: payload.d ?? null, s: null, t: null }));
	}

	/** Sends in order; with zlib-stream each packet goes through the socket's deflate context. */
	#sendRaw(connection: Connection, frame: string): void {
		const { socket, deflate } = connection;
		if (!deflate) {
			if (socket.readyState === socket.OPEN) socket.send(frame);
			return;
		}

		connection.queue = connection.queue
			.then(() => this.#sendDeflated(connection, deflate, frame))
			.catch((error: Error) => {
				this.internalErrors.push(error);
			});
	}

	/** One zlib-stream packet: the frame deflated in the shared context, ending in a Z_SYNC_FLUSH. */
	#sendDeflated({ socket, pending }: Connection, deflate: Deflate, frame: string): Promise<void> {
		return new Promise((resolve) => {
			if (socket.readyState !== socket.OPEN) return resolve();

			deflate.write(frame);
			deflate.flush(zlibConstants.Z_SYNC_FLUSH, () => {
				const packet = Buffer.concat(pending.splice(0));
				if (socket.readyState === socket.OPEN) socket.send(packet);
				resolve();
			});
		});
	}
}

interface IdentifyData {
	token: string;
	intents?: number;
	shard?: [number, number];
}

interface ResumeData {
	token: string;
	session_id: string;
	seq: number;
}

interface MemberRequest {
	guild_id: string;
	query?: string;
	limit?: number;
	user_ids?: string | string[];
	nonce?: string;
}
