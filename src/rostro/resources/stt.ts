import { z } from 'zod';
import type { RequestOptions, RostroTransport } from '../http.js';

const transcriptionSchema = z.looseObject({ text: z.string() }).transform((body) => ({ text: body.text }));

/** What was heard in a recording. */
export type Transcription = z.output<typeof transcriptionSchema>;

/** Speech to text. */
export class SttResource {
	constructor(private readonly transport: RostroTransport) {}

	/** Transcribes a recording sent as one multipart `file` part. Costs credits; never repeated blindly. */
	transcribe(
		audio: Uint8Array,
		filename: string,
		contentType: string,
		options?: RequestOptions,
	): Promise<Transcription> {
		const form = new FormData();
		form.append('file', new Blob([audio], { type: contentType }), filename);
		return this.transport.request(
			{ method: 'POST', path: '/stt', body: form, schema: transcriptionSchema, retry: 'never', timeout: 'generation' },
			options,
		);
	}
}
