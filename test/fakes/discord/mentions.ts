import { AllowedMentionsTypes, type APIAllowedMentions, type APIUser } from 'discord-api-types/v10';
import type { World } from './state/world.js';

/** Who a message actually pings, as Discord works it out from content and `allowed_mentions`. */
export interface ResolvedMentions {
	mentions: APIUser[];
	mention_roles: string[];
	mention_everyone: boolean;
}

export interface MentionSource {
	content: string;
	/** Undefined when the sender gave none: then Discord parses everything. */
	allowed: APIAllowedMentions | undefined;
	guildId: string | null;
	/** May ping @everyone and unmentionable roles (a webhook, or a member with Mention Everyone). */
	canMentionEveryone: boolean;
	/** The author of the message replied to, pinged unless `replied_user` is false. */
	repliedUser?: APIUser;
}

function matches(content: string, pattern: RegExp): string[] {
	return [...content.matchAll(pattern)].flatMap((match) => (match[1] ? [match[1]] : []));
}

/** Works out the pings of a message the way Discord does. */
export function resolveMentions(world: World, source: MentionSource): ResolvedMentions {
	const { content, allowed, guildId } = source;
	const parse = new Set(allowed ? (allowed.parse ?? []) : Object.values(AllowedMentionsTypes));
	const allowedUsers = new Set(allowed?.users ?? []);
	const allowedRoles = new Set(allowed?.roles ?? []);

	const userIds = new Set(
		matches(content, /<@!?(\d+)>/g).filter((id) => parse.has(AllowedMentionsTypes.User) || allowedUsers.has(id)),
	);
	const repliedPings = allowed ? allowed.replied_user === true : true;
	if (source.repliedUser && repliedPings) userIds.add(source.repliedUser.id);

	const guild = guildId ? world.guilds.get(guildId) : undefined;
	const roleIds = matches(content, /<@&(\d+)>/g).filter((id) => {
		const role = guild?.roles.get(id);
		if (!role || !(parse.has(AllowedMentionsTypes.Role) || allowedRoles.has(id))) return false;
		return role.mentionable || source.canMentionEveryone;
	});

	const everyone =
		guild !== undefined &&
		/@(everyone|here)\b/.test(content) &&
		parse.has(AllowedMentionsTypes.Everyone) &&
		source.canMentionEveryone;

	return {
		mentions: [...userIds].flatMap((id) => world.users.get(id) ?? []),
		mention_roles: [...new Set(roleIds)],
		mention_everyone: everyone,
	};
}
