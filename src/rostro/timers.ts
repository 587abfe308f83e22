/**
 * An abort signal that fires after `ms` without a call to `touch`: a plain deadline for a
 * request, an idle limit for a stream whose every chunk touches it.
 */
export class IdleTimer {
	readonly ms: number;
	readonly #controller = new AbortController();
	#timer: NodeJS.Timeout | undefined;

	constructor(ms: number) {
		this.ms = ms;
		this.touch();
	}

	get signal(): AbortSignal {
		return this.#controller.signal;
	}

	get fired(): boolean {
		return this.#controller.signal.aborted;
	}

	/** Starts the wait again from now. */
	touch(): void {
		clearTimeout(this.#timer);
		const expire = () => this.#controller.abort(new DOMException('Rostro timeout', 'TimeoutError'));
		this.#timer = setTimeout(expire, this.ms);
	}

	stop(): void {
		clearTimeout(this.#timer);
	}
}

/** Waits before a retry; an abort ends the wait at once with the signal's reason. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(signal.reason);

		const onAbort = () => {
			clearTimeout(timer);
			reject(signal?.reason);
		};
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}
