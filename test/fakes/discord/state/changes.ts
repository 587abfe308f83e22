/** How often a waiter looks again even without a change, for predicates on state outside the fake. */
const SAFETY_POLL = 100; // ms

/** Thrown when a `waitFor` predicate never held. */
export class WaitTimeoutError extends Error {
	constructor(timeoutMs: number, detail: string) {
		super(`fake Discord: condition not met within ${timeoutMs} ms${detail ? `\n${detail}` : ''}`);
		this.name = 'WaitTimeoutError';
	}
}

/**
 * Wakes waiters whenever the fake's state changes (a REST call answered, a gateway event sent),
 * so tests wait for what they expect instead of sleeping.
 *
 * A waiter may instead watch one key (an interaction's token): it then wakes only at a change
 * that touched that key, and never polls, so thousands of waiters on separate interactions (the
 * benchmark's) cost nothing while other interactions change.
 */
export class ChangeFeed {
	readonly #listeners = new Set<() => void>();
	readonly #keyed = new Map<string, Set<() => void>>();
	readonly #touched = new Set<string>();

	/** Marks a key changed; its waiters wake at the next `notify()`, together with everyone else. */
	touch(key: string): void {
		this.#touched.add(key);
	}

	notify(): void {
		for (const listener of [...this.#listeners]) listener();
		const touched = [...this.#touched];
		this.#touched.clear();
		for (const key of touched) {
			for (const listener of [...(this.#keyed.get(key) ?? [])]) listener();
		}
	}

	/**
	 * Resolves with the predicate's first value that is not undefined (or false). With `key`, the
	 * predicate must read only state that changes through `touch(key)`.
	 */
	waitFor<T>(
		predicate: () => T | undefined | false,
		timeoutMs: number,
		describe: () => string,
		key?: string,
	): Promise<T> {
		const first = predicate();
		if (first !== undefined && first !== false) return Promise.resolve(first);

		return new Promise<T>((resolve, reject) => {
			const check = (): void => {
				let value: T | undefined | false;
				try {
					value = predicate();
				} catch (error) {
					finish();
					reject(error);
					return;
				}
				if (value === undefined || value === false) return;

				finish();
				resolve(value);
			};
			const listeners = key === undefined ? this.#listeners : this.#listenersOf(key);
			const finish = (): void => {
				clearTimeout(deadline);
				clearInterval(poll);
				listeners.delete(check);
				if (key !== undefined && listeners.size === 0) this.#keyed.delete(key);
			};
			const deadline = setTimeout(() => {
				finish();
				reject(new WaitTimeoutError(timeoutMs, describe()));
			}, timeoutMs);
			const poll = key === undefined ? setInterval(check, SAFETY_POLL) : undefined;
			listeners.add(check);
		});
	}

	#listenersOf(key: string): Set<() => void> {
		let listeners = this.#keyed.get(key);
		if (!listeners) {
			listeners = new Set();
			this.#keyed.set(key, listeners);
		}
		return listeners;
	}
}
