import { describe, expect, it } from 'vitest';
import { RostroNotFoundError, RostroPathSegmentError } from '../../src/rostro/errors.js';
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

	it('refuses segments that would change the route as naming nothing on Rostro', () => {
		for (const segment of ['', '.', '..']) {
			expect(() => path`/api/users/${segment}`).toThrow(RostroNotFoundError);
			expect(() => path`/api/users/${segment}`).toThrow(RostroPathSegmentError);
		}
	});

	it('names the route and the refused segment, without sending anything', () => {
		let thrown: unknown;
		try {
			path`/api/characters/${'ari'}/${'..'}`;
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toMatchObject({ segment: '..', path: '/api/characters/{}/{}', status: undefined });
	});
});
