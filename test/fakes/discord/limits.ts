import { ButtonStyle, ComponentType, MessageFlags } from 'discord-api-types/v10';
import type { FormIssue } from './errors.js';

/** Discord's documented limits, enforced by the fake so a bot meets them in tests first. */
export const LIMITS = {
	content: 2000,
	embeds: 10,
	embedTotal: 6000,
	embedTitle: 256,
	embedDescription: 4096,
	embedFields: 25,
	fieldName: 256,
	fieldValue: 1024,
	footerText: 2048,
	authorName: 256,
	actionRows: 5,
	rowWidth: 5,
	customId: 100,
	buttonLabel: 80,
	componentsV2: 40,
	choices: 25,
	choiceText: 100,
	modalTitle: 45,
	webhooksPerChannel: 15,
	webhookName: 80,
	fileSize: 10 * 1024 * 1024, // bytes; the attachment_size_limit where nothing larger is granted
	interactionDeadline: 3000, // ms
	interactionTokenLifetime: 15 * 60_000, // ms
} as const;

/** The message fields a bot can send, as they arrive (untrusted JSON). */
export interface MessageBody {
	content?: unknown;
	embeds?: unknown;
	components?: unknown;
	flags?: unknown;
	attachments?: unknown;
	allowed_mentions?: unknown;
	message_reference?: unknown;
	tts?: unknown;
	sticker_ids?: unknown;
	poll?: unknown;
	username?: unknown;
	avatar_url?: unknown;
	thread_name?: unknown;
	applied_tags?: unknown;
}

interface LooseComponent {
	type?: number;
	custom_id?: unknown;
	style?: number;
	label?: unknown;
	url?: unknown;
	components?: LooseComponent[];
	component?: LooseComponent;
	accessory?: LooseComponent;
}

interface LooseEmbed {
	title?: string;
	description?: string;
	fields?: { name?: string; value?: string }[];
	footer?: { text?: string };
	author?: { name?: string };
}

type Path = (string | number)[];

const tooLong = (path: Path, max: number): FormIssue => ({
	path,
	code: 'BASE_TYPE_MAX_LENGTH',
	message: `Must be ${max} or fewer in length.`,
});

const badLength = (path: Path, min: number, max: number): FormIssue => ({
	path,
	code: 'BASE_TYPE_BAD_LENGTH',
	message: `Must be between ${min} and ${max} in length.`,
});

const required = (path: Path): FormIssue => ({ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });

const SELECTS = new Set<number>([
	ComponentType.StringSelect,
	ComponentType.UserSelect,
	ComponentType.RoleSelect,
	ComponentType.MentionableSelect,
	ComponentType.ChannelSelect,
]);

function textLength(value: unknown): number {
	return typeof value === 'string' ? value.length : 0;
}

function embedIssues(embeds: LooseEmbed[]): FormIssue[] {
	const issues: FormIssue[] = [];
	if (embeds.length > LIMITS.embeds) issues.push(tooLong(['embeds'], LIMITS.embeds));

	let total = 0;
	embeds.forEach((embed, index) => {
		const check = (value: unknown, max: number, ...path: Path) => {
			total += textLength(value);
			if (textLength(value) > max) issues.push(tooLong(['embeds', index, ...path], max));
		};
		check(embed.title, LIMITS.embedTitle, 'title');
		check(embed.description, LIMITS.embedDescription, 'description');
		check(embed.footer?.text, LIMITS.footerText, 'footer', 'text');
		check(embed.author?.name, LIMITS.authorName, 'author', 'name');
		const fields = embed.fields ?? [];
		if (fields.length > LIMITS.embedFields) issues.push(tooLong(['embeds', index, 'fields'], LIMITS.embedFields));
		fields.forEach((field, at) => {
			check(field.name, LIMITS.fieldName, 'fields', at, 'name');
			check(field.value, LIMITS.fieldValue, 'fields', at, 'value');
		});
	});

	if (total > LIMITS.embedTotal) {
		issues.push({
			path: ['embeds'],
			code: 'MAX_EMBED_SIZE_EXCEEDED',
			message: `Embed size exceeds maximum size of ${LIMITS.embedTotal}`,
		});
	}
	return issues;
}

/** Walks every component, nested ones included, with its path. */
function eachComponent(components: LooseComponent[], path: Path, visit: (c: LooseComponent, p: Path) => void): void {
	components.forEach((component, index) => {
		const here = [...path, index];
		visit(component, here);
		if (component.components) eachComponent(component.components, [...here, 'components'], visit);
		if (component.component) eachComponent([component.component], [...here, 'component'], visit);
		if (component.accessory) eachComponent([component.accessory], [...here, 'accessory'], visit);
	});
}

function componentFieldIssues(component: LooseComponent, path: Path): FormIssue[] {
	const issues: FormIssue[] = [];
	if (textLength(component.custom_id) > LIMITS.customId) issues.push(tooLong([...path, 'custom_id'], LIMITS.customId));
	if (component.type !== ComponentType.Button) return issues;

	if (textLength(component.label) > LIMITS.buttonLabel) issues.push(tooLong([...path, 'label'], LIMITS.buttonLabel));
	const isLink = component.style === ButtonStyle.Link;
	if (isLink && typeof component.url !== 'string') issues.push(required([...path, 'url']));
	const needsId = !isLink && component.style !== ButtonStyle.Premium;
	if (needsId && typeof component.custom_id !== 'string') issues.push(required([...path, 'custom_id']));
	return issues;
}

