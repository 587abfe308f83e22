import { describe, expect, it } from 'vitest';
import { neutralizeMentions, pendingMentionLength } from '../../src/discord/mentions.js';

/** What Discord parses as a ping in message content. */
const DISCORD_PING = /@(everyone|here)|<@[!&]?\d+>/;

describe('neutralizeMentions', () => {
	it('stops @everyone and @here from pinging, in any case', () => {
		for (const text of ['@everyone look', 'hey @here!', '@Everyone', '(@HERE)']) {
			const safe = neutralizeMentions(text);
			expect(safe).not.toMatch(new RegExp(DISCORD_PING, 'i'));
			expect(safe.replaceAll('\u200b', '')).toBe(text);
		}
	});

	it('stops user, nickname and role mentions from parsing', () => {
		const text = 'thanks <@123456789012345678>, <@!42> and <@&456>';
		const safe = neutralizeMentions(text);
		expect(safe).not.toMatch(DISCORD_PING);
		expect(safe).toBe('thanks <@\u200b123456789012345678>, <@\u200b!42> and <@\u200b&456>');
	});

	it('leaves text that pings nobody as it is', () => {
		for (const text of ['mail a@b.com', '@alice said hi', 'email@everywhere.org', '<#123> and </help:1>', '@ here']) {
			expect(neutralizeMentions(text)).toBe(text);
		}
	});

	it('changes nothing the second time', () => {
		const once = neutralizeMentions('@everyone <@1> @here');
		expect(neutralizeMentions(once)).toBe(once);
	});
});

describe('pendingMentionLength', () => {
	it('holds back an @ that more text could still turn into a ping', () => {
		expect(pendingMentionLength('hello @')).toBe(1);
		expect(pendingMentionLength('hello @every')).toBe(6);
		expect(pendingMentionLength('hello @HE')).toBe(3);
		expect(pendingMentionLength('hi <@')).toBe(1);
		expect(pendingMentionLength('hi <@!')).toBe(2);
		expect(pendingMentionLength('hi <@&')).toBe(2);
	});

	it('releases text once it is decided either way', () => {
		expect(pendingMentionLength('hello')).toBe(0);
		expect(pendingMentionLength('hello @everyone')).toBe(0);
		expect(pendingMentionLength('hello @evening')).toBe(0);
		expect(pendingMentionLength('hi <@1')).toBe(0);
		expect(pendingMentionLength('a@b')).toBe(0);
	});

	it('makes streamed text come out the same as the whole text would', () => {
		const text = 'Ping @everyone, then <@!77> and @here; mail x@y.z and @hero.';
		for (let size = 1; size <= 7; size++) {
			let shown = '';
			let pending = '';
			for (let at = 0; at < text.length; at += size) {
				pending += text.slice(at, at + size);
				const ready = pending.slice(0, pending.length - pendingMentionLength(pending));
				shown += neutralizeMentions(ready);
				pending = pending.slice(ready.length);
			}
			shown += neutralizeMentions(pending);
			expect(shown).toBe(neutralizeMentions(text));
		}
	});
});
