import type { RequestOptions, RostroTransport } from '../http.js';
import { path } from '../path.js';
import { ignoredBody } from '../schemas.js';

/** What an account can hide from its own search results. */
export type BlockKind = 'user' | 'tag';

/** Reports and blocks. */
export class ModerationResource {
	constructor(private readonly transport: RostroTransport) {}

	/** Reports a project to Rostro's moderators. */
	report(projectId: number, reason: string, options?: RequestOptions): Promise<void> {
		return this.transport.request(
			{
				method: 'POST',
				path: '/api/reports',
				body: { project_id: projectId, reason },
				schema: ignoredBody,
				retry: 'never',
			},
			options,
		);
	}

	/** Hides a member or a tag from the token's account's searches. */
	async block(kind: BlockKind, name: string, options?: RequestOptions): Promise<void> {
		return this.#change('POST', kind, name, options);
	}

	/** Shows a blocked member or tag again. */
	async unblock(kind: BlockKind, name: string, options?: RequestOptions): Promise<void> {
		return this.#change('DELETE', kind, name, options);
	}

	#change(method: 'POST' | 'DELETE', kind: BlockKind, name: string, options: RequestOptions | undefined) {
		return this.transport.request(
			{ method, path: path`/api/account/block/${kind}/${name}`, schema: ignoredBody, retry: 'never' },
			options,
		);
	}
}