function rowIssues(rows: LooseComponent[]): FormIssue[] {
	const issues: FormIssue[] = [];
	if (rows.length > LIMITS.actionRows) issues.push(tooLong(['components'], LIMITS.actionRows));

	rows.forEach((row, index) => {
		const children = row.components ?? [];
		const hasSelect = children.some((child) => SELECTS.has(child.type ?? 0));
		if (row.type !== ComponentType.ActionRow) {
			issues.push({
				path: ['components', index, 'type'],
				code: 'UNION_TYPE_CHOICES',
				message: 'Expected an action row',
			});
		}
		if (children.length > LIMITS.rowWidth || (hasSelect && children.length > 1)) {
			issues.push({
				path: ['components', index, 'components'],
				code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
				message: 'The specified component exceeds the maximum width',
			});
		}
	});
	return issues;
}

function componentIssues(components: LooseComponent[], v2: boolean): FormIssue[] {
	const issues = v2 ? [] : rowIssues(components);
	let count = 0;
	eachComponent(components, ['components'], (component, path) => {
		count += 1;
		issues.push(...componentFieldIssues(component, path));
	});
	if (v2 && count > LIMITS.componentsV2) issues.push(tooLong(['components'], LIMITS.componentsV2));
	return issues;
}

/** Everything wrong with a message body, checked as Discord checks POST and PATCH bodies. */
export function messageIssues(body: MessageBody): FormIssue[] {
	const issues: FormIssue[] = [];
	const v2 = typeof body.flags === 'number' && (body.flags & MessageFlags.IsComponentsV2) !== 0;

	if (body.content !== undefined && body.content !== null && typeof body.content !== 'string') {
		issues.push({ path: ['content'], code: 'BASE_TYPE_STRING', message: 'Must be a string.' });
	}
	if (textLength(body.content) > LIMITS.content) issues.push(tooLong(['content'], LIMITS.content));
	if (Array.isArray(body.embeds)) issues.push(...embedIssues(body.embeds as LooseEmbed[]));
	if (Array.isArray(body.components)) issues.push(...componentIssues(body.components as LooseComponent[], v2));
	if (v2 && (textLength(body.content) > 0 || (Array.isArray(body.embeds) && body.embeds.length > 0))) {
		issues.push({
			path: ['content'],
			code: 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
			message: 'The content and embeds fields cannot be used when using components v2',
		});
	}
	return issues;
}

/** True when the body has something to show; Discord refuses empty messages with 50006. */
export function hasVisibleContent(body: MessageBody, fileCount: number): boolean {
	const nonEmpty = (value: unknown) => Array.isArray(value) && value.length > 0;
	return (
		textLength(body.content) > 0 ||
		nonEmpty(body.embeds) ||
		nonEmpty(body.components) ||
		nonEmpty(body.sticker_ids) ||
		body.poll !== undefined ||
		fileCount > 0
	);
}

/** Buttons with a custom_id and selects call back into an application; links and layout do not. */
export function hasInteractiveComponents(components: unknown): boolean {
	if (!Array.isArray(components)) return false;

	let found = false;
	eachComponent(components as LooseComponent[], [], (component) => {
		const button = component.type === ComponentType.Button && typeof component.custom_id === 'string';
		if (button || SELECTS.has(component.type ?? 0)) found = true;
	});
	return found;
}

/** Autocomplete answers: at most 25 choices, names and string values up to 100 characters. */
export function choiceIssues(choices: unknown): FormIssue[] {
	if (!Array.isArray(choices)) return [required(['choices'])];

	const issues: FormIssue[] = [];
	if (choices.length > LIMITS.choices) issues.push(tooLong(['choices'], LIMITS.choices));
	choices.forEach((choice: { name?: unknown; value?: unknown }, index) => {
		const name = textLength(choice.name);
		if (name < 1 || name > LIMITS.choiceText) issues.push(badLength(['choices', index, 'name'], 1, LIMITS.choiceText));
		if (textLength(choice.value) > LIMITS.choiceText)
			issues.push(tooLong(['choices', index, 'value'], LIMITS.choiceText));
	});
	return issues;
}

/** A modal: custom_id, a title up to 45 characters, one to five top-level components. */
export function modalIssues(data: { custom_id?: unknown; title?: unknown; components?: unknown }): FormIssue[] {
	const issues: FormIssue[] = [];
	if (typeof data.custom_id !== 'string') issues.push(required(['data', 'custom_id']));
	if (textLength(data.custom_id) > LIMITS.customId) issues.push(tooLong(['data', 'custom_id'], LIMITS.customId));
	const title = textLength(data.title);
	if (title < 1 || title > LIMITS.modalTitle) issues.push(badLength(['data', 'title'], 1, LIMITS.modalTitle));

	const components = Array.isArray(data.components) ? (data.components as LooseComponent[]) : [];
	if (components.length < 1 || components.length > 5) issues.push(badLength(['data', 'components'], 1, 5));
	eachComponent(components, ['data', 'components'], (component, path) => {
		if (textLength(component.custom_id) > LIMITS.customId)
			issues.push(tooLong([...path, 'custom_id'], LIMITS.customId));
	});
	return issues;
}

/** Webhook and webhook-message names: 1–80 characters, none of the words Discord reserves. */
export function webhookNameIssues(name: unknown, field: string): FormIssue[] {
	if (typeof name !== 'string') return [required([field])];
	if (name.length < 1 || name.length > LIMITS.webhookName) return [badLength([field], 1, LIMITS.webhookName)];

	const lower = name.toLowerCase();
	const reserved = ['clyde', 'discord'].find((word) => lower.includes(word));
	if (reserved) {
		return [{ path: [field], code: 'USERNAME_INVALID_CONTAINS', message: `Username cannot contain "${reserved}"` }];
	}
	if (lower === 'everyone' || lower === 'here') {
		return [{ path: [field], code: 'USERNAME_INVALID', message: `Username cannot be "${lower}"` }];
	}
	return [];
}
