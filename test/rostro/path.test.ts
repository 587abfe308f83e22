import { describe, expect, it } from 'vitest';
import { path } from '../../src/rostro/path.js';

describe('path', () => {
	it('encodes each value as one segment', () => {
		expect(path`/api/characters/${'a b'}/${'x/y?z#'}`).toBe('/api/characters/a%20b/x%2Fy%3Fz%23');
	});

	it('writes numbers as they are', () => {
		expect(path`/api/favorites/${172_700}`).toBe('/api/favorites/172700');
	});

	it('encodes non-ASCII names', () => {
		expect(path`/api/users/${'Zoë'}`).toBe('/api/users/Zo%C3%AB');
	});

	it('refuses segments that would change the route', () => {
		for (const segment of ['', '.', '..']) expect(() => path`/api/users/${segment}`).toThrow(TypeError);
	});
});
