import type { BaseMessageOptions } from 'discord.js';
import { UserError } from '../discord/user-error.js';
import { creatorBlocked, NO_BLOCKS, type SearchBlocks, withoutBlocked } from '../moderation/blocks.js';
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

function hiddenTagsSentence(count: number): string {
	const projects = count === 1 ? '1 project has' : `${count} projects have`;
	return `${projects} a tag this server hides and ${count === 1 ? 'is' : 'are'} left out.`;
}

/**
 * A creator's profile and their top projects by downloads. NSFW projects are left out (and the
 * totals leave them out too) unless the channel allows them, and so are projects with a tag the
 * server hides; a creator the server hides is not shown at all.
 */
export async function profileMessage(
	rostro: RostroClient,
	name: string,
	channelAllowsNsfw: boolean,
	blocks: SearchBlocks = NO_BLOCKS,
): Promise<BaseMessageOptions> {
	const userName = name.trim().replace(/^@/, '');
	if (creatorBlocked(userName, blocks)) {
		throw new UserError('creator-hidden', `This server hides the creator ${plainLine(userName, 100)}.`);
	}

	const profile = await fetchProfile(rostro, userName);
	const allowed = withoutBlocked(profile.projects, blocks);
	const projects = visibleNodes(allowed, channelAllowsNsfw);
	const nsfwHidden = allowed.length - projects.length;
	const tagHidden = profile.projects.length - allowed.length;
	const top = [...projects].sort((a, b) => b.downloads - a.downloads).slice(0, TOP_PROJECTS);

	const header = top.length > 0 ? 'Top projects, most downloaded first:' : 'No projects to show here.';
	const notes = [
		...(nsfwHidden > 0 ? [hiddenSentence(nsfwHidden)] : []),
		...(tagHidden > 0 ? [hiddenTagsSentence(tagHidden)] : []),
	];
	const content = [header, ...notes].join('\n');
	return resultsMessage(content, top, [profileEmbed(profile, userName, projects)]);
}
