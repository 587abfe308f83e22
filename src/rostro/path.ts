import { RostroPathSegmentError } from './errors.js';

/** A value that may stand in one segment of a Rostro path. */
export type PathSegment = string | number;

/**
 * Builds a request path from a template, encoding every interpolated value as one segment.
 * Dot segments are refused because URL parsers resolve them, even percent-encoded, which
 * would send the request to another route; nothing on Rostro is called that, so the refusal
 * is a `RostroNotFoundError` (`RostroPathSegmentError`) and callers treat it as not found.
 */
export function path(strings: TemplateStringsArray, ...segments: PathSegment[]): string {
	const route = strings.join('{}');
	return strings.reduce((built, literal, index) => {
		const segment = segments[index - 1];
		return `${built}${encodeIn(route, segment as PathSegment)}${literal}`;
	});
}

/** Encodes one path segment, refusing values that would change which route is called. */
export function encodeSegment(segment: PathSegment): string {
	return encodeIn('{}', segment);
}

function encodeIn(route: string, segment: PathSegment): string {
	const text = String(segment);
	if (text === '' || text === '.' || text === '..') throw new RostroPathSegmentError(text, route);

	return encodeURIComponent(text);
}
