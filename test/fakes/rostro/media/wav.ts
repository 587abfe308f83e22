import { hashText } from '../hash.js';

const SAMPLE_RATE = 8_000; // Hz; mono, 16-bit
const TONE_SECONDS = 0.12;
const MAX_TONES = 40;

function riffChunk(id: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.write(id, 0, 'ascii');
	head.writeUInt32LE(data.length, 4);
	const padding = data.length % 2 === 1 ? Buffer.alloc(1) : Buffer.alloc(0);
	return Buffer.concat([head, data, padding]);
}

function formatChunk(): Buffer {
	const format = Buffer.alloc(16);
	format.writeUInt16LE(1, 0); // PCM
	format.writeUInt16LE(1, 2); // channels
	format.writeUInt32LE(SAMPLE_RATE, 4);
	format.writeUInt32LE(SAMPLE_RATE * 2, 8); // byte rate
	format.writeUInt16LE(2, 12); // block align
	format.writeUInt16LE(16, 14); // bits per sample
	return riffChunk('fmt ', format);
}

/** One short sine tone per word, its pitch taken from the word, so different texts sound different. */
function samples(text: string): Buffer {
	const words = text.split(/\s+/).filter(Boolean).slice(0, MAX_TONES);
	const tones = words.length > 0 ? words : ['silence'];
	const perTone = Math.round(SAMPLE_RATE * TONE_SECONDS);
	const pcm = Buffer.alloc(tones.length * perTone * 2);

	tones.forEach((word, toneIndex) => {
		const frequency = 220 + (hashText(word) % 660);
		for (let sample = 0; sample < perTone; sample++) {
			const fade = Math.min(1, sample / 200, (perTone - sample) / 200);
			const value = Math.sin((2 * Math.PI * frequency * sample) / SAMPLE_RATE) * 0.3 * fade;
			pcm.writeInt16LE(Math.round(value * 32_767), (toneIndex * perTone + sample) * 2);
		}
	});
	return pcm;
}

/**
 * Encodes a PCM WAV for a text. The text also rides along in a LIST/INFO comment, which is how
 * the simulator's speech to text hears its own speech back word for word.
 */
export function encodeWav(text: string): Buffer {
	const comment = riffChunk('ICMT', Buffer.from(`${text}\0`, 'utf8'));
	const info = riffChunk('LIST', Buffer.concat([Buffer.from('INFO', 'ascii'), comment]));
	const body = Buffer.concat([Buffer.from('WAVE', 'ascii'), formatChunk(), info, riffChunk('data', samples(text))]);
	return riffChunk('RIFF', body);
}

/** The LIST/INFO comment of a WAV, the text it was made from; undefined for any other file. */
export function readWavComment(bytes: Buffer): string | undefined {
	const isWav = bytes.length >= 12 && bytes.toString('ascii', 0, 4) === 'RIFF';
	if (!isWav || bytes.toString('ascii', 8, 12) !== 'WAVE') return undefined;

	for (let offset = 12; offset + 8 <= bytes.length; ) {
		const id = bytes.toString('ascii', offset, offset + 4);
		const size = bytes.readUInt32LE(offset + 4);
		const start = offset + 8;
		if (id === 'LIST' && bytes.toString('ascii', start, start + 4) === 'INFO') {
			return readInfoComment(bytes.subarray(start + 4, start + size));
		}
		offset = start + size + (size % 2);
	}
	return undefined;
}

function readInfoComment(info: Buffer): string | undefined {
	for (let offset = 0; offset + 8 <= info.length; ) {
		const id = info.toString('ascii', offset, offset + 4);
		const size = info.readUInt32LE(offset + 4);
		if (id === 'ICMT') return info.toString('utf8', offset + 8, offset + 8 + size).replace(/\0+$/, '');
		offset += 8 + size + (size % 2);
	}
	return undefined;
}
