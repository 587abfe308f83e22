import { hashText, pick } from './hash.js';

/** The model used when a request names none. */
export const DEFAULT_MODEL = 'mythomax';

/** The models `/v1/models` lists and chat accepts. */
export const modelIds = ['mythomax', 'asha', 'soji', 'mixtral', 'mistral', 'mobile', 'testing'] as const;

/** A chat message as the simulator reads it: text content, or OpenAI's list of content parts. */
export interface ChatMessage {
	role: string;
	content: string | { type: string; text?: string }[] | null;
	name?: string;
}

/** The fields of a completion request that decide its reply. */
export interface CompletionRequest {
	model?: string;
	messages: ChatMessage[];
	max_tokens?: number | null;
	stop?: string | string[] | null;
}

/** A reply after `stop` and `max_tokens` have been applied. */
export interface CompletionOutcome {
	/** The reply split the way it streams: each piece is one "token" (a word and the space before it). */
	tokens: string[];
	text: string;
	finishReason: 'stop' | 'length';
	/** The stop sequence that ended the reply, as vLLM reports it in `stop_reason`. */
	stopReason: string | null;
}

const openings = [
	'*tilts their head thoughtfully*',
	'*smiles warmly*',
	'*leans back and folds their arms*',
	'*pauses for a heartbeat*',
	'*laughs softly*',
];

const middles = [
	'That is an interesting thought, and I want to answer it properly rather than quickly.',
	'I have been turning that over in my mind, and I keep arriving at the same place.',
	'There is more to it than it seems, so let me walk through it one step at a time.',
	'Some people would brush that aside, but I think it deserves a real answer.',
];

const closings = [
	'So yes, I am with you, and I would like to hear what you think comes next.',
	'The short answer is yes; the long answer is a story for another evening.',
	'Tell me more, and I will tell you what I remember about the old road north.',
	'Either way, the kettle is on, and there is time enough to talk it through.',
];

function contentText(content: ChatMessage['content']): string {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return content.map((part) => (part.type === 'text' ? (part.text ?? '') : '')).join(' ');
}

function lastUserText(messages: ChatMessage[]): string {
	const last = [...messages].reverse().find((message) => message.role === 'user');
	return last ? contentText(last.content) : '';
}

function quoted(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}

/** The whole reply before any limit, decided by the model and the last user message alone. */
function fullReply(model: string, userText: string): string {
	const seed = hashText(`${model}\n${userText}`);
	const reply = [
		pick(openings, seed),
		`You said "${quoted(userText) || '...'}".`,
		pick(middles, seed >>> 3),
		pick(middles, (seed >>> 3) + 1),
		pick(closings, hashText(model) + (seed >>> 7)),
	].join(' ');

	if (!userText.includes('[think]')) return reply;
	const thought = `The user wrote "${quoted(userText)}". I should stay in character and answer kindly.`;
	return `<think>${thought}</think>\n${reply}`;
}

/** Splits text into streamed pieces: each word with the whitespace before it. */
export function splitTokens(text: string): string[] {
	return text.match(/\s*\S+/g) ?? [];
}

function stopList(stop: CompletionRequest['stop']): string[] {
	if (!stop) return [];
	return (Array.isArray(stop) ? stop : [stop]).filter((sequence) => sequence.length > 0);
}

/** Applies `stop` (the earliest sequence wins) and then `max_tokens`, as vLLM would. */
export function completionOutcome(body: CompletionRequest, modelOverride?: string): CompletionOutcome {
	let text = fullReply(modelOverride ?? body.model ?? DEFAULT_MODEL, lastUserText(body.messages));
	let stopReason: string | null = null;

	for (const sequence of stopList(body.stop)) {
		const at = text.indexOf(sequence);
		if (at >= 0) {
			text = text.slice(0, at);
			stopReason = sequence;
		}
	}

	const tokens = splitTokens(text);
	const limit = body.max_tokens ?? Number.POSITIVE_INFINITY;
	if (tokens.length <= limit) return { tokens, text: tokens.join(''), finishReason: 'stop', stopReason };

	const kept = tokens.slice(0, limit);
	return { tokens: kept, text: kept.join(''), finishReason: 'length', stopReason: null };
}

/**
 * The exact reply content the simulator gives for this request body, thinking included. For the
 * `/{model}/v1/…` routes, put the path's model in `model`: the path wins over the body.
 */
export function expectedCompletion(body: CompletionRequest): string {
	return completionOutcome(body).text;
}

/** The reply without its `<think>…</think>` block: what a user should finally see. */
export function expectedVisibleCompletion(body: CompletionRequest): string {
	return expectedCompletion(body)
		.replace(/^<think>[\s\S]*?<\/think>\s*/, '')
		.trim();
}

/** A rough prompt size for `usage`: words across all messages. */
export function promptTokenCount(messages: ChatMessage[]): number {
	return messages.reduce((total, message) => total + splitTokens(contentText(message.content)).length, 0);
}
