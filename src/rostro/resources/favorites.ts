import type { RequestOptions, RostroTransport } from '../http.js';
import { path } from '../path.js';
import { ignoredBody } from '../schemas.js';

/** The token's account's favorite projects. */
export class FavoritesResource {
	constructor(private readonly transport: RostroTransport) {}

	/** Marks a project as a favorite. */
	async add(projectId: number, options?: RequestOptions): Promise<void> {
		return this.#change('POST', projectId, options);
	}

	/** Removes a project from the favorites. */
	async remove(projectId: number, options?: RequestOptions): Promise<void> {
		return this.#change('DELETE', projectId, options);
	}

	#change(method: 'POST' | 'DELETE', projectId: number, options: RequestOptions | undefined): Promise<void> {
		return this.transport.request(
			{ method, path: path`/api/favorites/${projectId}`, body: {}, schema: ignoredBody, retry: 'never' },
			options,
		);
	}
}
