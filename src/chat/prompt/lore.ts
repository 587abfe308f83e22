import { SECTION_SEPARATOR } from './budget.js';
import { countRecurring } from './tokens.js';

/** Where an entry goes: before the character's description, or after the card (the default). */
export type LorePosition = 'before_char' | 'after_char';

/** A lorebook entry as activation reads it, from card-spec V2 or SillyTavern World-Info names. */
export interface LoreEntry {
	keys: readonly string[];
	secondaryKeys: readonly string[];
	content: string;
	enabled: boolean;
	constant: boolean;
	/** When set, a secondary key must appear as well as a primary one. */
	selective: boolean;
	caseSensitive: boolean;
	/** A key must stand as a word of its own ("cat" does not wake on "category"); on unless the entry turns it off. */
	wholeWords: boolean;
	/** Lower goes earlier in the prompt. */
	order: number;
	/** Higher is kept first when the lore budget runs out. */
	priority: number;
	position: LorePosition;
}

type RawEntry = Record<string, unknown>;

const DEFAULT_ORDER = 100;

/** How many turns before the new message are searched for keys, unless the book says. */
export const DEFAULT_SCAN_DEPTH = 4;

function isRecord(value: unknown): value is RawEntry {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const NO_KEYS: readonly string[] = [];

function isCleanKey(key: unknown): boolean {
	return typeof key === 'string' && key !== '' && key.trim() === key;
}

function cleanKeys(keys: readonly unknown[]): string[] {
	return keys
		.filter((key): key is string => typeof key === 'string')
		.map((key) => key.trim())
		.filter((key) => key !== '');
}

/**
 * Keys as a list, or as one comma-separated string (older World-Info files). A list that is
 * already clean is used as it is: this runs for every entry on every message.
 */
function keyList(value: unknown): readonly string[] {
	if (typeof value === 'string') return cleanKeys(value.split(','));
	if (!Array.isArray(value) || value.length === 0) return NO_KEYS;

	return value.every(isCleanKey) ? value : cleanKeys(value);
}

function eitherKeys(preferred: unknown, fallback: unknown): readonly string[] {
	const keys = keyList(preferred);
	return keys.length > 0 ? keys : keyList(fallback);
}

function numberOr(value: unknown, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

// World-Info numbers the positions; 0 and 1 are card-spec V2's two.
function positionOf(value: unknown): LorePosition {
	return value === 'before_char' || value === 0 ? 'before_char' : 'after_char';
}

function toLoreEntry(raw: RawEntry): LoreEntry {
	return {
		keys: eitherKeys(raw.keys, raw.key),
		secondaryKeys: eitherKeys(raw.secondary_keys, raw.keysecondary),
		content: typeof raw.content === 'string' ? raw.content.trim() : '',
		enabled: raw.enabled !== false && raw.disable !== true,
		constant: raw.constant === true,
		selective: raw.selective === true,
		caseSensitive: raw.case_sensitive === true,
		wholeWords: (raw.match_whole_words ?? raw.matchWholeWords) !== false,
		order: numberOr(raw.insertion_order ?? raw.order, DEFAULT_ORDER),
		priority: numberOr(raw.priority, 0),
		position: positionOf(raw.position),
	};
}

/**
 * The entries of a lorebook, whichever shape it was stored in: a card-spec V2 `character_book`
 * (a list of entries) or SillyTavern World-Info (an object of entries keyed by uid).
 */
export function readLorebook(book: unknown): LoreEntry[] {
	if (!isRecord(book)) return [];

	const { entries } = book;
	const list = Array.isArray(entries) ? entries : isRecord(entries) ? Object.values(entries) : [];
	return list.filter(isRecord).map(toLoreEntry);
}

/** The number of turns a book asks to be scanned, before the new message. */
export function scanDepthOf(book: unknown): number {
	if (!isRecord(book)) return DEFAULT_SCAN_DEPTH;

	const depth = numberOr(book.scan_depth, DEFAULT_SCAN_DEPTH);
	return Math.max(0, Math.floor(depth));
}

/** The token budget a book sets itself, if any. */
export function tokenBudgetOf(book: unknown): number | undefined {
	if (!isRecord(book)) return undefined;

	const budget = numberOr(book.token_budget, 0);
	return budget > 0 ? budget : undefined;
}

// Scripts written without spaces between words: there a key is any run of the text.
const UNSPACED =
	/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}_]/u;

function standsAlone(text: string, at: number, key: string): boolean {
	const before = text[at - 1];
	const after = text[at + key.length];
	const startsWord = UNSPACED.test(key[0] ?? '') || before === undefined || !WORD_CHARACTER.test(before);
	const endsWord = UNSPACED.test(key.at(-1) ?? '') || after === undefined || !WORD_CHARACTER.test(after);
	return startsWord && endsWord;
}

/** Recent chat text that keys are looked for in, lower-cased once for keys that ignore case. */
export class ScanText {
	readonly #text: string;
	#lowered: string | undefined;

	constructor(texts: readonly string[]) {
		this.#text = texts.join('\n');
	}

