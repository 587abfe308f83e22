import { type ChatMessage, type CompletionRequest, DEFAULT_MODEL, modelIds } from './completion.js';
import { inferenceError, type ValidationIssue, validationError } from './replies.js';
import { bodyObject, fields, parseFields } from './validation.js';

/** A chat completion request after validation, with the model settled (path first, then body). */
export interface ChatRequest extends CompletionRequest {
	model: string;
	stream: boolean;
	/** `stream_options.include_usage`: send a usage chunk before [DONE]. */
	includeUsage: boolean;
}

function bodyIssue(loc: (string | number)[], type: string, msg: string, input: unknown): ValidationIssue {
	return { type, loc: ['body', ...loc], msg, input };
}

function isChatMessage(value: unknown): value is ChatMessage {
	const { role, content } = (value ?? {}) as Partial<ChatMessage>;
	const textual = typeof content === 'string' || Array.isArray(content) || content === null;
	return typeof role === 'string' && textual;
}

function isStop(value: unknown): boolean {
	if (value == null || typeof value === 'string') return true;
	return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function messageIssues(messages: unknown): ValidationIssue[] {
	if (messages === undefined) return [bodyIssue(['messages'], 'missing', 'Field required', null)];
	if (!Array.isArray(messages) || messages.length === 0) {
		return [bodyIssue(['messages'], 'list_type', 'Input should be a non-empty list', messages)];
	}

	return messages.flatMap((message, index) => {
		if (isChatMessage(message)) return [];
		return [bodyIssue(['messages', index], 'model_type', 'Input should be a chat message', message)];
	});
}

function stopIssues(stop: unknown): ValidationIssue[] {
	if (isStop(stop)) return [];
	return [bodyIssue(['stop'], 'string_type', 'Input should be a valid string or list', stop)];
}

/** Validates an OpenAI chat body the way the Rostro mimic does: 422 for shape, 404 for the model. */
export function parseChatRequest(body: unknown, pathModel: string | undefined): ChatRequest {
	const raw = bodyObject(body);
	const issues = [...messageIssues(raw.messages), ...stopIssues(raw.stop)];
	if (issues.length > 0) throw validationError(issues);

	const parsed = parseFields('body', raw, {
		model: fields.optionalText(200),
		max_tokens: fields.optionalInteger({ min: 1 }),
		temperature: fields.optionalNumber({ min: 0, max: 2 }),
		stream: fields.boolean(false),
	});
	const model = pathModel ?? parsed.model ?? DEFAULT_MODEL;
	if (!(modelIds as readonly string[]).includes(model)) {
		const message = `The model \`${model}\` does not exist.`;
		throw inferenceError(404, message, 'NotFoundError', { param: 'model' });
	}

	const streamOptions = raw.stream_options as { include_usage?: unknown } | undefined;
	return {
		model,
		messages: raw.messages as ChatMessage[],
		max_tokens: parsed.max_tokens,
		stop: raw.stop as CompletionRequest['stop'],
		stream: parsed.stream,
		includeUsage: streamOptions?.include_usage === true,
	};
}
