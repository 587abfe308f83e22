import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyIdOf, type SealedToken, TokenVault, VaultError } from '../../src/store/vault.js';

const token = 'rk_live_3f9c1e0a7b2d4c6e8f0a1b3c5d7e9f';

function flipFirstByte(base64: string): string {
	const bytes = Buffer.from(base64, 'base64');
	bytes[0] = (bytes[0] ?? 0) ^ 0x01;
	return bytes.toString('base64');
}

function openFailure(vault: TokenVault, sealed: SealedToken, command?: string): VaultError {
	try {
		vault.open(sealed, command);
	} catch (error) {
		if (error instanceof VaultError) return error;
		throw error;
	}
	throw new Error('the vault opened a record it should have refused');
}

describe('TokenVault', () => {
	const secret = randomBytes(32);
	const vault = new TokenVault(secret);

	it('opens what it sealed', () => {
		expect(vault.open(vault.seal(token))).toBe(token);
	});

	it('opens a token again from memory, yet refuses an altered copy of one it opened', () => {
		const sealed = vault.seal(token);
		expect(vault.open(sealed)).toBe(token);
		expect(vault.open({ ...sealed })).toBe(token);

		expect(openFailure(vault, { ...sealed, tag: flipFirstByte(sealed.tag) }).reason).toBe('tampered');
		expect(openFailure(vault, { ...sealed, kid: 'deadbeef' }).reason).toBe('unknown-key');
	});

	it('seals as version 1 with base64 fields and never the token in clear', () => {
		const sealed = vault.seal(token);

		expect(sealed).toMatchObject({ v: 1, kid: keyIdOf(secret) });
		expect(Buffer.from(sealed.iv, 'base64')).toHaveLength(12);
		expect(Buffer.from(sealed.tag, 'base64')).toHaveLength(16);
		expect(JSON.stringify(sealed)).not.toContain(token);
		expect(JSON.stringify(sealed)).not.toContain(Buffer.from(token).toString('base64'));
	});

	it('uses a fresh IV for every seal', () => {
		const first = vault.seal(token);
		const second = vault.seal(token);

		expect(first.iv).not.toBe(second.iv);
		expect(first.data).not.toBe(second.data);
	});

	it.each(['tag', 'data', 'iv'] as const)('refuses a record whose %s was altered', (field) => {
		const sealed = vault.seal(token);
		const altered = { ...sealed, [field]: flipFirstByte(sealed[field]) };

		expect(openFailure(vault, altered).reason).toBe('tampered');
	});

	it('refuses a record relabelled with the id of the other key it holds', () => {
		const previous = randomBytes(32);
		const rotating = new TokenVault(secret, previous);
		const relabelled = { ...new TokenVault(previous).seal(token), kid: rotating.keyId };

		expect(openFailure(rotating, relabelled).reason).toBe('tampered');
	});

	it('refuses a record sealed under a different key', () => {
		const failure = openFailure(new TokenVault(randomBytes(32)), vault.seal(token));

		expect(failure).toBeInstanceOf(VaultError);
		expect(failure.reason).toBe('unknown-key');
	});

	it('refuses a wrong key even when the key id was forged to match', () => {
		const wrong = new TokenVault(randomBytes(32));
		const forged = { ...vault.seal(token), kid: wrong.keyId };

		expect(openFailure(wrong, forged).reason).toBe('tampered');
	});

	it.each([
		['a missing field', { v: 1, kid: 'abcd1234', iv: 'AAAA', tag: 'AAAA' }],
		['another version', { v: 2, kid: 'abcd1234', iv: 'AAAA', tag: 'AAAA', data: 'AAAA' }],
		['text that is not base64', { v: 1, kid: 'abcd1234', iv: '!!', tag: '!!', data: '!!' }],
		['a short IV', { v: 1, kid: '', iv: 'AAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==', data: 'AAAA' }],
		['nothing at all', null],
	])('refuses %s as malformed', (_case, record) => {
		const sealed = record === null ? record : { ...record, kid: record.kid || vault.keyId };

		expect(openFailure(vault, sealed as unknown as SealedToken).reason).toBe('malformed');
	});

	it('tells the admin to set the token again with the command the caller names', () => {
		const sealed = new TokenVault(randomBytes(32)).seal(token);

		expect(openFailure(vault, sealed).message).toMatch(/run \/setup token again/);
		expect(openFailure(vault, sealed, '/account link').message).toMatch(/run \/account link again/);
		expect(openFailure(vault, sealed).message).not.toContain(token);
	});

	it('refuses to seal an empty token and to use a key that is not 32 bytes', () => {
		expect(() => vault.seal('')).toThrow(TypeError);
		expect(() => new TokenVault(randomBytes(16))).toThrow(RangeError);
	});
});

describe('keyIdOf', () => {
	it('is 8 hex characters, stable for a key and different between keys', () => {
		const key = randomBytes(32);

		expect(keyIdOf(key)).toMatch(/^[0-9a-f]{8}$/);
		expect(keyIdOf(Buffer.from(key))).toBe(keyIdOf(key));
		expect(keyIdOf(randomBytes(32))).not.toBe(keyIdOf(key));
	});

	it('is not a piece of the key', () => {
		const key = randomBytes(32);

		expect(key.toString('hex')).not.toContain(keyIdOf(key));
	});
});

describe('TokenVault during rotation', () => {
	const previous = randomBytes(32);
	const current = randomBytes(32);

	it('opens tokens sealed under the previous key and seals new ones under the current key', () => {
		const old = new TokenVault(previous).seal(token);
		const rotating = new TokenVault(current, previous);

		expect(rotating.open(old)).toBe(token);
		expect(rotating.isCurrent(old)).toBe(false);
		expect(rotating.seal(token).kid).toBe(keyIdOf(current));
		expect(rotating.isCurrent(rotating.seal(token))).toBe(true);
	});

	it('no longer opens them once the previous key is dropped', () => {
		const old = new TokenVault(previous).seal(token);

		expect(openFailure(new TokenVault(current), old).reason).toBe('unknown-key');
	});
});
