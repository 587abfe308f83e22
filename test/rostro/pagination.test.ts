import { describe, expect, it } from 'vitest';
import { type Page, type PagePosition, PageWalk } from '../../src/rostro/pagination.js';

function page(items: number[], extra: Partial<Page<number>> = {}): Page<number> {
	return { items, page: undefined, cursor: undefined, count: undefined, ...extra };
}

/** A fetcher over fixed pages that records the positions asked for. */
function fetcherOf(pages: Page<number>[]) {
	const asked: PagePosition[] = [];
	const fetchPage = async (position: PagePosition) => {
		asked.push(position);
		return pages[asked.length - 1] ?? page([]);
	};
	return { asked, fetchPage };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
	const found: T[] = [];
	for await (const item of iterable) found.push(item);
	return found;
}

describe('PageWalk', () => {
	it('stops at a short page', async () => {
		const { asked, fetchPage } = fetcherOf([page([1, 2]), page([3])]);
		expect(await collect(new PageWalk(fetchPage, {}, 2).items())).toEqual([1, 2, 3]);
		expect(asked.map((position) => position.page)).toEqual([1, 2]);
	});

	it('stops at an empty page without yielding it', async () => {
		const { asked, fetchPage } = fetcherOf([page([1, 2]), page([])]);
		expect(await collect(new PageWalk(fetchPage))).toHaveLength(1);
		expect(asked).toHaveLength(2);
	});

	it('stops when the reported count is reached', async () => {
		const { asked, fetchPage } = fetcherOf([page([1, 2], { count: 4 }), page([3, 4], { count: 4 })]);
		expect(await collect(new PageWalk(fetchPage).items())).toEqual([1, 2, 3, 4]);
		expect(asked).toHaveLength(2);
	});

	it('follows the cursor Rostro gives', async () => {
		const { asked, fetchPage } = fetcherOf([page([1], { cursor: 'c1' }), page([2], { cursor: 'c2' }), page([3])]);
		expect(await collect(new PageWalk(fetchPage).items())).toEqual([1, 2, 3]);
		expect(asked.map((position) => position.cursor)).toEqual([undefined, 'c1', 'c2']);
	});

	it('stops when a cursor does not move', async () => {
		const { asked, fetchPage } = fetcherOf([page([1], { cursor: 'same' }), page([2], { cursor: 'same' })]);
		expect(await collect(new PageWalk(fetchPage).items())).toEqual([1, 2]);
		expect(asked).toHaveLength(2);
	});

	it('starts from the page asked for', async () => {
		const { asked, fetchPage } = fetcherOf([page([5])]);
		await collect(new PageWalk(fetchPage, { page: 3 }, 2));
		expect(asked).toEqual([{ page: 3, cursor: undefined }]);
	});

	it('fetches no further than the consumer reads', async () => {
		const { asked, fetchPage } = fetcherOf([page([1, 2]), page([3, 4]), page([5, 6])]);
		for await (const item of new PageWalk(fetchPage, {}, 2).items()) {
			if (item === 3) break;
		}
		expect(asked).toHaveLength(2);
	});
});
