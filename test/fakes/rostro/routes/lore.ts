import type { AccountContext } from '../context.js';
import { fullPath } from '../nodes.js';
import { json } from '../replies.js';
import type { Router } from '../router.js';
import { canSee, type Project } from '../state.js';
import { bodyObject, fields, parseFields } from '../validation.js';

interface LoreEntry {
	keys: string[];
	content: string;
	project: Project;
}

function entriesOf(project: Project): LoreEntry[] {
	const book = project.definition.embedded_lorebook as { entries?: unknown } | null;
	const raw = book?.entries;
	const list = Array.isArray(raw) ? raw : Object.values((raw ?? {}) as Record<string, unknown>);
	return list.map((entry) => {
		const { keys, key, content } = entry as { keys?: string[]; key?: string[]; content?: string };
		return { keys: keys ?? key ?? [], content: content ?? '', project };
	});
}

/** How well an entry answers a query: the share of its keys the query mentions. */
function score(entry: LoreEntry, query: string): number {
	const text = query.toLowerCase();
	const hits = entry.keys.filter((key) => text.includes(key.toLowerCase())).length;
	return entry.keys.length === 0 ? 0 : Math.round((hits / entry.keys.length) * 1_000) / 1_000;
}

function lore(context: AccountContext) {
	const body = parseFields('body', bodyObject(context.body), {
		query: fields.requiredText(2_000),
		limit: fields.integer(5, { min: 1, max: 50 }),
	});
	const results = [...context.core.data.projects.values()]
		.filter((project) => canSee(project, context.user))
		.flatMap(entriesOf)
		.map((entry) => ({ entry, score: score(entry, body.query) }))
		.filter((result) => result.score > 0)
		.sort((left, right) => right.score - left.score || left.entry.project.id - right.entry.project.id)
		.slice(0, body.limit)
		.map(({ entry, score: value }) => ({
			content: entry.content,
			score: value,
			metadata: { project_id: entry.project.id, source: fullPath(entry.project), keys: entry.keys },
		}));
	return json({ results });
}

const emotionWords: Record<string, string[]> = {
	joy: ['happy', 'glad', 'love', 'great', 'wonderful', 'yay', 'delighted', 'excited', 'haha'],
	sadness: ['sad', 'cry', 'crying', 'miss', 'lonely', 'sorry', 'tears', 'grief'],
	anger: ['angry', 'hate', 'furious', 'mad', 'annoyed', 'rage'],
	fear: ['afraid', 'scared', 'terrified', 'fear', 'nervous', 'worried'],
	surprise: ['wow', 'surprised', 'unexpected', 'suddenly', 'whoa'],
	disgust: ['gross', 'disgusting', 'yuck', 'revolting'],
};

/** A keyword reading of the text's emotion: deterministic, so tests can predict it. */
export function inferEmotion(text: string): { emotion: string; confidence: number } {
	const words = text.toLowerCase().match(/[a-z']+/g) ?? [];
	let best = { emotion: 'neutral', hits: 0 };
	for (const [emotion, cues] of Object.entries(emotionWords)) {
		const hits = words.filter((word) => cues.includes(word)).length;
		if (hits > best.hits) best = { emotion, hits };
	}
	const confidence = best.hits === 0 ? 0.5 : Math.min(0.95, 0.55 + 0.1 * best.hits);
	return { emotion: best.emotion, confidence: Math.round(confidence * 100) / 100 };
}

/** Lore retrieval over every visible lorebook and embedded book, and emotion inference. */
export function loreRoutes(router: Router): void {
	router.post('/lore', 'token', lore);
	router.post('/api/infer/emotion', 'token', (context) => {
		const { text } = parseFields('body', bodyObject(context.body), { text: fields.requiredText(10_000) });
		return json(inferEmotion(text));
	});
}
