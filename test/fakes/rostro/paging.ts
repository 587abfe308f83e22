import { validationError } from './replies.js';

/** Where a caller wants a page: by `cursor` when given, else by `page` (from 1). */
export interface PageRequest {
	first: number;
	page: number;
	cursor?: string;
}

/** One page of a list, with the cursor of the next one (null on the last page). */
export interface Page<T> {
	items: T[];
	page: number;
	cursor: string | null;
}

/** Encodes a position in a result list as an opaque cursor. */
function encodeCursor(offset: number): string {
	return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

/** The position a cursor stands for; a 422 when it is not one of ours. */
function decodeCursor(cursor: string): number {
	try {
		const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
		const { offset } = JSON.parse(decoded) as { offset: unknown };
		if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
	} catch {
		// falls through to the 422 below: a cursor that does not decode is the caller's mistake
	}
	const msg = 'Value error, invalid cursor';
	throw validationError([{ type: 'value_error', loc: ['query', 'cursor'], msg, input: cursor }]);
}

/** Cuts one page out of a sorted list; pages and cursors address the same positions. */
export function takePage<T>(items: T[], request: PageRequest): Page<T> {
	const offset = request.cursor ? decodeCursor(request.cursor) : (request.page - 1) * request.first;
	const end = offset + request.first;
	return {
		items: items.slice(offset, end),
		page: Math.floor(offset / request.first) + 1,
		cursor: end < items.length ? encodeCursor(end) : null,
	};
}
