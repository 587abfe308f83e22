/**
 * The value a table holds under a key that came from Discord, or undefined. Only the table's own
 * entries count: a plain object also answers `constructor`, `toString` or `__proto__` through its
 * prototype, and a custom id or subcommand name must never reach those.
 */
export function ownEntry<T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
	if (!table || !Object.hasOwn(table, key)) return undefined;
	return table[key];
}
