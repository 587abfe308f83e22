import type { Keyv } from 'keyv';
import type { z } from 'zod';
import { checkTtl } from './counters.js';
import { StoreError } from './errors.js';

/** One kind of record in the store, keyed by a Discord id or a custom id. */
export interface Namespace<T> {
	/** The name records are filed under (with the store's prefix, if any). */
	readonly name: string;
	/** The record under `key`, or undefined when there is none or it expired. */
	get(key: string): Promise<T | undefined>;
	/** Stores a record, for `ttlMs` milliseconds when given, else until deleted. */
	set(key: string, value: T, ttlMs?: number): Promise<void>;
	/** Deletes a record; false when there was none. */
	delete(key: string): Promise<boolean>;
	/** Every live record, in no promised order. */
	entries(): AsyncGenerator<[string, T]>;
	/** Deletes every record of this namespace. */
	clear(): Promise<void>;
	/** The same records read through `schema`, for a feature that stores a shape of its own. */
	withSchema<U extends object>(schema: z.ZodType<U>): Namespace<U>;
}

/** A namespace held by one keyv instance. */
export class KeyvNamespace<T> implements Namespace<T> {
	constructor(
		readonly name: string,
		private readonly keyv: Keyv<T>,
	) {}

	async get(key: string): Promise<T | undefined> {
		return this.keyv.get(key);
	}

	async set(key: string, value: T, ttlMs?: number): Promise<void> {
		if (ttlMs !== undefined) checkTtl(ttlMs);

		await this.keyv.set(key, value, ttlMs);
	}

	async delete(key: string): Promise<boolean> {
		return this.keyv.delete(key);
	}

	async *entries(): AsyncGenerator<[string, T]> {
		const iterate = this.keyv.iterator;
		if (!iterate) throw new StoreError(`the ${this.name} namespace cannot be listed with this storage`);

		for await (const [key, value] of iterate(undefined)) yield [key as string, value as T];
	}

	async clear(): Promise<void> {
		await this.keyv.clear();
	}

	withSchema<U extends object>(schema: z.ZodType<U>): Namespace<U> {
		return new ParsedNamespace(this as unknown as Namespace<unknown>, schema);
	}
}

/** Reads records through a zod schema; a record that no longer fits throws instead of passing silently. */
class ParsedNamespace<T extends object> implements Namespace<T> {
	constructor(
		private readonly raw: Namespace<unknown>,
		private readonly schema: z.ZodType<T>,
	) {}

	get name(): string {
		return this.raw.name;
	}

	async get(key: string): Promise<T | undefined> {
		const value = await this.raw.get(key);
		return value === undefined ? undefined : this.parse(key, value);
	}

	async set(key: string, value: T, ttlMs?: number): Promise<void> {
		await this.raw.set(key, value, ttlMs);
	}

	async delete(key: string): Promise<boolean> {
		return this.raw.delete(key);
	}

	async *entries(): AsyncGenerator<[string, T]> {
		for await (const [key, value] of this.raw.entries()) yield [key, this.parse(key, value)];
	}

	async clear(): Promise<void> {
		await this.raw.clear();
	}

	withSchema<U extends object>(schema: z.ZodType<U>): Namespace<U> {
		return new ParsedNamespace(this.raw, schema);
	}

	private parse(key: string, value: unknown): T {
		const parsed = this.schema.safeParse(value);
		if (parsed.success) return parsed.data;

		const problem = parsed.error.issues[0];
		const where = problem?.path.length ? ` at ${problem.path.join('.')}` : '';
		throw new StoreError(
			`the ${this.name} record ${key} does not have the expected shape${where}: ${problem?.message}`,
		);
	}
}
