import { describe, expect, it } from 'vitest';
import type { MediaJob } from '../../src/media/job-record.js';
import {
	attachedResult,
	linkedResult,
	progressText,
	requesterLine,
	resultButtons,
} from '../../src/media/result-message.js';

function job(overrides: Partial<MediaJob> = {}): MediaJob {
	return {
		feature: 'imagine',
		id: 'AbC123xy',
		guildId: '1',
		channelId: '2',
		userId: '3',
		userName: '@everyone_*fan*',
		applicationId: '4',
		interaction: { token: { v: 1, kid: 'k', iv: '', tag: '', data: '' }, expiresAt: 0 },
		uploadLimit: 10,
		rostroUuid: 'uuid',
		source: 'guild',
		operation: 'imagine',
		kind: 'image',
		prompt: 'a fox',
		startedAt: 0,
		status: 'pending',
		...overrides,
	};
}

function actions(rows: ReturnType<typeof resultButtons>): string[] {
	return rows.flatMap((row) => row.components.map((button) => ('custom_id' in button ? button.custom_id : '')));
}

describe('resultButtons', () => {
	it('puts every action on an image, keyed by the job id', () => {
		expect(actions(resultButtons(job()))).toEqual([
			'imagine:regen:AbC123xy',
			'imagine:vary:AbC123xy',
			'imagine:upscale:AbC123xy',
			'imagine:save:AbC123xy',
			'imagine:delete:AbC123xy',
		]);
	});

	it('offers only Regenerate and Delete on sound and video', () => {
		for (const kind of ['music', 'video', 'sound-effect'] as const) {
			expect(actions(resultButtons(job({ kind })))).toEqual(['imagine:regen:AbC123xy', 'imagine:delete:AbC123xy']);
		}
	});
});

describe('result messages', () => {
	const file = { bytes: Buffer.from('png'), name: 'rostro-image-AbC123xy.png', contentType: 'image/png' };

	it('attaches the file, shows an image inline and pings nobody', () => {
		const message = attachedResult(job(), file);
		expect(message.files).toEqual([{ name: file.name, data: file.bytes, contentType: 'image/png' }]);
		expect(message.body).toMatchObject({
			attachments: [{ id: 0, filename: file.name }],
			embeds: [{ description: 'a fox', image: { url: `attachment://${file.name}` } }],
			allowed_mentions: { parse: [] },
		});
	});

	it('links an oversized result instead of attaching it', () => {
		const message = linkedResult(job(), 'https://rostro.example/media/x.png', 30 * 1024 * 1024);
		expect(message.files).toEqual([]);
		expect(message.body).toMatchObject({ attachments: [], embeds: [{ url: 'https://rostro.example/media/x.png' }] });
		expect(JSON.stringify(message.body)).toContain('30.0 MiB');
	});

	it('names the requester with their escaped display name, not a mention', () => {
		expect(requesterLine(job())).toBe('Here is an image **@everyone\\_\\*fan\\*** asked for.');
		expect(requesterLine(job())).not.toMatch(/<@/);
	});

	it('shows elapsed whole seconds', () => {
		expect(progressText(job({ kind: 'music' }), 12_400)).toBe('Making music… 12 s so far.');
	});
});
