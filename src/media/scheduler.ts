/**
 * One timer for every job being polled: each job is a due time in a map, and the timer is armed
 * for the earliest. A job leaves the map when its turn comes, so nothing of it stays here
 * between a finished poll and the next `schedule` (or forever, once it is done).
 */
export class PollScheduler {
	readonly #due = new Map<string, number>();
	#timer: NodeJS.Timeout | undefined;
	#timerAt = Number.POSITIVE_INFINITY;

	constructor(
		private readonly run: (id: string) => void,
		private readonly now: () => number = Date.now,
	) {}

	/** How many jobs wait for their turn. */
	get size(): number {
		return this.#due.size;
	}

	/** Runs `id` once, `delayMs` from now (replacing any turn it had). */
	schedule(id: string, delayMs: number): void {
		this.#due.set(id, this.now() + delayMs);
		this.#arm();
	}

	/** Forgets a job's turn, if it had one. */
	cancel(id: string): void {
		this.#due.delete(id);
	}

	/** Forgets every turn and the timer. */
	stop(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#timerAt = Number.POSITIVE_INFINITY;
		this.#due.clear();
	}

	#arm(): void {
		let earliest = Number.POSITIVE_INFINITY;
		for (const at of this.#due.values()) earliest = Math.min(earliest, at);
		if (earliest === Number.POSITIVE_INFINITY || (this.#timer && this.#timerAt <= earliest)) return;

		clearTimeout(this.#timer);
		this.#timerAt = earliest;
		this.#timer = setTimeout(() => this.#fire(), Math.max(0, earliest - this.now()));
		// Pending jobs are stored; a timer must not keep a stopping process alive for them.
		this.#timer.unref();
	}

	#fire(): void {
		this.#timer = undefined;
		this.#timerAt = Number.POSITIVE_INFINITY;
		const now = this.now();
		const ready = [...this.#due].filter(([, at]) => at <= now).map(([id]) => id);
		for (const id of ready) this.#due.delete(id);

		this.#arm();
		for (const id of ready) this.run(id);
	}
}
