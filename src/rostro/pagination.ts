/** One page of a listing, whatever the listing. */
export interface Page<T> {
	items: T[];
	/** The page number Rostro reports, when it does. */
	page: number | undefined;
	/** Where the next page starts, for listings Rostro pages by cursor. */
	cursor: string | undefined;
	/** The total Rostro reports; absent (or 0) when it was not counted. */
	count: number | undefined;
}

/** Which page to fetch next. */
export interface PagePosition {
	/** Counted from 1. */
	page: number;
	/** Sent instead of relying on `page` once Rostro has given one. */
	cursor: string | undefined;
}

/** Fetches the page at a position. */
export type PageFetcher<T> = (position: PagePosition) => Promise<Page<T>>;

/**
 * Walks a listing page by page, from the first position given until Rostro has no more:
 * an empty page, a short page, the reported count reached, or a cursor listing without a
 * next cursor. Iterate it for pages, or iterate `items()` for the items one by one.
 */
export class PageWalk<T> implements AsyncIterable<Page<T>> {
	readonly #fetchPage: PageFetcher<T>;
	readonly #start: PagePosition;
	readonly #pageSize: number | undefined;

	constructor(fetchPage: PageFetcher<T>, start: Partial<PagePosition> = {}, pageSize?: number) {
		this.#fetchPage = fetchPage;
		this.#start = { page: start.page ?? 1, cursor: start.cursor };
		this.#pageSize = pageSize;
	}

	async *[Symbol.asyncIterator](): AsyncGenerator<Page<T>> {
		let position: PagePosition | undefined = this.#start;
		let seen = (this.#start.page - 1) * (this.#pageSize ?? 0);

		while (position) {
			const page = await this.#fetchPage(position);
			if (page.items.length === 0) return;

			yield page;
			seen += page.items.length;
			position = this.#next(position, page, seen);
		}
	}

	/** Every item of every page, in order. */
	async *items(): AsyncGenerator<T> {
		for await (const page of this) yield* page.items;
	}

	#next(position: PagePosition, page: Page<T>, seen: number): PagePosition | undefined {
		if (this.#pageSize !== undefined && page.items.length < this.#pageSize) return undefined;
		if (page.count && seen >= page.count) return undefined;

		if (page.cursor) {
			// A cursor that does not move would walk the same page forever.
			return page.cursor === position.cursor ? undefined : { page: position.page + 1, cursor: page.cursor };
		}
		// A cursor listing that stops giving cursors has ended.
		if (position.cursor) return undefined;
		return { page: position.page + 1, cursor: undefined };
	}
}
