import { describe, expect, it } from 'vitest';
import { readEvents } from '../../src/rostro/sse.js';

/** A body that delivers the bytes in exactly these pieces. */
function bodyOf(pieces: Uint8Array[]): ReadableStream<Uint8Array> {
	return new ReadableStream({
		start(controller) {
			for (const piece of pieces) controller.enqueue(piece);
			controller.close();
		},
	});
}

async function eventData(pieces: Uint8Array[], onBytes = () => undefined): Promise<string[]> {
	const reader = readEvents(bodyOf(pieces), onBytes);
	const found: string[] = [];
	for (let next = await reader.read(); !next.done; next = await reader.read()) found.push(next.value.data);
	return found;
}

// A keep-alive comment, CRLF line ends, an event over two data lines, and multi-byte text.
const stream = Buffer.from(': ping\r\n\r\ndata: {"a":"Héllo 🌍"}\r\n\r\ndata: one\ndata: two\n\ndata: [DONE]\n\n');
const expected = ['{"a":"Héllo 🌍"}', 'one\ntwo', '[DONE]'];

describe('readEvents', () => {
	it('reads every event of a body sent whole', async () => {
		expect(await eventData([stream])).toEqual(expected);
	});

	it('reads the same events wherever the bytes are cut in two', async () => {
		for (let at = 0; at <= stream.length; at++) {
			const events = await eventData([stream.subarray(0, at), stream.subarray(at)]);
			expect({ at, events }).toEqual({ at, events: expected });
		}
	});

	it('reads the same events when every byte comes alone', async () => {
		expect(await eventData([...stream].map((byte) => Uint8Array.of(byte)))).toEqual(expected);
	});

	it('reports every chunk of bytes as progress', async () => {
		let chunks = 0;
		await eventData([stream.subarray(0, 5), stream.subarray(5, 9), stream.subarray(9)], () => {
			chunks++;
		});
		expect(chunks).toBe(3);
	});
});
