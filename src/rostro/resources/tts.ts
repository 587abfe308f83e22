import { z } from 'zod';
import type { RequestOptions, RostroTransport } from '../http.js';
import { type ImagineJob, imagineJobSchema, optionalText } from '../schemas.js';

export interface SpeakRequest {
	transcript: string;
	voiceId?: string;
}

const voicesSchema = z
	.looseObject({
		voices: z.array(z.looseObject({ id: z.string(), name: z.string(), description: optionalText })),
	})
	.transform((body) =>
		body.voices.map((voice) => ({ id: voice.id, name: voice.name, description: voice.description })),
	);

/** A voice text to speech can use. */
export type Voice = z.output<typeof voicesSchema>[number];

/** Text to speech. */
export class TtsResource {
	constructor(private readonly transport: RostroTransport) {}

	/** Speaks a transcript; the job's `primaryMediaUrl` is the audio. Costs credits; never repeated blindly. */
	speak(request: SpeakRequest, options?: RequestOptions): Promise<ImagineJob> {
		const body = { transcript: request.transcript, voice_id: request.voiceId };
		return this.transport.request(
			{ method: 'POST', path: '/tts', body, schema: imagineJobSchema, retry: 'never', timeout: 'generation' },
			options,
		);
	}

	/** The voices available to the account. */
	voices(options?: RequestOptions): Promise<Voice[]> {
		return this.transport.request(
			{ method: 'GET', path: '/voices', schema: voicesSchema, retry: 'idempotent' },
			options,
		);
	}
}
