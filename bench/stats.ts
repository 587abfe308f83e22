/** The value below which the given fraction of samples fall (nearest rank). */
export function percentile(samples: number[], fraction: number): number {
	if (samples.length === 0) return Number.NaN;
	const sorted = [...samples].sort((a, b) => a - b);
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
	return sorted[rank] as number;
}

/** p50 and p99 of a list of latencies, rounded to 0.1 ms. */
export function summarize(samples: number[]): { n: number; p50: number; p99: number } {
	const round = (value: number) => Math.round(value * 10) / 10;
	return { n: samples.length, p50: round(percentile(samples, 0.5)), p99: round(percentile(samples, 0.99)) };
}
