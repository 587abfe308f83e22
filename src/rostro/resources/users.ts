import { z } from 'zod';
import type { RequestOptions, RostroTransport } from '../http.js';
import { path } from '../path.js';
import { optionalText, projectNodeSchema, text } from '../schemas.js';

const profileSchema = z
	.looseObject({
		user_name: optionalText,
		username: optionalText,
		avatar_url: optionalText,
		bio: text,
		projects: z.looseObject({ nodes: z.array(projectNodeSchema) }).nullish(),
	})
	.transform((profile) => ({
		userName: profile.user_name ?? profile.username,
		avatarUrl: profile.avatar_url,
		bio: profile.bio,
		/** Empty unless asked for with `includeProjects`. */
		projects: profile.projects?.nodes ?? [],
	}));

/** A member's public profile. */
export type UserProfile = z.output<typeof profileSchema>;

export interface ProfileQuery {
	/** Also list the member's projects. */
	includeProjects?: boolean;
}

/** Members' public profiles. */
export class UsersResource {
	constructor(private readonly transport: RostroTransport) {}

	/** The profile of the member named `userName`. */
	async profile(userName: string, query: ProfileQuery = {}, options?: RequestOptions): Promise<UserProfile> {
		return this.transport.request(
			{
				method: 'GET',
				path: path`/api/users/${userName}`,
				query: { include_projects: query.includeProjects },
				schema: profileSchema,
				retry: 'idempotent',
			},
			options,
		);
	}
}
