import { once } from 'node:events';
import { createInflate, constants as zlibConstants } from 'node:zlib';
import {
	type APIMessage,
	ApplicationCommandOptionType,
	ButtonStyle,
	ChannelType,
	Client,
	ComponentType,
	DiscordAPIError,
	Events,
	type ForumChannel,
	GatewayIntentBits,
	type Interaction,
	LabelBuilder,
	type Message,
	MessageFlags,
	ModalBuilder,
	OverwriteType,
	PermissionFlagsBits,
	type RateLimitData,
	Routes,
	type TextChannel,
	TextInputBuilder,
	TextInputStyle,
} from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type FakeDiscord, type FakeDiscordOptions, startFakeDiscord } from './discord/index.js';

const INTENTS = [
	GatewayIntentBits.Guilds,
	GatewayIntentBits.GuildMessages,
	GatewayIntentBits.MessageContent,
	GatewayIntentBits.DirectMessages,
	GatewayIntentBits.GuildWebhooks,
];

/** Failures inside dispatch handlers surface only as unhandled rejections; any of them fails the file. */
const unhandled: unknown[] = [];
const keepUnhandled = (reason: unknown) => unhandled.push(reason);
/** Errors the bot's handlers threw that no test expected. */
const botFailures: unknown[] = [];

beforeAll(() => {
	process.on('unhandledRejection', keepUnhandled);
});
afterAll(() => {
	process.off('unhandledRejection', keepUnhandled);
});
afterEach(() => {
	expect(unhandled).toEqual([]);
	expect(botFailures).toEqual([]);
});

async function connect(fake: FakeDiscord, intents = INTENTS): Promise<Client> {
	const client = new Client({ intents, rest: { api: fake.apiUrl, offset: 0 }, waitGuildTimeout: 1000 });
	const ready = once(client, Events.ClientReady);
	await client.login(fake.botToken);
	await ready;
	return client;
}

/** The bot's side of a test: one async handler, whose unexpected failures are kept. */
function onInteraction(client: Client, handler: (interaction: Interaction) => Promise<void>): void {
	client.on(Events.InteractionCreate, (interaction) => {
		handler(interaction).catch((error: unknown) => botFailures.push(error));
	});
}

async function apiError(promise: Promise<unknown>): Promise<DiscordAPIError> {
	const outcome = await promise.then(
		() => new Error('expected the request to fail'),
		(error: unknown) => error,
	);
	if (!(outcome instanceof DiscordAPIError)) throw outcome;
	return outcome;
}

/** A promise and the function that settles it, to hold the bot at a point the test chooses. */
function gate(): { opened: Promise<void>; open: () => void } {
	let open = () => {};
	const opened = new Promise<void>((resolve) => {
		open = resolve;
	});
	return { opened, open };
}

const body = (value: unknown) => value as Record<string, unknown>;

