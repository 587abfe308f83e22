import { type ValidationIssue, validationError } from './replies.js';

/** Where a field came from, the first element of FastAPI's `loc`. */
export type FieldSource = 'query' | 'body' | 'path';

type Outcome<T> = { ok: true; value: T } | { ok: false; issue: Omit<ValidationIssue, 'loc'> };

/** A parser for one field; `required` fields report `missing` when absent. */
export interface Field<T> {
	parse(input: unknown): Outcome<T>;
	required: boolean;
	fallback: T;
}

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const fail = <T>(type: string, msg: string, input: unknown, ctx?: Record<string, unknown>): Outcome<T> => ({
	ok: false,
	issue: ctx ? { type, msg, input, ctx } : { type, msg, input },
});

function field<T>(parse: (input: unknown) => Outcome<T>, fallback: T, required = false): Field<T> {
	return { parse, fallback, required };
}

interface Bounds {
	min?: number;
	max?: number;
}

function checkBounds<T extends number>(value: T, input: unknown, bounds: Bounds): Outcome<T> {
	if (bounds.min !== undefined && value < bounds.min) {
		return fail('greater_than_equal', `Input should be greater than or equal to ${bounds.min}`, input, {
			ge: bounds.min,
		});
	}
	if (bounds.max !== undefined && value > bounds.max) {
		return fail('less_than_equal', `Input should be less than or equal to ${bounds.max}`, input, { le: bounds.max });
	}
	return ok(value);
}

function parseInteger(input: unknown, bounds: Bounds): Outcome<number> {
	const value = typeof input === 'string' && /^\s*-?\d+\s*$/.test(input) ? Number(input) : input;
	if (typeof value !== 'number' || !Number.isInteger(value)) {
		return fail('int_parsing', 'Input should be a valid integer, unable to parse string as an integer', input);
	}
	return checkBounds(value, input, bounds);
}

function parseNumber(input: unknown, bounds: Bounds): Outcome<number> {
	const value = typeof input === 'string' && input.trim() !== '' ? Number(input) : input;
	if (typeof value !== 'number' || Number.isNaN(value)) {
		return fail('float_parsing', 'Input should be a valid number, unable to parse string as a number', input);
	}
	return checkBounds(value, input, bounds);
}

const truthy = new Set(['true', '1', 'yes', 'on', 't', 'y']);
const falsy = new Set(['false', '0', 'no', 'off', 'f', 'n']);

function parseBoolean(input: unknown): Outcome<boolean> {
	if (typeof input === 'boolean') return ok(input);
	const text = String(input).toLowerCase();
	if (truthy.has(text)) return ok(true);
	if (falsy.has(text)) return ok(false);
	return fail('bool_parsing', 'Input should be a valid boolean, unable to interpret input', input);
}

function parseText(input: unknown, maxLength: number): Outcome<string> {
	if (typeof input !== 'string') return fail('string_type', 'Input should be a valid string', input);
	if (input.length > maxLength) {
		return fail('string_too_long', `String should have at most ${maxLength} characters`, input, {
			max_length: maxLength,
		});
	}
	return ok(input);
}

/** Builders for the field kinds the routes use, named after pydantic's. */
export const fields = {
	integer: (fallback: number, bounds: Bounds = {}) => field((input) => parseInteger(input, bounds), fallback),
	optionalInteger: (bounds: Bounds = {}) =>
		field<number | undefined>((input) => parseInteger(input, bounds), undefined),
	requiredInteger: (bounds: Bounds = {}) => field((input) => parseInteger(input, bounds), 0, true),
	optionalNumber: (bounds: Bounds = {}) => field<number | undefined>((input) => parseNumber(input, bounds), undefined),
	boolean: (fallback: boolean) => field(parseBoolean, fallback),
	text: (fallback = '', maxLength = 100_000) => field((input) => parseText(input, maxLength), fallback),
	optionalText: (maxLength = 100_000) => field<string | undefined>((input) => parseText(input, maxLength), undefined),
	requiredText: (maxLength = 100_000) => field((input) => parseText(input, maxLength), '', true),
	oneOf: <T extends string>(values: readonly T[], fallback: T) =>
		field((input) => {
			if (typeof input === 'string' && (values as readonly string[]).includes(input)) return ok(input as T);
			const expected = values.map((value) => `'${value}'`);
			const listed = `${expected.slice(0, -1).join(', ')} or ${expected.at(-1)}`;
			return fail<T>('enum', `Input should be ${listed}`, input, { expected: listed });
		}, fallback),
	/** Comma separated in a query string, or a JSON list in a body. */
	list: () =>
		field<string[]>((input) => {
			if (Array.isArray(input) && input.every((item) => typeof item === 'string')) return ok(input);
			if (typeof input !== 'string') return fail('list_type', 'Input should be a valid list', input);
			return ok(
				input
					.split(',')
					.map((item) => item.trim())
					.filter(Boolean),
			);
		}, []),
} as const;

type Spec = Record<string, Field<unknown>>;
type Parsed<S extends Spec> = { [K in keyof S]: S[K] extends Field<infer T> ? T : never };

/** Parses every field of a spec at once; throws one 422 listing all problems, as FastAPI does. */
export function parseFields<S extends Spec>(source: FieldSource, input: Record<string, unknown>, spec: S): Parsed<S> {
	const issues: ValidationIssue[] = [];
	const values: Record<string, unknown> = {};

	for (const [name, parser] of Object.entries(spec)) {
		const raw = input[name];
		if (raw === undefined || raw === null) {
			if (parser.required) issues.push({ type: 'missing', loc: [source, name], msg: 'Field required', input: null });
			values[name] = parser.fallback;
			continue;
		}

		const outcome = parser.parse(raw);
		if (outcome.ok) values[name] = outcome.value;
		else {
			const { type, ...rest } = outcome.issue;
			issues.push({ type, loc: [source, name], ...rest }); // FastAPI's key order
		}
	}

	if (issues.length > 0) throw validationError(issues);
	return values as Parsed<S>;
}

/** The body as an object of fields, or a 422 like FastAPI's when it is something else. */
export function bodyObject(body: unknown): Record<string, unknown> {
	if (body === undefined) {
		throw validationError([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw validationError([
			{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary', input: body },
		]);
	}
	return body as Record<string, unknown>;
}

/** The query string as an object of its last values, the way FastAPI reads single-valued params. */
export function queryObject(query: URLSearchParams): Record<string, string> {
	return Object.fromEntries(query.entries());
}
