import { readWavComment } from './media/wav.js';

const fallbackSentences = [
	'The quick brown fox jumps over the lazy dog.',
	'Please leave a message after the tone.',
	'I think we should take the long way home tonight.',
	'Testing, testing, one two three.',
];

/**
 * What the simulator's speech to text hears in an audio file: a WAV it made itself says its own
 * transcript back; anything else gives a fixed sentence chosen by the file's length.
 */
export function expectedTranscript(audio: Uint8Array): string {
	const bytes = Buffer.from(audio.buffer, audio.byteOffset, audio.byteLength);
	const own = readWavComment(bytes);
	if (own !== undefined) return own;
	return `${fallbackSentences[bytes.length % fallbackSentences.length]} (${bytes.length} bytes)`;
}
