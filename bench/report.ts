/** One benchmark target: what was measured, the limit, the figure, and whether it was met. */
export interface Target {
	phase: string;
	what: string;
	target: string;
	measured: string;
	met: boolean;
}

/** A target met when `value` is at most `limit`; `unit` follows both numbers ("ms", " MB"). */
export function atMost(phase: string, what: string, value: number, limit: number, unit = ''): Target {
	const shown = (n: number) => `${n.toLocaleString('en')}${unit}`;
	return { phase, what, target: `≤ ${shown(limit)}`, measured: shown(value), met: value <= limit };
}

/** The targets as table rows, with a mark that reads at a glance. */
export function targetsTable(targets: Target[]) {
	return targets.map(({ phase, what, target, measured, met }) => ({
		phase,
		what,
		target,
		measured,
		met: met ? 'yes' : 'NO',
	}));
}
