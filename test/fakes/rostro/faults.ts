import type { Fault, FaultMatch } from './types.js';

interface ArmedFault {
	match: FaultMatch;
	fault: Fault;
	remaining: number;
}

function matches(match: FaultMatch, method: string, path: string): boolean {
	if (match.method && match.method.toUpperCase() !== method) return false;
	if (typeof match.path === 'string') return match.path === path;

	match.path.lastIndex = 0; // a /g or /y pattern would otherwise remember the last position
	return match.path.test(path);
}

/** The faults tests have armed, in the order they were armed; the first that matches wins. */
export class FaultBook {
	#armed: ArmedFault[] = [];

	/** Arms a fault for matching requests, `times` times (every time when not given). */
	add(match: FaultMatch, fault: Fault, times = Number.POSITIVE_INFINITY): void {
		this.#armed.push({ match, fault, remaining: times });
	}

	clear(): void {
		this.#armed = [];
	}

	/** The fault for this request, if any, counting it as used. */
	take(method: string, path: string): Fault | undefined {
		const armed = this.#armed.find((entry) => entry.remaining > 0 && matches(entry.match, method, path));
		if (!armed) return undefined;

		armed.remaining--;
		if (armed.remaining <= 0) this.#armed = this.#armed.filter((entry) => entry !== armed);
		return armed.fault;
	}
}