describe('fake Discord with a discord.js client', () => {
	let fake: FakeDiscord;
	let client: Client;
	let general: TextChannel;

	beforeAll(async () => {
		fake = await startFakeDiscord();
		client = await connect(fake);
		general = client.channels.cache.get(fake.guild.channels.general) as TextChannel;
	});

	afterAll(async () => {
		await client?.destroy();
		await fake?.close();
	});

	afterEach(() => {
		client.removeAllListeners(Events.InteractionCreate);
		client.removeAllListeners(Events.MessageCreate);
		expect(fake.internalErrors).toEqual([]);
	});

	describe('login', () => {
		it('caches the guild, its four channels and the bot member from READY and GUILD_CREATE', () => {
			const guild = client.guilds.cache.get(fake.guild.id);
			const { channels } = fake.guild;
			if (!guild) throw new Error('the guild was not cached');

			expect(guild.available).toBe(true);
			expect(guild.channels.cache.get(channels.general)?.type).toBe(ChannelType.GuildText);
			expect((guild.channels.cache.get(channels.nsfw) as TextChannel).nsfw).toBe(true);
			expect(guild.channels.cache.get(channels.forum)?.type).toBe(ChannelType.GuildForum);
			expect(guild.systemChannelId).toBe(channels.system);
			expect(guild.members.me?.permissionsIn(general).has(PermissionFlagsBits.ManageWebhooks)).toBe(true);
			expect(client.application?.id).toBe(fake.applicationId);
			expect(fake.identifyCount).toBe(1);
		});

		it('serves guilds, members, channels and users over REST', async () => {
			const guild = await client.guilds.fetch({ guild: fake.guild.id, force: true });
			const member = await guild.members.fetch({ user: fake.guild.users.admin.id, force: true });
			const channel = await client.channels.fetch(fake.guild.channels.forum, { force: true });
			const user = await client.users.fetch(fake.guild.users.moderator.id, { force: true });
			const missing = await apiError(guild.members.fetch({ user: '1300000000000000009', force: true }));

			expect(guild.approximateMemberCount).toBe(5);
			expect(member.roles.cache.has(fake.guild.roles.admin)).toBe(true);
			expect(member.permissions.has(PermissionFlagsBits.ManageGuild)).toBe(true);
			expect(channel?.type).toBe(ChannelType.GuildForum);
			expect(user.username).toBe('moderator');
			expect(missing.code).toBe(10_007);
		});

		it('makes /gateway/bot the only REST call of a login, with the bot token', () => {
			const [call] = fake.calls;

			expect(call?.route).toBe('/gateway/bot');
			expect(call?.headers.authorization).toBe(`Bot ${fake.botToken}`);
		});
	});

	describe('slash commands', () => {
		it('records a reply, an edit of @original and an ephemeral follow-up in order', async () => {
			onInteraction(client, async (interaction) => {
				if (!interaction.isChatInputCommand()) return;
				await interaction.reply(`rolling d${interaction.options.getInteger('sides')}`);
				await interaction.editReply('rolled 4');
				await interaction.followUp({ content: 'only you see this', flags: MessageFlags.Ephemeral });
			});

			const roll = fake.slash('roll', { sides: 20 }, { user: fake.guild.users.member });
			await fake.waitForResponse(roll, (response) => response.kind === 'followUp');
			const [reply, edit, followUp] = fake.interactionResponses(roll);

			expect(reply).toMatchObject({ kind: 'callback', callbackType: 4, body: { content: 'rolling d20' } });
			expect(edit?.message?.content).toBe('rolled 4');
			expect((followUp?.message?.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
			const visible = fake.messages(general.id).filter((message) => message.interaction_metadata?.id === roll.id);
			expect(visible.map((message) => message.content)).toEqual(['rolled 4']);
		});

		it('keeps a deferred ephemeral reply out of the channel and fills it on editReply', async () => {
			onInteraction(client, async (interaction) => {
				if (!interaction.isChatInputCommand()) return;
				await interaction.deferReply({ flags: MessageFlags.Ephemeral });
				await interaction.editReply('done thinking');
			});

			const think = fake.slash('think', {}, { user: fake.guild.users.member });
			const edit = await fake.waitForResponse(think, (response) => response.kind === 'editOriginal');

			expect(fake.interactionResponses(think)[0]?.callbackType).toBe(5);
			expect(edit.message?.content).toBe('done thinking');
			expect(edit.message?.flags).toBe(MessageFlags.Ephemeral);
			expect(fake.messages(general.id).some((message) => message.id === edit.message?.id)).toBe(false);
		});

		it('lets the first follow-up after a deferral replace the thinking message, as Discord does', async () => {
			onInteraction(client, async (interaction) => {
				if (!interaction.isChatInputCommand()) return;
				await interaction.deferReply();
				await interaction.followUp('the answer');
			});

			const ask = fake.slash('ask', {}, { user: fake.guild.users.member });
			const followUp = await fake.waitForResponse(ask, (response) => response.kind === 'followUp');
			const mine = fake.messages(general.id).filter((message) => message.interaction_metadata?.id === ask.id);

			expect(mine).toHaveLength(1);
			expect(mine[0]?.id).toBe(followUp.message?.id);
			expect(mine[0]?.content).toBe('the answer');
			expect(mine[0]?.flags).toBe(0);
		});

		it('nests a subcommand and answers with_response with the created message', async () => {
			const seen: string[] = [];
			onInteraction(client, async (interaction) => {
				if (!interaction.isChatInputCommand()) return;
				const response = await interaction.reply({
					content: `${interaction.options.getSubcommand()} ${interaction.options.getString('name')}`,
					withResponse: true,
				});
				seen.push(response.resource?.message?.content ?? 'no message');
			});

			fake.slash('character', { name: 'Alice' }, { user: fake.guild.users.member, subcommand: 'show' });

			expect(await fake.waitFor(() => seen[0])).toBe('show Alice');
			const call = await fake.waitForCall((candidate) => candidate.query.with_response === 'true');
			expect(call.headers.authorization).toBeUndefined();
		});

		it('resolves an attachment option the bot can download', async () => {
			onInteraction(client, async (interaction) => {
				if (!interaction.isChatInputCommand()) return;
				const file = interaction.options.getAttachment('card', true);
				const text = await (await fetch(file.url)).text();
				await interaction.reply({ content: `${file.name}: ${text}`, flags: MessageFlags.Ephemeral });
			});

			const card = fake.hostFile('card.json', '{"name":"Alice"}');
			const upload = fake.slash('import', { card }, { user: fake.guild.users.member });

			expect((await fake.waitForResponse(upload)).message?.content).toBe('card.json: {"name":"Alice"}');
		});

		it('answers a slash command used in the bot DM', async () => {
			onInteraction(client, async (interaction) => {
				if (interaction.isChatInputCommand()) await interaction.reply(interaction.inGuild() ? 'guild' : 'dm');
			});
			const dm = fake.dmChannel(fake.guild.users.member);

			const help = fake.slash('help', {}, { user: fake.guild.users.member, channelId: dm });

			expect((await fake.waitForResponse(help)).message?.content).toBe('dm');
			expect(fake.messages(dm).at(-1)?.content).toBe('dm');
		});

		it('registers commands with ids and types options from the registered definition', async () => {
			const registered = await client.application?.commands.set([
				{
					name: 'greet',
					description: 'Greet someone',
					options: [
						{ name: 'who', description: 'The one to greet', type: ApplicationCommandOptionType.User, required: true },
					],
				},
			]);
			const greetId = registered?.first()?.id;
			const seen: string[] = [];
			onInteraction(client, async (interaction) => {
				if (!interaction.isChatInputCommand()) return;
				const who = interaction.options.getMember('who');
				seen.push(`${interaction.commandId} ${interaction.options.getUser('who')?.id} ${who ? 'member' : 'none'}`);
				await interaction.reply({ content: 'hi', allowedMentions: { parse: [] } });
			});

			fake.slash('greet', { who: fake.guild.users.admin }, { user: fake.guild.users.member });

			expect(fake.commands().map((command) => command.id)).toEqual([greetId]);
			expect(await fake.waitFor(() => seen[0])).toBe(`${greetId} ${fake.guild.users.admin.id} member`);
		});

		it('refuses a command name with capitals (50035)', async () => {
			const error = await apiError(
				client.rest.put(Routes.applicationCommands(fake.applicationId), {
					body: [{ name: 'Greet', description: 'x' }],
				}),
			);

			expect(error.code).toBe(50_035);
		});
	});

	describe('modals, autocomplete and components', () => {
		it('shows a modal and delivers its submission', async () => {
			onInteraction(client, async (interaction) => {
				if (interaction.isChatInputCommand()) {
					const input = new TextInputBuilder().setCustomId('token').setStyle(TextInputStyle.Short);
					const modal = new ModalBuilder()
						.setCustomId('link-modal')
						.setTitle('Link your account')
						.addLabelComponents(new LabelBuilder().setLabel('Token').setTextInputComponent(input));
					await interaction.showModal(modal);
					return;
				}
				if (!interaction.isModalSubmit()) return;
				const token = interaction.fields.getTextInputValue('token');
				await interaction.reply({ content: `linked ${token}`, flags: MessageFlags.Ephemeral });
			});

			const link = fake.slash('link', {}, { user: fake.guild.users.member });
			const shown = await fake.waitForResponse(link);
			const submit = fake.modalSubmit('link-modal', { token: 'tok-123' }, { user: fake.guild.users.member });
			const reply = await fake.waitForResponse(submit);

			expect(shown.callbackType).toBe(9);
			expect(reply.message?.content).toBe('linked tok-123');
		});

		it('sends autocomplete choices back to the fake', async () => {
			onInteraction(client, async (interaction) => {
				if (!interaction.isAutocomplete()) return;
				const typed = interaction.options.getFocused();
				await interaction.respond([{ name: `${typed}ice`, value: 'alice' }]);
			});

			const typing = fake.autocomplete('character', 'name', { name: 'Al' }, { user: fake.guild.users.member });
			const response = await fake.waitForResponse(typing);

			expect(response.callbackType).toBe(8);
			expect(body(response.body).choices).toEqual([{ name: 'Alice', value: 'alice' }]);
		});

		it('refuses more than 25 autocomplete choices (50035)', async () => {
			const codes: number[] = [];
			onInteraction(client, async (interaction) => {
				if (!interaction.isAutocomplete()) return;
				const choices = Array.from({ length: 26 }, (_, index) => ({ name: `c${index}`, value: `c${index}` }));
				codes.push((await apiError(interaction.respond(choices))).code as number);
			});

			fake.autocomplete('character', 'name', { name: '' }, { user: fake.guild.users.member });

			expect(await fake.waitFor(() => codes[0])).toBe(50_035);
		});

		it('clicks a button on the bot message and sees the message updated', async () => {
			onInteraction(client, async (interaction) => {
				if (interaction.isChatInputCommand()) {
					const button = {
						type: ComponentType.Button,
						style: ButtonStyle.Primary,
						custom_id: 'again',
						label: 'Again',
					} as const;
					await interaction.reply({
						content: 'roll?',
						components: [{ type: ComponentType.ActionRow, components: [button] }],
					});
					return;
				}
				if (!interaction.isButton()) return;
				await interaction.update({ content: `clicked ${interaction.customId}`, components: [] });
			});

			const roll = fake.slash('dice', {}, { user: fake.guild.users.member });
			const reply = await fake.waitForResponse(roll);
			const click = fake.button(reply.message as APIMessage, 'again', { user: fake.guild.users.member });
			const update = await fake.waitForResponse(click);

			expect(update.callbackType).toBe(7);
			expect(fake.message(reply.message?.id ?? '')?.content).toBe('clicked again');
			expect(fake.message(reply.message?.id ?? '')?.components).toEqual([]);
		});

		it('defers an update and edits the clicked message through @original', async () => {
			onInteraction(client, async (interaction) => {
				if (interaction.isChatInputCommand()) {
					const button = {
						type: ComponentType.Button,
						style: ButtonStyle.Secondary,
						custom_id: 'more',
						label: 'More',
					} as const;
					await interaction.reply({
						content: 'page 1',
						components: [{ type: ComponentType.ActionRow, components: [button] }],
					});
					return;
				}
				if (!interaction.isButton()) return;
				await interaction.deferUpdate();
				await interaction.editReply({ content: 'page 2' });
			});

			const pages = fake.slash('pages', {}, { user: fake.guild.users.member });
			const reply = await fake.waitForResponse(pages);
			const click = fake.button(reply.message as APIMessage, 'more', { user: fake.guild.users.member });
			const edit = await fake.waitForResponse(click, (response) => response.kind === 'editOriginal');

			expect(fake.interactionResponses(click)[0]?.callbackType).toBe(6);
			expect(edit.message?.id).toBe(reply.message?.id);
			expect(fake.message(reply.message?.id ?? '')?.content).toBe('page 2');
		});

		it('picks from a select menu', async () => {
			onInteraction(client, async (interaction) => {
				if (interaction.isChatInputCommand()) {
					const options = ['a', 'b'].map((value) => ({ label: value, value }));
					const select = { type: ComponentType.StringSelect, custom_id: 'pick', options } as const;
					await interaction.reply({
						content: 'pick one',
						components: [{ type: ComponentType.ActionRow, components: [select] }],
					});
					return;
				}
				if (!interaction.isStringSelectMenu()) return;
				await interaction.reply(`picked ${interaction.values.join(',')}`);
			});

			const menu = fake.slash('menu', {}, { user: fake.guild.users.member });
			const reply = await fake.waitForResponse(menu);
			const pick = fake.select(reply.message as APIMessage, 'pick', ['b'], { user: fake.guild.users.member });

			expect((await fake.waitForResponse(pick)).message?.content).toBe('picked b');
		});

		it('runs a message context menu whose target attachment the bot downloads from the fake', async () => {
			onInteraction(client, async (interaction) => {
				if (!interaction.isMessageContextMenuCommand()) return;
				const url = interaction.targetMessage.attachments.first()?.url ?? '';
				const text = await (await fetch(url)).text();
				await interaction.reply({ content: `read: ${text}`, flags: MessageFlags.Ephemeral });
			});

			const note = fake.userSays(general.id, 'see file', fake.guild.users.member, [
				{ filename: 'note.txt', data: 'hello from a file' },
			]);
			const inspect = fake.messageContext('Inspect', note, { user: fake.guild.users.moderator });

			expect((await fake.waitForResponse(inspect)).message?.content).toBe('read: hello from a file');
		});

		it('delivers a raw interaction payload and accepts the callback for its token', async () => {
			onInteraction(client, async (interaction) => {
				if (interaction.isChatInputCommand()) await interaction.reply('raw ok');
			});
			const member = fake.guild.users.member;

			const raw = fake.rawInteraction({
				id: '1300000000000000001',
				application_id: fake.applicationId,
				type: 2,
				token: 'raw-token',
				version: 1,
				data: { id: '1300000000000000002', name: 'raw', type: 1 },
				guild_id: fake.guild.id,
				member: { user: member, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
				app_permissions: '0',
				locale: 'en-US',
				entitlements: [],
				authorizing_integration_owners: { 0: fake.guild.id },
				attachment_size_limit: 10_485_760,
			});

			expect((await fake.waitForResponse(raw)).body).toMatchObject({ content: 'raw ok' });
		});
	});

	describe('interaction rules', () => {
		it('answers a second acknowledgement with 40060', async () => {
			onInteraction(client, async (interaction) => {
				if (interaction.isChatInputCommand()) await interaction.reply('first');
			});
			const first = fake.slash('once', {}, { user: fake.guild.users.member });
			await fake.waitForResponse(first);

			const response = await fetch(`${fake.apiUrl}/v10/interactions/${first.id}/${first.token}/callback`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ type: 4, data: { content: 'second' } }),
			});

			expect(response.status).toBe(400);
			expect(response.headers.get('content-type')).toBe('application/json');
			expect(await response.json()).toMatchObject({ code: 40_060 });
		});

		it('refuses @original edits once the token expired (401, 50027)', async () => {
			const hold = gate();
			const codes: number[] = [];
			onInteraction(client, async (interaction) => {
				if (!interaction.isChatInputCommand()) return;
				await interaction.reply('working');
				await hold.opened;
				codes.push((await apiError(interaction.editReply('too late'))).code as number);
			});

			const job = fake.slash('job', {}, { user: fake.guild.users.member });
			await fake.waitForResponse(job);
			fake.expireInteraction(job);
			hold.open();

			expect(await fake.waitFor(() => codes[0])).toBe(50_027);
		});
	});

	describe('messages', () => {
		it('uploads files as multipart and serves them back', async () => {
			const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
			const sent = await general.send({
				content: 'a picture',
				files: [{ attachment: bytes, name: 'pic.png', description: 'tiny' }],
			});
			const attachment = sent.attachments.first();
			const download = await fetch(attachment?.url ?? '');
			const call = fake.calls.find((candidate) => candidate.files.length > 0 && candidate.method === 'POST');

			expect(call?.files[0]).toMatchObject({ field: 'files[0]', filename: 'pic.png' });
			expect(body(call?.body).attachments).toEqual([expect.objectContaining({ id: '0', description: 'tiny' })]);
			expect(attachment?.description).toBe('tiny');
			expect(download.headers.get('content-type')).toBe('image/png');
			expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
		});

		it('echoes a user message as MESSAGE_CREATE with the member', async () => {
			const received = new Promise<Message>((resolve) => {
				client.on(Events.MessageCreate, (message) => {
					if (!message.author.bot) resolve(message);
				});
			});

			const said = fake.userSays(general.id, 'hello bot', fake.guild.users.member);
			const message = await received;

			expect(message.id).toBe(said.id);
			expect(message.content).toBe('hello bot');
			expect(message.member?.id).toBe(fake.guild.users.member.id);
		});

		it("echoes the bot's own messages too, so a bot must ignore them", async () => {
			const echoed = new Promise<Message>((resolve) => {
				client.on(Events.MessageCreate, (message) => {
					if (message.author.id === client.user?.id) resolve(message);
				});
			});

			const sent = await general.send('talking to myself');

			expect((await echoed).id).toBe(sent.id);
		});

		it('edits, fetches, types and deletes', async () => {
			const sent = await general.send('draft');
			await sent.edit('final');
			await general.sendTyping();
			const fetched = await general.messages.fetch({ message: sent.id, force: true });
			await fetched.delete();

			expect(fetched.content).toBe('final');
			expect(fetched.editedTimestamp).not.toBeNull();
			expect(fake.calls.some((call) => call.route === '/channels/:channelId/typing')).toBe(true);
			expect(fake.message(sent.id)).toBeUndefined();
		});

		it('retries a send after an injected 500', async () => {
			fake.fail({ method: 'POST', path: '/channels/:channelId/messages' }, { status: 500 });

			const sent = await general.send('second time lucky');
			const attempts = fake.calls.filter((call) => body(call.body)?.content === 'second time lucky');

			expect(attempts.map((call) => call.status)).toEqual([500, 200]);
			expect(fake.message(sent.id)?.content).toBe('second time lucky');
		});

		it('refuses content over 2000 characters and too many action rows (50035)', async () => {
			const long = await apiError(general.send('x'.repeat(2001)));
			const rows = Array.from({ length: 6 }, (_, index) => ({
				type: 1,
				components: [{ type: 2, style: 1, custom_id: `b${index}`, label: 'b' }],
			}));
			const tooManyRows = await apiError(
				client.rest.post(Routes.channelMessages(general.id), { body: { content: 'rows', components: rows } }),
			);
			const longId = await apiError(
				client.rest.post(Routes.channelMessages(general.id), {
					body: {
						components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'x'.repeat(101), label: 'b' }] }],
					},
				}),
			);

			expect(long.code).toBe(50_035);
			expect(long.rawError).toMatchObject({ errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } });
			expect(tooManyRows.code).toBe(50_035);
			expect(longId.code).toBe(50_035);
		});

		it('makes @everyone ping without allowed_mentions and records what a message allowed', async () => {
			const loud = await general.send('@everyone look');
			const quiet = await general.send({ content: '@everyone look', allowedMentions: { parse: [] } });

			expect(fake.message(loud.id)?.mention_everyone).toBe(true);
			expect(fake.allowedMentionsOf(loud.id)).toBeUndefined();
			expect(fake.message(quiet.id)?.mention_everyone).toBe(false);
			expect(fake.allowedMentionsOf(quiet.id)).toEqual({ parse: [] });
		});

		it('opens a DM channel and sends to it', async () => {
			const user = await client.users.fetch(fake.guild.users.member.id);
			await user.send('a private word');

			expect(fake.messages(fake.dmChannel(fake.guild.users.member)).at(-1)?.content).toBe('a private word');
		});
	});

	describe('threads and webhooks', () => {
		it('creates a thread and posts into it through a webhook with thread_id', async () => {
			const thread = await general.threads.create({ name: 'Scene one', type: ChannelType.PublicThread });
			const webhook = await general.createWebhook({ name: 'Narrator' });
			const sent = await webhook.send({
				content: 'Once upon a time',
				username: 'Alice',
				threadId: thread.id,
				allowedMentions: { parse: [] },
			});
			await webhook.editMessage(sent, { content: 'Once upon a midnight', threadId: thread.id });
			const stored = fake.messages(thread.id);

			expect(fake.threads(general.id).map((channel) => channel.id)).toContain(thread.id);
			expect(fake.webhooks(general.id)[0]?.application_id).toBe(fake.applicationId);
			expect(sent.channelId).toBe(thread.id);
			expect(sent.webhookId).toBe(webhook.id);
			expect(stored.map((message) => [message.author.username, message.content])).toEqual([
				['Alice', 'Once upon a midnight'],
			]);
			const execute = fake.calls.find(
				(call) => call.method === 'POST' && call.path.startsWith(`/webhooks/${webhook.id}/`),
			);
			expect(execute?.query).toMatchObject({ wait: 'true', thread_id: thread.id });
			expect(execute?.headers.authorization).toBeUndefined();
		});

		it('starts a thread from a message with the message id, and a private thread that is not invitable', async () => {
			const starter = await general.send('start here');
			const fromMessage = await starter.startThread({ name: 'Follow-up' });
			const hidden = await general.threads.create({
				name: 'Secret',
				type: ChannelType.PrivateThread,
				invitable: false,
			});
			await hidden.members.add(fake.guild.users.member.id);

			expect(fromMessage.id).toBe(starter.id);
			expect(hidden.type).toBe(ChannelType.PrivateThread);
			expect(hidden.invitable).toBe(false);
			expect(fake.calls.some((call) => call.method === 'PUT' && call.route.includes('thread-members'))).toBe(true);
		});

		it('reopens an archived thread on a post, and refuses one that is also locked (50083)', async () => {
			const thread = await general.threads.create({ name: 'Old scene', type: ChannelType.PublicThread });
			await thread.setArchived(true);
			await thread.send('waking it up');
			const reopened = fake.threads(general.id).find((channel) => channel.id === thread.id);

			await thread.setLocked(true);
			await thread.setArchived(true);
			const refused = await apiError(thread.send('no one hears this'));

			expect(reopened).toMatchObject({ thread_metadata: { archived: false } });
			expect(refused.code).toBe(50_083);
		});

		it('creates a forum post whose starter message shares the thread id', async () => {
			const forum = client.channels.cache.get(fake.guild.channels.forum) as ForumChannel;
			const post = await forum.threads.create({ name: 'Character sheet', message: { content: 'Name: Alice' } });

			expect(fake.messages(post.id)).toEqual([expect.objectContaining({ id: post.id, content: 'Name: Alice' })]);
			expect(fake.threads(forum.id)[0]).not.toHaveProperty('nsfw');
		});

		it('lets only app-owned webhooks carry buttons (50035 otherwise)', async () => {
			const row = {
				type: ComponentType.ActionRow,
				components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: 'w', label: 'W' }],
			} as const;
			const own = await general.createWebhook({ name: 'Own' });
			const foreign = fake.addWebhook(general.id, { name: 'Someone else' });
			const foreignWebhook = await client.fetchWebhook(foreign.id, foreign.token);

			const sent = await own.send({ content: 'with a button', components: [row] });
			const refused = await apiError(foreignWebhook.send({ content: 'with a button', components: [row] }));

			expect(sent.components).toHaveLength(1);
			expect(refused.code).toBe(50_035);
		});

		it('retries a webhook execution after a 429 with Retry-After', async () => {
			const webhook = await general.createWebhook({ name: 'Patient' });
			const path = `/webhooks/${webhook.id}/${webhook.token}`;
			const waits: RateLimitData[] = [];
			const keep = (info: RateLimitData) => waits.push(info);
			client.rest.on('rateLimited', keep);
			fake.fail({ method: 'POST', path }, { status: 429, retryAfter: 1 });

			const sent = await webhook.send('after waiting');
			client.rest.off('rateLimited', keep);
			const attempts = fake.calls.filter((call) => call.method === 'POST' && call.path === path);
			// discord.js may also pause for its own 50 requests/s cap; only the webhook's wait is ours.
			const ours = waits.find((info) => !info.global && info.route.startsWith('/webhooks/'));

			expect(attempts.map((call) => call.status)).toEqual([429, 200]);
			expect(ours?.retryAfter).toBeGreaterThan(0);
			expect(ours?.retryAfter).toBeLessThanOrEqual(1000);
			expect(fake.message(sent.id)?.content).toBe('after waiting');
		});

		it('refuses the sixteenth webhook in a channel (30007)', async () => {
			const system = client.channels.cache.get(fake.guild.channels.system) as TextChannel;
			for (let index = 0; index < 15; index += 1) await system.createWebhook({ name: `Hook ${index}` });

			const error = await apiError(system.createWebhook({ name: 'One too many' }));

			expect(error.code).toBe(30_007);
			expect(fake.webhooks(system.id)).toHaveLength(15);
		});
	});

	describe('permissions', () => {
		it('answers 50013 when an overwrite takes Manage Webhooks from the bot', async () => {
			const nsfw = client.channels.cache.get(fake.guild.channels.nsfw) as TextChannel;
			const updated = once(client, Events.ChannelUpdate);
			fake.setPermissions(nsfw.id, [
				{ id: fake.guild.roles.bot, type: OverwriteType.Role, deny: PermissionFlagsBits.ManageWebhooks },
			]);
			await updated;

			const error = await apiError(nsfw.createWebhook({ name: 'Not allowed' }));

			expect(nsfw.permissionsFor(client.user?.id ?? '')?.has(PermissionFlagsBits.ManageWebhooks)).toBe(false);
			expect(error.code).toBe(50_013);
			fake.setPermissions(nsfw.id, []);
		});

		it('answers 50013 in a thread when Send Messages in Threads is denied', async () => {
			const thread = await general.threads.create({ name: 'Quiet', type: ChannelType.PublicThread });
			fake.setPermissions(general.id, [
				{ id: fake.guild.roles.bot, type: OverwriteType.Role, deny: PermissionFlagsBits.SendMessagesInThreads },
			]);

			const error = await apiError(thread.send('hello?'));
			fake.setPermissions(general.id, []);

			expect(error.code).toBe(50_013);
			expect(await general.send('still fine here')).toBeTruthy();
		});
	});

	describe('guild membership', () => {
		it('dispatches GUILD_CREATE when the bot joins and GUILD_DELETE when it is removed', async () => {
			const joined = once(client, Events.GuildCreate);
			const added = fake.addGuild({ name: 'New Friends' });
			const [guild] = await joined;
			expect(guild.id).toBe(added.id);
			expect(guild.channels.cache.has(added.channels.general)).toBe(true);

			const left = once(client, Events.GuildDelete);
			fake.removeGuild(added.id);
			const [gone] = await left;

			expect(gone.id).toBe(added.id);
			expect(client.guilds.cache.has(added.id)).toBe(false);
		});

		it('gives an added guild an admin and a member who run commands there, and nowhere else', async () => {
			const joined = once(client, Events.GuildCreate);
			const added = fake.addGuild({ name: 'Second Home' });
			await joined;
			const seen: { guildId: string | null; admin: boolean }[] = [];
			onInteraction(client, async (interaction) => {
				if (!interaction.isChatInputCommand()) return;
				seen.push({ guildId: interaction.guildId, admin: interaction.memberPermissions?.has('ManageGuild') ?? false });
				await interaction.reply({ content: 'ok', flags: MessageFlags.Ephemeral });
			});

			const here = { channelId: added.channels.general };
			await fake.waitForResponse(fake.slash('ping', {}, { user: added.users.admin, ...here }));
			await fake.waitForResponse(fake.slash('ping', {}, { user: added.users.member, ...here }));
			// In the main guild they are strangers: Discord sends no guild or member for them there.
			await fake.waitForResponse(fake.slash('ping', {}, { user: added.users.member }));

			expect(seen).toEqual([
				{ guildId: added.id, admin: true },
				{ guildId: added.id, admin: false },
				{ guildId: null, admin: false },
			]);
			fake.removeGuild(added.id);
		});
	});
});

