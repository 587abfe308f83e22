import { createInterface } from 'node:readline';
import {
	type APIApplicationCommandOption,
	type APIEmbed,
	type APIMessage,
	ApplicationCommandOptionType as T,
} from 'discord-api-types/v10';
import { type FakeDiscord, type InteractionHandle, type OptionValues, startFakeDiscord } from './index.js';
import { definitionsAt } from './interactions/options.js';

// `npm run fake-discord`: the fake Discord on its own, to try the bot without Discord. It prints
// the settings for .env, then reads commands typed as a member would send them.

const USAGE = `Type a command as a member would (the admin, unless you say otherwise):
  /help
  /setup token                      then: form setup:token token:<a token npm run sim prints>
  as member /imagine prompt:"a red fox" kind:image
  as member in <thread id> /chat say message:"Hello!"
  users, channels, quit`;

type UserName = keyof FakeDiscord['guild']['users'];

/** Splits a line into words; double quotes keep spaces inside one (`prompt:"a red fox"`). */
function words(line: string): string[] {
	return [...line.matchAll(/(?:[^\s"]+|"[^"]*")+/g)].map(([word]) => word.replace(/"/g, ''));
}

/** What a member typed: who, where, the command with its subcommand, and its options. */
interface Typed {
	user: UserName;
	channel: string | undefined;
	rest: string[];
}

function readPrefix(fake: FakeDiscord, line: string[]): Typed {
	const typed: Typed = { user: 'admin', channel: undefined, rest: [...line] };
	while (typed.rest[0] === 'as' || typed.rest[0] === 'in') {
		const [keyword, value = ''] = typed.rest.splice(0, 2);
		if (keyword === 'as') {
			if (!(value in fake.guild.users)) throw new Error(`no user ${value}; try admin, moderator, member or owner`);
			typed.user = value as UserName;
		} else {
			typed.channel = channelId(fake, value);
		}
	}
	return typed;
}

function channelId(fake: FakeDiscord, name: string): string {
	const channels = fake.guild.channels as unknown as Record<string, string>;
	return Object.hasOwn(channels, name) ? (channels[name] as string) : name.replace(/^<#|>$/g, '');
}

/** Option values typed as the command's definition says: numbers, booleans, users and channels. */
function optionValue(fake: FakeDiscord, definition: APIApplicationCommandOption | undefined, text: string) {
	if (definition?.type === T.Integer || definition?.type === T.Number) return Number(text);
	if (definition?.type === T.Boolean) return text === 'true';
	if (definition?.type === T.Channel) return channelId(fake, text.replace(/^#/, ''));
	if (definition?.type === T.User) {
		const users = fake.guild.users as unknown as Record<string, FakeDiscord['botUser']>;
		const name = text.replace(/^@/, '');
		return Object.hasOwn(users, name) ? (users[name] as FakeDiscord['botUser']) : text;
	}
	return text;
}

function sendSlash(fake: FakeDiscord, typed: Typed): InteractionHandle {
	const [command = '', ...tail] = typed.rest;
	const name = command.replace(/^\//, '');
	const registered = fake.commands(fake.guild.id).find((candidate) => candidate.name === name);
	const branches = (level: APIApplicationCommandOption[] | undefined) =>
		(level ?? []).filter((option) => option.type === T.Subcommand || option.type === T.SubcommandGroup);

	const path: string[] = [];
	let level = registered?.options;
	while (tail[0] && !tail[0].includes(':') && branches(level).some((option) => option.name === tail[0])) {
		const branch = tail.shift() as string;
		path.push(branch);
		level = definitionsAt(level, undefined, branch);
	}
	const [group, subcommand] = path.length === 2 ? path : [undefined, path[0]];
	const options: OptionValues = {};
	for (const word of tail) {
		const [key = '', ...value] = word.split(':');
		const definition = level?.find((option) => option.name === key);
		options[key] = optionValue(fake, definition, value.join(':'));
	}
	const user = fake.guild.users[typed.user];
	return fake.slash(name, options, { user, group, subcommand, channelId: typed.channel });
}

function sendForm(fake: FakeDiscord, typed: Typed): InteractionHandle {
	const [, customId = '', ...fields] = typed.rest;
	const values = Object.fromEntries(fields.map((field) => [field.split(':')[0], field.split(':').slice(1).join(':')]));
	return fake.modalSubmit(customId, values, { user: fake.guild.users[typed.user], channelId: typed.channel });
}

/** The text of a message or a response body: content and embed titles and descriptions. */
function textOf(body: unknown): string | undefined {
	if (typeof body !== 'object' || body === null) return undefined;
	const message = (body as { data?: unknown }).data ?? body;
	const { content, embeds } = message as { content?: string; embeds?: APIEmbed[] };
	const parts = [content, ...(embeds ?? []).flatMap((embed) => [embed.title, embed.description])];
	return parts.filter(Boolean).join('\n') || undefined;
}

interface FormPart {
	custom_id?: string;
	components?: FormPart[];
	component?: FormPart;
}

/** The custom ids of a form's inputs, in rows or in labels. */
function fieldsOf(parts: FormPart[] | undefined): string[] {
	return (parts ?? []).flatMap((part) => {
		const inner = [...(part.components ?? []), ...(part.component ? [part.component] : [])];
		return inner.length > 0 ? fieldsOf(inner) : part.custom_id ? [part.custom_id] : [];
	});
}

/** Whether an answer was private: an ephemeral reply, defer or follow-up. */
function isPrivate(body: unknown): boolean {
	const { flags = 0 } = ((body as { data?: unknown }).data ?? body ?? {}) as { flags?: number };
	return (flags & 64) === 64;
}

/** Messages already printed, by id, with the text printed; the watcher prints changes only. */
type Printed = Map<string, { text: string; printed: string; changedAt: number }>;

/** What the terminal keeps watching: the interactions answered, and the messages printed. */
interface Watched {
	printed: Printed;
	/** Interactions whose later edits and follow-ups are still printed, with when they were sent. */
	interactions: { handle: InteractionHandle; sentAt: number }[];
}

/** An interaction token lives 15 minutes; after that nothing more can come from it. */
const INTERACTION_LIFETIME_MS = 15 * 60_000;
/** A message is printed once it has not changed for this long (a stream of edits prints once). */
const SETTLED_MS = 1_500;

async function printAnswer(fake: FakeDiscord, handle: InteractionHandle, watched: Watched): Promise<void> {
	const answered = await fake
		.waitForResponse(handle, (response) => response.callbackType === 9 || textOf(response.body) !== undefined, 30_000)
		.catch(() => undefined);
	if (!answered) {
		console.log('(no answer within 30 seconds; is the bot running with these settings?)');
		return;
	}
	if (answered.callbackType === 9) {
		const form = ((answered.body as { data?: unknown }).data ?? answered.body) as FormPart;
		const fields = fieldsOf(form.components).map((field) => `${field}:<value>`);
		console.log(`(a form) answer it with: form ${form.custom_id} ${fields.join(' ')}`);
		return;
	}
	const text = textOf(answered.body) ?? '';
	const secret = fake.interactionResponses(handle).some((response) => isPrivate(response.body));
	if (answered.message) watched.printed.set(answered.message.id, { text, printed: text, changedAt: Date.now() });
	console.log(`${secret ? '(only you see this)' : '(public)'} ${text}`);
	watched.interactions.push({ handle, sentAt: Date.now() });
}

/** Notes a message's current text; true when it has settled on a text not printed yet. */
function settled(printed: Printed, id: string, text: string): boolean {
	const entry = printed.get(id) ?? { text, printed: '', changedAt: Date.now() };
	if (entry.text !== text) Object.assign(entry, { text, changedAt: Date.now() });
	printed.set(id, entry);
	if (entry.printed === text || Date.now() - entry.changedAt < SETTLED_MS) return false;
	entry.printed = text;
	return true;
}

/**
 * Prints what came of an interaction after its first answer, once each message stops changing:
 * edits of the answer (a public placeholder the bot turned into a sentence), follow-ups (an
 * error sent privately after a public "thinking…"), and answers the bot deleted. Returns the ids
 * of the interaction's messages, which the channel watcher leaves to this.
 */
function printLater(fake: FakeDiscord, handle: InteractionHandle, printed: Printed): string[] {
	const ids = new Set<string>();
	for (const response of fake.interactionResponses(handle)) if (response.message) ids.add(response.message.id);
	const deleted: string[] = [];
	let waiting = false;
	for (const id of ids) {
		const message = fake.message(id);
		if (!message) deleted.push(id);
		if (!message || (message.flags ?? 0) & 128) continue; // gone, or still "thinking…"
		const text = textOf(message) ?? '(a file or an empty message)';
		if (settled(printed, id, text)) console.log(`${isPrivate(message) ? '(only you see this)' : '(public)'} ${text}`);
		if (printed.get(id)?.printed !== text) waiting = true;
	}
	// A deleted answer is reported after what replaced it, in the order the member would see them.
	for (const id of waiting ? [] : deleted) {
		const entry = printed.get(id);
		if (!entry?.printed || entry.printed === DELETED) continue;
		entry.printed = DELETED;
		console.log(`(the bot deleted its answer: ${entry.text.split('\n')[0]})`);
	}
	return [...ids];
}

const DELETED = '\u0000deleted';

/**
 * Prints what the bot posts in the guild's channels and threads, and what becomes of the
 * interactions answered, once a message stops changing.
 */
function watch(fake: FakeDiscord, watched: Watched): NodeJS.Timeout {
	const print = (message: APIMessage, own: Set<string>) => {
		if (own.has(message.id)) return;
		const text = textOf(message) ?? '(a file or an empty message)';
		// Members' own lines are known already; the bot's are printed once they stop changing.
		if (!settled(watched.printed, message.id, text) || !message.author.bot) return;
		console.log(`[#${message.channel_id}] ${message.author.username}: ${text}`);
	};
	const channels = () => [...Object.values(fake.guild.channels), ...fake.threads().map((thread) => thread.id)];
	return setInterval(() => {
		const now = Date.now();
		watched.interactions = watched.interactions.filter(({ sentAt }) => now - sentAt < INTERACTION_LIFETIME_MS);
		const own = new Set(watched.interactions.flatMap(({ handle }) => printLater(fake, handle, watched.printed)));
		for (const channel of channels()) for (const message of fake.messages(channel)) print(message, own);
	}, 500);
}

async function run(fake: FakeDiscord, line: string, watched: Watched): Promise<void> {
	const typed = readPrefix(fake, words(line.trim()));
	const [first] = typed.rest;
	if (!first) return;
	if (first === 'users') console.log(Object.keys(fake.guild.users).join(', '));
	else if (first === 'channels') console.log(JSON.stringify(fake.guild.channels));
	else if (first === 'form') await printAnswer(fake, sendForm(fake, typed), watched);
	else if (first.startsWith('/')) await printAnswer(fake, sendSlash(fake, typed), watched);
	else console.log(USAGE);
}

async function main(): Promise<void> {
	const fake = await startFakeDiscord();
	console.log(`Fake Discord listening. Put these in .env (they change at every start):
DISCORD_TOKEN=${fake.botToken}
DISCORD_APPLICATION_ID=${fake.applicationId}
DISCORD_API_URL=${fake.apiUrl}
DISCORD_DEV_GUILD_ID=${fake.guild.id}
then, in another terminal: npm run deploy && npm start (and npm run sim for Rostro).

${USAGE}`);
	void fake.waitForIdentify({ timeoutMs: 24 * 3_600_000 }).then(
		() => console.log('(the bot connected)'),
		() => undefined,
	);
	const watched: Watched = { printed: new Map(), interactions: [] };
	const watcher = watch(fake, watched);

	const stop = async () => {
		clearInterval(watcher);
		await fake.close();
		process.exit(0);
	};
	process.once('SIGINT', () => void stop());
	process.once('SIGTERM', () => void stop());

	const input = createInterface({ input: process.stdin, terminal: process.stdin.isTTY });
	for await (const line of input) {
		if (line.trim() === 'quit') break;
		await run(fake, line, watched).catch((error: unknown) => console.log(`(${(error as Error).message})`));
	}
	await stop();
}

await main();
