import { z } from 'zod';
import type { RequestOptions, RostroTransport } from '../http.js';
import { path } from '../path.js';
import { characterNodeSchema, flag, optionalText } from '../schemas.js';

const characterSchema = z
	.looseObject({ node: characterNodeSchema, is_favorite: flag, permissions: optionalText })
	.transform((body) => ({
		project: body.node.project,
		card: body.node.card,
		isFavorite: body.is_favorite,
		permissions: body.permissions,
	}));

/** A character project with its definition as a card-spec V2 card. */
export type Character = z.output<typeof characterSchema>;

/** One character with its full definition. */
export class CharactersResource {
	constructor(private readonly transport: RostroTransport) {}

	/** The character at `creator/slug`. */
	async get(creator: string, slug: string, options?: RequestOptions): Promise<Character> {
		return this.#fetch(path`/api/characters/${creator}/${slug}`, options);
	}

	/** The character with this project id. */
	async getById(projectId: number, options?: RequestOptions): Promise<Character> {
		return this.#fetch(path`/api/characters/${projectId}`, options);
	}

	#fetch(route: string, options: RequestOptions | undefined): Promise<Character> {
		return this.transport.request(
			{ method: 'GET', path: route, query: { full: true }, schema: characterSchema, retry: 'idempotent' },
			options,
		);
	}
}