describe('fake Discord deadlines on an injected clock', () => {
	let clock = Date.now();
	let fake: FakeDiscord;
	let client: Client;

	beforeAll(async () => {
		const options: FakeDiscordOptions = { now: () => clock };
		fake = await startFakeDiscord(options);
		client = await connect(fake);
	});

	afterAll(async () => {
		await client?.destroy();
		await fake?.close();
	});

	it('answers a callback after the 3-second window with 10062', async () => {
		const codes: number[] = [];
		onInteraction(client, async (interaction) => {
			if (!interaction.isChatInputCommand()) return;
			clock += 3001;
			codes.push((await apiError(interaction.reply('too slow'))).code as number);
		});

		fake.slash('slow', {}, { user: fake.guild.users.member });

		expect(await fake.waitFor(() => codes[0])).toBe(10_062);
	});
});

describe('fake Discord deadline option', () => {
	let fake: FakeDiscord;
	let client: Client;

	beforeAll(async () => {
		fake = await startFakeDiscord({ interactionDeadlineMs: 1 });
		client = await connect(fake);
	});

	afterAll(async () => {
		await client?.destroy();
		await fake?.close();
	});

	it('uses interactionDeadlineMs for the acknowledgement window', async () => {
		const codes: number[] = [];
		onInteraction(client, async (interaction) => {
			if (!interaction.isChatInputCommand()) return;
			// Waits until the fake's 1 ms window has certainly passed; no upper bound matters.
			await fake.waitFor(() => Date.now() - interaction.createdTimestamp > 5 || undefined);
			codes.push((await apiError(interaction.reply('late'))).code as number);
		});

		fake.slash('slow', {}, { user: fake.guild.users.member });

		expect(await fake.waitFor(() => codes[0])).toBe(10_062);
	});
});

