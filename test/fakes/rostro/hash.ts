import { createHash } from 'node:crypto';

/** FNV-1a over UTF-16 code units: a stable 32-bit number for any text, the seed of everything "random". */
export function hashText(text: string): number {
	let hash = 0x811c9dc5;
	for (let index = 0; index < text.length; index++) {
		hash ^= text.charCodeAt(index);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}

/** A small seeded generator (mulberry32): the same seed always gives the same sequence in [0, 1). */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let mixed = state;
		mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
		mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
		return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/** A UUID-shaped id derived from a name, so seeded and generated ids repeat from run to run. */
export function uuidFrom(name: string): string {
	const hex = createHash('sha1').update(name).digest('hex');
	const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Picks one item of a non-empty list by a number, wrapping around. */
export function pick<T>(items: readonly T[], seed: number): T {
	const item = items[seed % items.length];
	if (item === undefined) throw new Error('pick() needs a non-empty list');
	return item;
}
