import type { RequestOptions, RostroTransport } from '../http.js';
import { path } from '../path.js';
import { nodeListSchema, type ProjectNode, projectNodeSchema } from '../schemas.js';

export interface SimilarQuery {
	/** Include NSFW projects; left out by default. */
	nsfw?: boolean;
	/** Include NSFL projects; left out by default. */
	nsfl?: boolean;
}

/** Projects in general, whatever their kind. */
export class ProjectsResource {
	constructor(private readonly transport: RostroTransport) {}

	/** Projects like this one, as Rostro recommends them. */
	async similar(projectId: number, query: SimilarQuery = {}, options?: RequestOptions): Promise<ProjectNode[]> {
		// The route takes exclusion flags as path segments: /{id}/{no_nsfl}/{no_nsfw}.
		const noNsfl = String(!query.nsfl);
		const noNsfw = String(!query.nsfw);
		return this.transport.request(
			{
				method: 'GET',
				path: path`/api/projects/similar/${projectId}/${noNsfl}/${noNsfw}`,
				schema: nodeListSchema(projectNodeSchema),
				retry: 'idempotent',
			},
			options,
		);
	}
}