describe('fake Discord webhook rate limit', () => {
	let fake: FakeDiscord;

	beforeAll(async () => {
		// A minute-long window, so a slow machine cannot let the window lapse between requests.
		fake = await startFakeDiscord({ webhookRate: { requests: 5, perMs: 60_000 } });
	});

	afterAll(async () => {
		await fake?.close();
	});

	it('allows five executions per webhook, then 429 with Retry-After and rate-limit headers', async () => {
		const webhook = fake.addWebhook(fake.guild.channels.general, { ownedByApp: true });
		const execute = () =>
			fetch(`${fake.apiUrl}/v10/webhooks/${webhook.id}/${webhook.token}?wait=true`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ content: 'hi', allowed_mentions: { parse: [] } }),
			});

		const responses = [];
		for (let index = 0; index < 6; index += 1) responses.push(await execute());
		const first = responses[0];
		const limited = responses[5];

		expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 429]);
		expect(first?.headers.get('x-ratelimit-limit')).toBe('5');
		expect(first?.headers.get('x-ratelimit-remaining')).toBe('4');
		expect(first?.headers.get('x-ratelimit-bucket')).toBeTruthy();
		expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(Number(limited?.headers.get('retry-after'))).toBeLessThanOrEqual(60);
		expect(await limited?.json()).toMatchObject({ message: 'You are being rate limited.', global: false });
	});
});

