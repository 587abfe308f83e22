import { type Logger, silentLogger } from '../log.js';
import { defaultTimeouts, type RostroTimeouts, RostroTransport } from './http.js';
import { AccountResource } from './resources/account.js';
import { CharactersResource } from './resources/characters.js';
import { ChatResource } from './resources/chat.js';
import { EmotionResource } from './resources/emotion.js';
import { FavoritesResource } from './resources/favorites.js';
import { FollowResource } from './resources/follow.js';
import { GalleryResource } from './resources/gallery.js';
import { ImagesResource } from './resources/images.js';
import { ImagineResource } from './resources/imagine.js';
import { LoreResource } from './resources/lore.js';
import { ModerationResource } from './resources/moderation.js';
import { ProjectsResource } from './resources/projects.js';
import { SearchResource } from './resources/search.js';
import { SttResource } from './resources/stt.js';
import { TtsResource } from './resources/tts.js';
import { UsersResource } from './resources/users.js';
import { defaultRetrySettings, type RetrySettings } from './retry.js';

export * from './errors.js';
export type { QueryValue, RequestOptions, RostroTimeouts } from './http.js';
export { defaultTimeouts } from './http.js';
export type { Page, PagePosition } from './pagination.js';
export { PageWalk } from './pagination.js';
export { encodeSegment, path } from './path.js';
export type { Account, AccountSelf } from './resources/account.js';
export type { Character } from './resources/characters.js';
export type { ChatCompletion, ChatMessage, ChatModel, ChatRequest } from './resources/chat.js';
export { ChatStream } from './resources/chat.js';
export type { DetectedEmotion } from './resources/emotion.js';
export type { TimelineQuery } from './resources/follow.js';
export type { GalleryImage, GalleryQuery, GalleryUpload, GalleryUploadResult } from './resources/gallery.js';
export type { Img2ImgRequest, UpscaleRequest } from './resources/images.js';
export type {
	GenerationType,
	ImagineCreateOptions,
	ImagineDeletion,
	ImagineHistoryQuery,
	ImagineRequest,
} from './resources/imagine.js';
export type { LoreResult } from './resources/lore.js';
export type { BlockKind } from './resources/moderation.js';
export type { SimilarQuery } from './resources/projects.js';
export type { MiniNode, SearchQuery, SearchSort, Tag } from './resources/search.js';
export { searchSorts } from './resources/search.js';
export type { Transcription } from './resources/stt.js';
export type { SpeakRequest, Voice } from './resources/tts.js';
export type { ProfileQuery, UserProfile } from './resources/users.js';
export type { RetrySettings } from './retry.js';
export { defaultRetrySettings } from './retry.js';
export type { CharacterBook, CharacterBookEntry, CharacterCard, ImagineJob, Member, ProjectNode } from './schemas.js';
export { stripThinking, ThinkFilter } from './think.js';

/** Where Rostro is and how patient to be with it. */
export interface RostroClientOptions {
	/** The main API, e.g. `https://api.rostro.dev`. */
	apiUrl: string;
	/** The OpenAI mimic, e.g. `https://api.rostro.dev/v1`. */
	inferenceUrl: string;
	/** Receives method, path, status, duration and retry decisions; never tokens or prompts. Silent by default. */
	logger?: Logger;
	timeouts?: Partial<RostroTimeouts>;
	retry?: Partial<RetrySettings>;
}

/**
 * The typed Rostro API client. It holds no token of its own: pass `{ token }` as the last
 * argument of a call, or bind one with `withToken`.
 */
export class RostroClient {
	readonly account: AccountResource;
	readonly search: SearchResource;
	readonly characters: CharactersResource;
	readonly users: UsersResource;
	readonly chat: ChatResource;
	readonly imagine: ImagineResource;
	readonly images: ImagesResource;
	readonly tts: TtsResource;
	readonly stt: SttResource;
	readonly gallery: GalleryResource;
	readonly follow: FollowResource;
	readonly favorites: FavoritesResource;
	readonly projects: ProjectsResource;
	readonly lore: LoreResource;
	readonly emotion: EmotionResource;
	readonly moderation: ModerationResource;
	readonly #transport: RostroTransport;
	readonly #options: RostroClientOptions;

	/** @param transport internal: the shared transport of a client made by `withToken`. */
	constructor(options: RostroClientOptions, transport?: RostroTransport) {
		this.#transport = transport ?? new RostroTransport(settingsFrom(options));
		this.account = new AccountResource(this.#transport);
		this.search = new SearchResource(this.#transport);
		this.characters = new CharactersResource(this.#transport);
		this.users = new UsersResource(this.#transport);
		this.chat = new ChatResource(this.#transport);
		this.imagine = new ImagineResource(this.#transport);
		this.images = new ImagesResource(this.#transport);
		this.tts = new TtsResource(this.#transport);
		this.stt = new SttResource(this.#transport);
		this.gallery = new GalleryResource(this.#transport);
		this.follow = new FollowResource(this.#transport);
		this.favorites = new FavoritesResource(this.#transport);
		this.projects = new ProjectsResource(this.#transport);
		this.lore = new LoreResource(this.#transport);
		this.emotion = new EmotionResource(this.#transport);
		this.moderation = new ModerationResource(this.#transport);
		this.#options = options;
	}

	/** A client acting as `token` that shares settings, logger and connections with this one. */
	withToken(token: string): RostroClient {
		return new RostroClient(this.#options, this.#transport.withToken(token));
	}
}

function settingsFrom(options: RostroClientOptions) {
	return {
		apiUrl: withoutTrailingSlash(options.apiUrl),
		inferenceUrl: withoutTrailingSlash(options.inferenceUrl),
		logger: options.logger ?? silentLogger,
		timeouts: { ...defaultTimeouts, ...options.timeouts },
		retry: { ...defaultRetrySettings, ...options.retry },
	};
}

function withoutTrailingSlash(url: string): string {
	return url.replace(/\/+$/, '');
}
