import { describe, expect, it } from 'vitest';
import { featureOf, rolesAllow, rolesLine } from '../../src/moderation/roles.js';

describe('featureOf', () => {
	it('files commands, context menus and their components under one feature', () => {
		expect(featureOf('imagine')).toBe('imagine');
		expect(featureOf('Speak')).toBe('tts');
		expect(featureOf('Upload to gallery')).toBe('gallery');
		expect(featureOf('upload-to-gallery')).toBe('gallery');
		expect(featureOf('character')).toBe('search');
		expect(featureOf('unfollow')).toBe('follow');
	});

	it('leaves setup, account, help and moderation tools to everyone', () => {
		for (const command of ['setup', 'account', 'help', 'report', 'Who prompted this?', 'Detect emotion']) {
			expect(featureOf(command)).toBeUndefined();
		}
	});
});

describe('rolesAllow', () => {
	it('lets everyone in when a feature has no rules, or empty ones', () => {
		expect(rolesAllow(undefined, [])).toBe(true);
		expect(rolesAllow({ allow: [], deny: [] }, ['1'])).toBe(true);
	});

	it('lets only the listed roles in once a role is allowed', () => {
		const rules = { allow: ['10', '11'], deny: [] };
		expect(rolesAllow(rules, ['11'])).toBe(true);
		expect(rolesAllow(rules, ['12'])).toBe(false);
		expect(rolesAllow(rules, [])).toBe(false);
	});

	it('keeps a denied role out, even when another of its roles is allowed', () => {
		const rules = { allow: ['10'], deny: ['20'] };
		expect(rolesAllow(rules, ['10', '20'])).toBe(false);
		expect(rolesAllow({ allow: [], deny: ['20'] }, ['30'])).toBe(true);
	});
});

describe('rolesLine', () => {
	it('says who may use a feature, with role mentions', () => {
		expect(rolesLine('chat', undefined)).toBe('chat: everyone.');
		expect(rolesLine('chat', { allow: ['1', '2'], deny: ['3'] })).toBe('chat: only <@&1>, <@&2> but not <@&3>.');
	});
});
