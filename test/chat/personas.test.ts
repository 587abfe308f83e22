import { describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.js';
import {
	heardTurns,
	personaOf,
	RECENT_SPEAKER_TURNS,
	recentSpeakers,
	replyPeople,
	sayLine,
} from '../../src/chat/personas.js';
import type { Turn } from '../../src/chat/session.js';
import type { MemberSettings } from '../../src/store/index.js';

const GUILD = 'guild-1';
const OTHER_GUILD = 'guild-2';
const wren = { name: 'Wren', description: 'A courier with a limp.' };
const kai = { name: 'Kai', description: 'A smuggler.' };

/** A store whose members are these settings, by user id. */
function withMembers(members: Record<string, MemberSettings>): Pick<AppContext, 'store'> {
	const store = { members: { get: async (userId: string) => members[userId] } };
	return { store } as unknown as Pick<AppContext, 'store'>;
}

const ctx = withMembers({
	rando: { personas: { [GUILD]: wren } },
	mod: { personas: { [OTHER_GUILD]: kai } },
	cat: { personas: { [GUILD]: kai } },
});

function said(userId: string, speaker: string, text = 'hi'): Turn {
	return { role: 'user', speaker, userId, text };
}

function replied(text = 'Hello.'): Turn {
	return { role: 'assistant', speaker: 'Ari', text };
}

describe('personaOf', () => {
	it('finds the persona a member set for this server, and none for another server', async () => {
		expect(await personaOf(ctx, GUILD, 'rando')).toEqual(wren);
		expect(await personaOf(ctx, GUILD, 'mod')).toBeUndefined();
		expect(await personaOf(ctx, GUILD, 'stranger')).toBeUndefined();
	});
});

describe('heardTurns', () => {
	it('stores each line under the persona name of its member in this server, else the display name', async () => {
		const lines = [
			{ userId: 'rando', displayName: 'Rando', text: 'hi' },
			{ userId: 'mod', displayName: 'Modestine', text: 'hello' },
		];

		expect(await heardTurns(ctx, GUILD, lines)).toEqual([
			{ role: 'user', speaker: 'Wren', userId: 'rando', text: 'hi' },
			{ role: 'user', speaker: 'Modestine', userId: 'mod', text: 'hello' },
		]);
	});
});

describe('recentSpeakers', () => {
	it('lists the other members of the recent turns once each, most recent first', () => {
		const history = [
			said('cat', 'Kai'),
			replied(),
			said('mod', 'Modestine'),
			said('cat', 'Kai'),
			said('rando', 'Wren'),
		];

		expect(recentSpeakers(history, 'rando')).toEqual([
			{ userId: 'cat', name: 'Kai' },
			{ userId: 'mod', name: 'Modestine' },
		]);
	});

	it('forgets members who last spoke before the recent turns', () => {
		const quiet = Array.from({ length: RECENT_SPEAKER_TURNS }, () => replied());

		expect(recentSpeakers([said('cat', 'Kai'), ...quiet])).toEqual([]);
	});
});

describe('replyPeople', () => {
	it('answers the member who spoke the newest line, under that line’s name, with their persona', async () => {
		const history = [said('rando', 'Wren'), said('mod', 'Modestine')];
		const people = await replyPeople(ctx, GUILD, history, 'mod');

		expect(people.speaker).toEqual({ displayName: 'Modestine', persona: undefined });
		expect(people.others).toEqual([wren]);
	});

	it('answers the member whose line is regenerated, not the member who pressed the button', async () => {
		const history = [said('rando', 'Wren'), replied()];
		const people = await replyPeople(ctx, GUILD, history, 'mod');

		expect(people.speaker).toEqual({ displayName: 'Wren', persona: wren });
		expect(people.others).toEqual([]);
	});

	it('keeps older lines’ names: a persona set later describes nobody on them', async () => {
		const history = [said('cat', 'Catriona'), said('rando', 'Rando')];
		const people = await replyPeople(ctx, GUILD, history, 'rando');

		expect(people.speaker).toEqual({ displayName: 'Rando', persona: undefined });
		expect(people.others).toEqual([]);
	});

	it('falls back on the persona of who asked when no member has spoken yet', async () => {
		const people = await replyPeople(ctx, GUILD, [replied()], 'rando');

		expect(people.speaker).toEqual({ displayName: 'Wren', persona: wren });
	});
});

describe('sayLine', () => {
	it('shows the persona name in bold and the display name in small text below', () => {
		expect(sayLine('Rando', 'hi', wren)).toBe('**Wren**: hi\n-# played by Rando');
	});

	it('shows the display name alone without a persona, or when the persona has the same name', () => {
		expect(sayLine('Rando', 'hi', undefined)).toBe('**Rando**: hi');
		expect(sayLine('Wren', 'hi', wren)).toBe('**Wren**: hi');
	});

	it('escapes names, pings nobody and fits one message with the byline kept', () => {
		const line = sayLine('*Ran*do', `@everyone ${'😀'.repeat(1_500)}`, { name: '__W__', description: '' });

		expect(line.startsWith('**\\_\\_W\\_\\_**: @\u200beveryone')).toBe(true);
		expect(line.endsWith('\n-# played by \\*Ran\\*do')).toBe(true);
		expect(line.length).toBeLessThanOrEqual(2_000);
		expect(line).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
	});

	it('ends a line cut to fit with "…", before the byline', () => {
		const cut = sayLine('Rando', 'a'.repeat(2_000), wren);
		expect(cut).toHaveLength(2_000);
		expect(cut.endsWith('a…\n-# played by Rando')).toBe(true);

		const plainCut = sayLine('Rando', 'b'.repeat(2_000), undefined);
		expect(plainCut).toHaveLength(2_000);
		expect(plainCut.endsWith('b…')).toBe(true);
		expect(sayLine('Rando', 'c'.repeat(1_989), undefined)).toBe(`**Rando**: ${'c'.repeat(1_989)}`);
	});
});
