import { z } from 'zod';
import type { RequestOptions, RostroTransport } from '../http.js';
import { optionalNumber, text } from '../schemas.js';

const loreSchema = z
	.looseObject({
		results: z.array(
			z.looseObject({
				content: text,
				score: optionalNumber,
				metadata: z
					.record(z.string(), z.unknown())
					.nullish()
					.transform((value) => value ?? {}),
			}),
		),
	})
	.transform((body) =>
		body.results.map((result) => ({ content: result.content, score: result.score, metadata: result.metadata })),
	);

/** A passage of lore matching a query. */
export type LoreResult = z.output<typeof loreSchema>[number];

/** Lore retrieval, an enrichment for chats: callers go on without it when it fails. */
export class LoreResource {
	constructor(private readonly transport: RostroTransport) {}

	/** Up to `limit` passages of lore matching `query`, best first. */
	query(query: string, limit?: number, options?: RequestOptions): Promise<LoreResult[]> {
		return this.transport.request(
			{ method: 'POST', path: '/lore', body: { query, limit }, schema: loreSchema, retry: 'idempotent' },
			options,
		);
	}
}