describe('fake Discord webhook pacing with discord.js', () => {
	let fake: FakeDiscord;
	let client: Client;

	beforeAll(async () => {
		fake = await startFakeDiscord({ webhookRate: { requests: 2, perMs: 300 } });
		client = await connect(fake);
	});

	afterAll(async () => {
		await client?.destroy();
		await fake?.close();
	});

	it('gets every message through a tight webhook limit, in order', async () => {
		const channel = client.channels.cache.get(fake.guild.channels.general) as TextChannel;
		const webhook = await channel.createWebhook({ name: 'Chatty' });

		for (let index = 0; index < 5; index += 1) await webhook.send(`line ${index}`);

		const lines = fake.messages(channel.id).filter((message) => message.webhook_id === webhook.id);
		expect(lines.map((message) => message.content)).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
	});
});

describe('fake Discord gateway', () => {
	let fake: FakeDiscord;
	let client: Client;

	beforeAll(async () => {
		fake = await startFakeDiscord();
		client = await connect(fake);
	});

	afterAll(async () => {
		await client?.destroy();
		await fake?.close();
	});

	it('lets the client resume after close code 4000 and replays what it missed', async () => {
		const resumed = once(client, Events.ShardResume);
		const missedSeen = new Promise<Message>((resolve) => {
			client.on(Events.MessageCreate, (message) => resolve(message));
		});

		fake.disconnect(4000);
		const missed = fake.userSays(fake.guild.channels.general, 'while you were away', fake.guild.users.member);
		await resumed;

		expect((await missedSeen).id).toBe(missed.id);
		expect(fake.resumeCount).toBe(1);
		expect(fake.identifyCount).toBe(1);
		expect(fake.gatewayFrames.some((frame) => frame.op === 6)).toBe(true);
	});

	it('strips message content for a client without the Message Content intent, unless it is mentioned', async () => {
		const blind = await connect(fake, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);
		await fake.waitForIdentify({ count: 2 });
		const contents: string[] = [];
		blind.on(Events.MessageCreate, (message) => contents.push(message.content));

		fake.userSays(fake.guild.channels.general, 'secret plans', fake.guild.users.member);
		fake.userSays(fake.guild.channels.general, `<@${fake.botUser.id}> hello`, fake.guild.users.member);
		await fake.waitFor(() => contents.length === 2 || undefined);
		await blind.destroy();

		expect(contents).toEqual(['', `<@${fake.botUser.id}> hello`]);
	});
});

