import { type EventSourceMessage, EventSourceParserStream } from 'eventsource-parser/stream';

export type { EventSourceMessage };

/**
 * Reads server-sent events from a response body. Bytes are decoded as a stream, so a
 * character cut between two chunks arrives whole; `onBytes` hears of every chunk, which
 * keeps an idle timer from firing while data flows.
 */
export function readEvents(
	body: ReadableStream<Uint8Array>,
	onBytes: () => void,
): ReadableStreamDefaultReader<EventSourceMessage> {
	return body
		.pipeThrough(progressTap(onBytes))
		.pipeThrough(new TextDecoderStream())
		.pipeThrough(new EventSourceParserStream())
		.getReader();
}

/** Passes bytes through unchanged, reporting each chunk. */
function progressTap(onChunk: () => void): TransformStream<Uint8Array, Uint8Array> {
	return new TransformStream({
		transform(chunk, controller) {
			onChunk();
			controller.enqueue(chunk);
		},
	});
}
