import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { decodeSecret } from '../config.js';
import type { Logger } from '../log.js';
import { messageOf, StoreError } from './errors.js';

const SECRET_BYTES = 32;

function isMissing(error: unknown): boolean {
	return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

async function readSecret(path: string, logger: Logger): Promise<Buffer | undefined> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		if (isMissing(error)) return undefined;
		throw new StoreError(`cannot read the token secret ${path}: ${messageOf(error)}`, { cause: error });
	}

	const secret = decodeSecret(text);
	if (!secret) {
		throw new StoreError(
			`${path} does not hold a 32-byte secret as 64 hex characters; ` +
				'restore it from a backup, or set ROSTRO_BOT_SECRET',
		);
	}

	const { mode } = await stat(path);
	if ((mode & 0o077) !== 0) logger.warn({ file: path }, 'the token secret file is readable by others; chmod 600 it');
	return secret;
}

async function createSecret(path: string, logger: Logger): Promise<Buffer | undefined> {
	const secret = randomBytes(SECRET_BYTES);
	try {
		await mkdir(dirname(path), { recursive: true, mode: 0o700 });
		// 'wx' fails when the file exists: two processes starting at once both end up reading one key.
		await writeFile(path, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
		throw new StoreError(`cannot create the token secret ${path}: ${messageOf(error)}`, { cause: error });
	}

	logger.warn(
		{ file: path },
		`created a new secret for the stored tokens in ${path}; back it up with the database, ` +
			'since without it every saved token must be set again (or set ROSTRO_BOT_SECRET instead)',
	);
	return secret;
}

/** Reads the secret kept in `path`, creating it (32 random bytes as hex, mode 0600) on the first run. */
export async function loadOrCreateSecret(path: string, logger: Logger): Promise<Buffer> {
	const existing = await readSecret(path, logger);
	if (existing) return existing;

	const created = await createSecret(path, logger);
	if (created) return created;

	const raced = await readSecret(path, logger);
	if (!raced) throw new StoreError(`the token secret ${path} vanished while it was being created`);
	return raced;
}
