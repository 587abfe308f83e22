import { z } from 'zod';
import type { RequestOptions, RostroTransport } from '../http.js';
import { optionalNumber } from '../schemas.js';

const emotionSchema = z
	.looseObject({ emotion: z.string(), confidence: optionalNumber })
	.transform((body) => ({ emotion: body.emotion, confidence: body.confidence }));

/** The emotion read in a text, e.g. `joy`, with Rostro's confidence from 0 to 1. */
export type DetectedEmotion = z.output<typeof emotionSchema>;

/** Emotion detection. */
export class EmotionResource {
	constructor(private readonly transport: RostroTransport) {}

	/** The emotion of a text. Inference that may cost, so it is not repeated blindly. */
	detect(text: string, options?: RequestOptions): Promise<DetectedEmotion> {
		return this.transport.request(
			{ method: 'POST', path: '/api/infer/emotion', body: { text }, schema: emotionSchema, retry: 'never' },
			options,
		);
	}
}
