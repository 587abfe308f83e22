/** The first pause between two checks of a job. */
export const FIRST_POLL_DELAY_MS = 1_000;
/** The longest pause: a finished job is noticed within about this long. */
export const MAX_POLL_DELAY_MS = 5_000;
const GROWTH = 1.5;
const MAX_JITTER = 0.1;

/**
 * How long to wait before check number `attempt` (0 for the first) of a job: from 1 s growing
 * to 5 s. Jitter only lengthens the pause, so that jobs started together drift apart while no
 * job is ever checked more than once a second.
 */
export function pollDelayMs(attempt: number, random: () => number = Math.random): number {
	const base = Math.min(FIRST_POLL_DELAY_MS * GROWTH ** Math.max(0, attempt), MAX_POLL_DELAY_MS);
	return Math.round(base * (1 + random() * MAX_JITTER));
}
