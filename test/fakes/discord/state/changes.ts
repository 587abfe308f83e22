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
 */
export class ChangeFeed {
	readonly #listeners = new Set<() => void>();

	notify(): void {
		for (const listener of [...this.#listeners]) listener();
	}

	/** Resolves with the predicate's first value that is not undefined (or false). */
	waitFor<T>(predicate: () => T | undefined | false, timeoutMs: number, describe: () => string): Promise<T> {
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
			const finish = (): void => {
				clearTimeout(deadline);
				clearInterval(poll);
				this.#listeners.delete(check);
			};
			const deadline = setTimeout(() => {
				finish();
				reject(new WaitTimeoutError(timeoutMs, describe()));
			}, timeoutMs);
			const poll = setInterval(check, SAFETY_POLL);
			this.#listeners.add(check);
		});
	}
}
