import { describe, expect, it } from 'vitest';
import {
	blockedTagAmong,
	creatorBlocked,
	hiddenBy,
	isBlocked,
	NO_BLOCKS,
	withoutBlocked,
} from '../../src/moderation/blocks.js';

const blocks = { creators: ['Creator_B'], tags: ['Horror'] };
const ari = { creator: 'creator_a', tags: ['Fantasy', 'Female'] };

describe('search blocks', () => {
	it('hides a blocked creator whatever the case', () => {
		expect(creatorBlocked('creator_b', blocks)).toBe(true);
		expect(isBlocked({ creator: 'CREATOR_B', tags: [] }, blocks)).toBe(true);
		expect(isBlocked(ari, blocks)).toBe(false);
	});

	it('hides a project carrying a blocked tag, matching whole tags only', () => {
		expect(blockedTagAmong(['Fantasy', 'horror'], blocks)).toBe('Horror');
		expect(isBlocked({ creator: 'creator_a', tags: ['Horror Comedy'] }, blocks)).toBe(false);
	});

	it('says what hides a project: its creator first, else the tag as the server blocked it', () => {
		expect(hiddenBy({ creator: 'creator_b', tags: ['horror'] }, blocks)).toEqual({ kind: 'user', name: 'creator_b' });
		expect(hiddenBy({ creator: 'creator_a', tags: ['HORROR'] }, blocks)).toEqual({ kind: 'tag', name: 'Horror' });
		expect(hiddenBy(ari, blocks)).toBeUndefined();
	});

	it('keeps everything, in order, when nothing is blocked', () => {
		const projects = [ari, { creator: 'creator_b', tags: ['Horror'] }];
		expect(withoutBlocked(projects, NO_BLOCKS)).toEqual(projects);
		expect(withoutBlocked(projects, blocks)).toEqual([ari]);
	});
});