	#lowerCased(): string {
		this.#lowered ??= this.#text.toLowerCase();
		return this.#lowered;
	}

	/** Whether `key` appears in the text, as a word of its own when `wholeWords` is set. */
	has(key: string, caseSensitive: boolean, wholeWords = true): boolean {
		const text = caseSensitive ? this.#text : this.#lowerCased();
		const wanted = caseSensitive ? key : key.toLowerCase();
		for (let at = text.indexOf(wanted); at !== -1; at = text.indexOf(wanted, at + 1)) {
			if (!wholeWords || standsAlone(text, at, wanted)) return true;
		}
		return false;
	}
}

/**
 * Whether an entry goes into the prompt for this chat text, budget aside.
 *
 * Keys are plain text. SillyTavern's regular-expression keys (`/…/i`) are not run: a card's
 * pattern could take the process down with catastrophic backtracking, so such a key only
 * matches its own text. Recursive scanning is not done either.
 */
export function isActivated(entry: LoreEntry, scan: ScanText): boolean {
	if (!entry.enabled || entry.content === '') return false;
	if (entry.constant) return true;

	const matches = (key: string) => scan.has(key, entry.caseSensitive, entry.wholeWords);
	if (!entry.keys.some(matches)) return false;
	if (!entry.selective || entry.secondaryKeys.length === 0) return true;
	return entry.secondaryKeys.some(matches);
}

/** A passage of lore that may go into the prompt, with its size. */
export interface LoreCandidate {
	text: string;
	tokens: number;
	constant: boolean;
	priority: number;
	order: number;
	position: LorePosition;
}

/** Constants first, then by priority, then by order: the first to be kept when space is short. */
function keptFirst(a: LoreCandidate, b: LoreCandidate): number {
	return Number(b.constant) - Number(a.constant) || b.priority - a.priority || a.order - b.order;
}

/**
 * The candidates that fit in `budget` tokens, in prompt order. One that does not fit is
 * skipped and smaller ones after it may still go in.
 */
export function fitLore(candidates: readonly LoreCandidate[], budget: number): LoreCandidate[] {
	const kept = new Set<LoreCandidate>();
	let left = budget;
	for (const candidate of [...candidates].sort(keptFirst)) {
		if (candidate.tokens > left) continue;

		kept.add(candidate);
		left -= candidate.tokens;
	}
	// Sorting is stable: entries of equal order keep the book's own order.
	return candidates.filter((candidate) => kept.has(candidate)).sort((a, b) => a.order - b.order);
}

/** The lore chosen for one prompt, by where it goes, and the tokens it takes. */
export interface LoreSelection {
	before: string[];
	after: string[];
	tokens: number;
}

/** What lore is chosen from. */
export interface LoreRequest {
	/** The card's `character_book`, in either shape `readLorebook` reads. */
	book: unknown;
	/** Passages from Rostro's `/lore`, best first; they go after the book's entries. */
	extra: readonly string[];
	/** The texts of the turns searched for keys, the new message last. */
	recent: readonly string[];
	/** Tokens lore may take at most; the book's own budget applies when smaller. */
	budget: number;
	/** Fills placeholders in an entry's content. */
	fill: (text: string) => string;
}

// Passages from `/lore` come after every book entry and give way to them when space is short.
const EXTRA_ORDER = Number.MAX_SAFE_INTEGER;
const EXTRA_PRIORITY = Number.MIN_SAFE_INTEGER;

function bookCandidate(entry: LoreEntry, fill: (text: string) => string): LoreCandidate {
	const text = fill(entry.content);
	const { constant, priority, order, position } = entry;
	const tokens = countRecurring(text) + SECTION_SEPARATOR;
	return { text, tokens, constant, priority, order, position };
}

function extraCandidate(text: string): LoreCandidate {
	const tokens = countRecurring(text) + SECTION_SEPARATOR;
	const placing = { order: EXTRA_ORDER, position: 'after_char' } as const;
	return { text, tokens, constant: false, priority: EXTRA_PRIORITY, ...placing };
}

/** The book entries the recent messages activate, and the `/lore` passages, that fit the budget. */
export function selectLore(request: LoreRequest): LoreSelection {
	const scan = new ScanText(request.recent.slice(-(scanDepthOf(request.book) + 1)));
	const fromBook = readLorebook(request.book)
		.filter((entry) => isActivated(entry, scan))
		.map((entry) => bookCandidate(entry, request.fill));
	const extra = request.extra
		.map((text) => request.fill(text.trim()))
		.filter((text) => text !== '')
		.map(extraCandidate);

	const budget = Math.min(request.budget, tokenBudgetOf(request.book) ?? request.budget);
	const kept = fitLore([...fromBook, ...extra], budget);
	return {
		before: kept.filter((entry) => entry.position === 'before_char').map((entry) => entry.text),
		after: kept.filter((entry) => entry.position === 'after_char').map((entry) => entry.text),
		tokens: kept.reduce((sum, entry) => sum + entry.tokens, 0),
	};
}
