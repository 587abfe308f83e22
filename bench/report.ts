/** One benchmark target: what was measured, the limit, the figure, and whether it was met. */
export interface Target {
	phase: string;
	what: string;
	target: string;
	measured: string;
	met: boolean;
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