/** A bare gateway client, to see the frames themselves. */
class RawGatewayClient {
	readonly frames: { op: number; t?: string | null; s?: number | null; d?: unknown }[] = [];
	readonly #socket: WebSocket;
	readonly #waiters = new Set<() => void>();

	constructor(url: string, compressed: boolean) {
		this.#socket = new WebSocket(url);
		const inflate = compressed ? createInflate() : null;
		const chunks: Buffer[] = [];
		inflate?.on('data', (chunk: Buffer) => chunks.push(chunk));
		this.#socket.on('message', (data: Buffer, isBinary) => {
			if (!inflate) {
				this.#push(isBinary ? '' : data.toString());
				return;
			}
			inflate.write(data);
			inflate.flush(zlibConstants.Z_SYNC_FLUSH, () => this.#push(Buffer.concat(chunks.splice(0)).toString()));
		});
	}

	send(payload: unknown): void {
		this.#socket.send(JSON.stringify(payload));
	}

	next(predicate: (frame: RawGatewayClient['frames'][number]) => boolean): Promise<RawGatewayClient['frames'][number]> {
		return new Promise((resolve) => {
			const check = () => {
				const found = this.frames.find(predicate);
				if (!found) return;
				this.#waiters.delete(check);
				resolve(found);
			};
			this.#waiters.add(check);
			check();
		});
	}

	close(): void {
		this.#socket.close(1000);
	}

	#push(text: string): void {
		this.frames.push(JSON.parse(text));
		for (const waiter of [...this.#waiters]) waiter();
	}
}

