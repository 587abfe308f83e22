import { type ValidationIssue, validationError } from './replies.js';

/** Where a field came from, the first element of FastAPI's `loc`. */
export type FieldSource = 'query' | 'body' | 'path';

type Problem = Omit<ValidationIssue, 'loc'>;
type Outcome<T> = { ok: true; value: T } | { ok: false; problem: Problem };
type Parse<T> = (input: unknown) => Outcome<T>;

/** A parser for one field; `required` fields report `missing` when absent, others take `fallback`. */
export interface Field<T> {
	parse: Parse<T>;
	required: boolean;
	fallback: T;
}

/** Pydantic v2's wording, so 422 bodies read like the live API's. */
const wording = {
	int_parsing: 'Input should be a valid integer, unable to parse string as an integer',
	float_parsing: 'Input should be a valid number, unable to parse string as a number',
	bool_parsing: 'Input should be a valid boolean, unable to interpret input',
	string_type: 'Input should be a valid string',
	list_type: 'Input should be a valid list',
	missing: 'Field required',
} as const;

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });

function fail<T>(type: string, msg: string, input: unknown, ctx?: Record<string, unknown>): Outcome<T> {
	return { ok: false, problem: ctx ? { type, msg, input, ctx } : { type, msg, input } };
}

function failAs<T>(type: keyof typeof wording, input: unknown): Outcome<T> {
	return fail(type, wording[type], input);
}

interface Bounds {
	min?: number;
	max?: number;
}

function checkBounds(value: number, input: unknown, { min, max }: Bounds): Outcome<number> {
	if (min !== undefined && value < min) {
		return fail('greater_than_equal', `Input should be greater than or equal to ${min}`, input, { ge: min });
	}
	if (max !== undefined && value > max) {
		return fail('less_than_equal', `Input should be less than or equal to ${max}`, input, { le: max });
	}
	return ok(value);
}

const integer =
	(bounds: Bounds = {}): Parse<number> =>
	(input) => {
		const value = typeof input === 'string' && /^\s*-?\d+\s*$/.test(input) ? Number(input) : input;
		if (typeof value !== 'number' || !Number.isInteger(value)) return failAs('int_parsing', input);
		return checkBounds(value, input, bounds);
	};

const decimal =
	(bounds: Bounds = {}): Parse<number> =>
	(input) => {
		const value = typeof input === 'string' && input.trim() !== '' ? Number(input) : input;
		if (typeof value !== 'number' || Number.isNaN(value)) return failAs('float_parsing', input);
		return checkBounds(value, input, bounds);
	};

const truthy = new Set(['true', '1', 'yes', 'on', 't', 'y']);
const falsy = new Set(['false', '0', 'no', 'off', 'f', 'n']);

const boolean: Parse<boolean> = (input) => {
	if (typeof input === 'boolean') return ok(input);

	const text = String(input).toLowerCase();
	if (truthy.has(text)) return ok(true);
	if (falsy.has(text)) return ok(false);
	return failAs('bool_parsing', input);
};

const text =
	(maxLength = 100_000): Parse<string> =>
	(input) => {
		if (typeof input !== 'string') return failAs('string_type', input);
		if (input.length <= maxLength) return ok(input);

		const msg = `String should have at most ${maxLength} characters`;
		return fail('string_too_long', msg, input, { max_length: maxLength });
	};

function oneOf<T extends string>(values: readonly T[]): Parse<T> {
	const quoted = values.map((value) => `'${value}'`);
	const listed = `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
	return (input) => {
		if (typeof input === 'string' && (values as readonly string[]).includes(input)) return ok(input as T);
		return fail('enum', `Input should be ${listed}`, input, { expected: listed });
	};
}

/** Comma separated in a query string, or a JSON list of strings in a body. */
const list: Parse<string[]> = (input) => {
	if (Array.isArray(input) && input.every((item) => typeof item === 'string')) return ok(input);
	if (typeof input !== 'string') return failAs('list_type', input);

	const items = input.split(',').map((item) => item.trim());
	return ok(items.filter(Boolean));
};

const withDefault = <T>(parse: Parse<T>, fallback: T): Field<T> => ({ parse, fallback, required: false });
const optional = <T>(parse: Parse<T>): Field<T | undefined> => ({ parse, fallback: undefined, required: false });
const required = <T>(parse: Parse<T>, placeholder: T): Field<T> => ({ parse, fallback: placeholder, required: true });

/** Builders for the field kinds the routes use, named after pydantic's. */
export const fields = {
	integer: (fallback: number, bounds?: Bounds) => withDefault(integer(bounds), fallback),
	optionalInteger: (bounds?: Bounds) => optional(integer(bounds)),
	requiredInteger: (bounds?: Bounds) => required(integer(bounds), 0),
	optionalNumber: (bounds?: Bounds) => optional(decimal(bounds)),
	boolean: (fallback: boolean) => withDefault(boolean, fallback),
	text: (fallback = '', maxLength?: number) => withDefault(text(maxLength), fallback),
	optionalText: (maxLength?: number) => optional(text(maxLength)),
	requiredText: (maxLength?: number) => required(text(maxLength), ''),
	oneOf: <T extends string>(values: readonly T[], fallback: T) => withDefault(oneOf(values), fallback),
	list: () => withDefault(list, []),
} as const;

type Spec = Record<string, Field<unknown>>;
type Parsed<S extends Spec> = { [K in keyof S]: S[K] extends Field<infer T> ? T : never };

/** Parses every field of a spec at once; throws one 422 listing all problems, as FastAPI does. */
export function parseFields<S extends Spec>(source: FieldSource, input: Record<string, unknown>, spec: S): Parsed<S> {
	const issues: ValidationIssue[] = [];
	const values: Record<string, unknown> = {};

	for (const [name, field] of Object.entries(spec)) {
		const loc = [source, name];
		const raw = input[name];
		if (raw === undefined || raw === null) {
			if (field.required) issues.push({ type: 'missing', loc, msg: wording.missing, input: null });
			values[name] = field.fallback;
			continue;
		}

		const outcome = field.parse(raw);
		if (outcome.ok) {
			values[name] = outcome.value;
			continue;
		}
		const { type, ...rest } = outcome.problem;
		issues.push({ type, loc, ...rest }); // FastAPI's key order: type, loc, msg, input
	}

	if (issues.length > 0) throw validationError(issues);
	return values as Parsed<S>;
}

/** The body as an object of fields, or a 422 like FastAPI's when it is something else. */
export function bodyObject(body: unknown): Record<string, unknown> {
	if (body === undefined) {
		throw validationError([{ type: 'missing', loc: ['body'], msg: wording.missing, input: null }]);
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		const msg = 'Input should be a valid dictionary';
		throw validationError([{ type: 'model_attributes_type', loc: ['body'], msg, input: body }]);
	}
	return body as Record<string, unknown>;
}

/** The query string as an object of its last values, the way FastAPI reads single-valued params. */
export function queryObject(query: URLSearchParams): Record<string, string> {
	return Object.fromEntries(query.entries());
}
