/** A value that may stand in one segment of a Rostro path. */
export type PathSegment = string | number;

/**
 * Builds a request path from a template, encoding every interpolated value as one segment.
 * Dot segments are refused because URL parsers resolve them, even percent-encoded, which
 * would send the request to another route.
 */
export function path(strings: TemplateStringsArray, ...segments: PathSegment[]): string {
	return strings.reduce((built, literal, index) => {
		const segment = segments[index - 1];
		return `${built}${encodeSegment(segment as PathSegment)}${literal}`;
	});
}

/** Encodes one path segment, refusing values that would change which route is called. */
export function encodeSegment(segment: PathSegment): string {
	const text = String(segment);
	if (text === '' || text === '.' || text === '..') {
		throw new TypeError(`Rostro path segment ${JSON.stringify(text)} is not allowed`);
	}

	return encodeURIComponent(text);
}