describe('fake Discord gateway frames', () => {
	let fake: FakeDiscord;

	beforeAll(async () => {
		fake = await startFakeDiscord();
	});

	afterAll(async () => {
		await fake?.close();
	});

	async function handshake(compressed: boolean) {
		const query = compressed ? '?v=10&encoding=json&compress=zlib-stream' : '?v=10&encoding=json';
		const raw = new RawGatewayClient(`${fake.gatewayUrl}${query}`, compressed);
		const hello = await raw.next((frame) => frame.op === 10);
		raw.send({ op: 2, d: { token: fake.botToken, intents: 1, properties: {}, shard: [0, 1] } });
		const guildCreate = await raw.next((frame) => frame.t === 'GUILD_CREATE');
		raw.send({ op: 1, d: guildCreate.s });
		await raw.next((frame) => frame.op === 11);
		raw.close();
		return { hello, frames: raw.frames };
	}

	it('sends HELLO, READY and GUILD_CREATE as op 0 with increasing s, and ACKs heartbeats', async () => {
		const { hello, frames } = await handshake(false);
		const dispatches = frames.filter((frame) => frame.op === 0);

		expect(hello.d).toEqual({ heartbeat_interval: 41_250 });
		expect(dispatches.map((frame) => [frame.t, frame.s])).toEqual([
			['READY', 1],
			['GUILD_CREATE', 2],
		]);
		expect(frames.at(-1)?.op).toBe(11);
	});

	it('speaks zlib-stream: one deflate context per socket, each packet flushed', async () => {
		const { hello, frames } = await handshake(true);
		const ready = frames.find((frame) => frame.t === 'READY')?.d as { session_id?: string; user?: { id: string } };

		expect(hello.op).toBe(10);
		expect(ready.user?.id).toBe(fake.botUser.id);
		expect(frames.find((frame) => frame.t === 'GUILD_CREATE')?.d).toMatchObject({ id: fake.guild.id });
		expect(frames.at(-1)?.op).toBe(11);
	});

	it('closes with 4004 on a wrong token', async () => {
		const socket = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
		await once(socket, 'message');
		socket.send(JSON.stringify({ op: 2, d: { token: 'wrong', intents: 1, properties: {} } }));
		const [code] = await once(socket, 'close');

		expect(code).toBe(4004);
	});
});
