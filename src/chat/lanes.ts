/** A place in a lane: resolves when it is this holder's turn. */
interface Waiting {
	admit: () => void;
}

/**
 * Rostro runs one chat completion at a time per token (a second gets 429), so every thread that
 * pays with one token waits in that token's lane, first come first served. Each thread asks for
 * at most one turn at a time, which keeps the lane fair between threads.
 */
export class TokenLanes {
	private readonly lanes = new Map<string, { busy: boolean; queue: Waiting[] }>();

	/**
	 * Waits for the lane of `payer` (a key naming the token's owner, never the token) and resolves
	 * with a release function. `onWait` hears how many replies are ahead, when any are.
	 */
	async acquire(payer: string, onWait?: (ahead: number) => void): Promise<() => void> {
		const lane = this.lanes.get(payer) ?? { busy: false, queue: [] };
		this.lanes.set(payer, lane);

		if (lane.busy) {
			onWait?.(lane.queue.length + 1);
			await new Promise<void>((admit) => lane.queue.push({ admit }));
		}
		lane.busy = true;
		return () => this.release(payer);
	}

	private release(payer: string): void {
		const lane = this.lanes.get(payer);
		if (!lane) return;

		const next = lane.queue.shift();
		if (next) {
			next.admit();
			return;
		}
		lane.busy = false;
		this.lanes.delete(payer);
	}
}
