import type { BaseMessageOptions } from 'discord.js';
import { UserError } from '../discord/user-error.js';
import { type RostroClient, RostroNotFoundError, type UserProfile } from '../rostro/index.js';
import { profileEmbed } from './embeds.js';
import { hiddenSentence } from './following.js';
import { resultsMessage, visibleNodes } from './results.js';
import { plainLine } from './text.js';

/** How many of a creator's projects the profile shows, most downloaded first. */
export const TOP_PROJECTS = 5;

async function fetchProfile(rostro: RostroClient, userName: string): Promise<UserProfile> {
	try {
		return await rostro.users.profile(userName, { includeProjects: true });
	} catch (error) {
		if (!(error instanceof RostroNotFoundError)) throw error;
		throw new UserError('creator-unknown', `Rostro has no creator called ${plainLine(userName, 100)}.`);
	}
}

/**
 * A creator's profile and their top projects by downloads. NSFW projects are left out (and the
 * totals leave them out too) unless the channel allows them.
 */
export async function profileMessage(
	rostro: RostroClient,
	name: string,
	channelAllowsNsfw: boolean,
): Promise<BaseMessageOptions> {
	const userName = name.trim().replace(/^@/, '');
	const profile = await fetchProfile(rostro, userName);
	const projects = visibleNodes(profile.projects, channelAllowsNsfw);
	const hidden = profile.projects.length - projects.length;
	const top = [...projects].sort((a, b) => b.downloads - a.downloads).slice(0, TOP_PROJECTS);

	const header = top.length > 0 ? 'Top projects, most downloaded first:' : 'No projects to show here.';
	const note = hidden > 0 ? `\n${hiddenSentence(hidden)}` : '';
	return resultsMessage(header + note, top, [profileEmbed(profile, userName, projects)]);
}
