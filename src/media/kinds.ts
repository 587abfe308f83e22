import type { GenerationType, ImagineRequest } from '../rostro/index.js';

/** What a member can ask `/imagine` for. */
export const mediaKinds = ['image', 'video', 'music', 'sound-effect'] as const;
export type MediaKind = (typeof mediaKinds)[number];

interface KindInfo {
	/** How a sentence names one of them: "an image". */
	noun: string;
	title: string;
	generationType: GenerationType;
	/** Whether width and height mean anything to Rostro for this kind. */
	hasCanvas: boolean;
}

const kindInfo: Record<MediaKind, KindInfo> = {
	image: { noun: 'an image', title: 'Image', generationType: 'text_to_image', hasCanvas: true },
	video: { noun: 'a video', title: 'Video', generationType: 'text_to_video', hasCanvas: true },
	music: { noun: 'music', title: 'Music', generationType: 'text_to_music', hasCanvas: false },
	'sound-effect': {
		noun: 'a sound effect',
		title: 'Sound effect',
		generationType: 'text_to_sound_effect',
		hasCanvas: false,
	},
};

/** The kind's label for slash-command choices and embeds. */
export function kindTitle(kind: MediaKind): string {
	return kindInfo[kind].title;
}

/** The kind as a sentence names it ("an image", "music"). */
export function kindNoun(kind: MediaKind): string {
	return kindInfo[kind].noun;
}

/** Canvases of about one megapixel, in multiples of 64 px as image models expect. */
export const aspects = {
	'1:1': { width: 1024, height: 1024 },
	'16:9': { width: 1344, height: 768 },
	'9:16': { width: 768, height: 1344 },
	'3:2': { width: 1216, height: 832 },
	'2:3': { width: 832, height: 1216 },
	'4:3': { width: 1152, height: 896 },
	'3:4': { width: 896, height: 1152 },
	'21:9': { width: 1536, height: 640 },
} as const;
export type Aspect = keyof typeof aspects;

/** Whether a text is one of the aspects offered. */
export function isAspect(text: string): text is Aspect {
	return Object.hasOwn(aspects, text);
}

/** What a member asked for, as the bot stores it to repeat it later. */
export interface MediaSpec {
	kind: MediaKind;
	prompt: string;
	aspect?: Aspect | undefined;
	model?: string | undefined;
}

/** The body of `POST /imagine` for a spec: the generation type from the kind, the canvas from the aspect. */
export function imagineRequest(spec: MediaSpec): ImagineRequest {
	const info = kindInfo[spec.kind];
	const canvas = info.hasCanvas && spec.aspect ? aspects[spec.aspect] : undefined;
	return {
		prompt: spec.prompt,
		generationType: info.generationType,
		...canvas,
		...(spec.model ? { model: spec.model } : {}),
	};
}
