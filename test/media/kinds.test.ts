import { describe, expect, it } from 'vitest';
import { imagineRequest, isAspect } from '../../src/media/kinds.js';

describe('imagineRequest', () => {
	it('takes the generation type from the kind and the canvas from the aspect', () => {
		expect(imagineRequest({ kind: 'image', prompt: 'a fox', aspect: '9:16' })).toEqual({
			prompt: 'a fox',
			generationType: 'text_to_image',
			width: 768,
			height: 1344,
		});
		expect(imagineRequest({ kind: 'video', prompt: 'waves', aspect: '16:9', model: 'reel-2' })).toMatchObject({
			generationType: 'text_to_video',
			width: 1344,
			model: 'reel-2',
		});
	});

	it('sends no canvas for sound, whatever aspect was chosen', () => {
		expect(imagineRequest({ kind: 'sound-effect', prompt: 'a door', aspect: '1:1' })).toEqual({
			prompt: 'a door',
			generationType: 'text_to_sound_effect',
		});
		expect(imagineRequest({ kind: 'music', prompt: 'a waltz' }).generationType).toBe('text_to_music');
	});

	it("leaves the canvas to Rostro's default when no aspect was chosen", () => {
		expect(imagineRequest({ kind: 'image', prompt: 'a fox' })).not.toHaveProperty('width');
	});
});

describe('isAspect', () => {
	it('knows only the aspects offered', () => {
		expect(isAspect('16:9')).toBe(true);
		expect(isAspect('5:4')).toBe(false);
		expect(isAspect('toString')).toBe(false);
	});
});
