import type { APIAttachment, APIEmbed, APIMessage } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionHandle, InteractionResponse } from '../fakes/discord/index.js';
import { encodePng } from '../fakes/rostro/index.js';
import { expectNoTrouble, isEphemeral, startConnectedWorld, type World } from './world.js';

let world: World;

beforeAll(async () => {
	world = await startConnectedWorld();
});
afterAll(() => world?.close());
afterEach(() => {
	expectNoTrouble(world);
});

const ANSWER_TIMEOUT_MS = 20_000;
const MiB = 1024 * 1024;
const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.from([1, 0, 1, 0, 0, 0, 0]), Buffer.alloc(32)]);

function member() {
	return world.discord.guild.users.member;
}

function project(slug: string) {
	return world.rostro.project(`creator_a/${slug}`);
}

function uploads() {
	return world.rostro.requests.filter((request) => request.path === '/api/gallery/upload');
}

/** The bytes a gallery upload carried, decoded from its data URL. */
function uploadedBytes(body: unknown): { type: string; bytes: Buffer } {
	const image = (body as { image: string }).image;
	const found = /^data:([^;]+);base64,(.*)$/s.exec(image);
	if (!found) throw new Error(`not a base64 data URL: ${image.slice(0, 40)}`);
	return { type: found[1] ?? '', bytes: Buffer.from(found[2] ?? '', 'base64') };
}

function fileRequests(attachment: APIAttachment) {
	const path = new URL(attachment.url).pathname;
	return world.discord.calls.filter((call) => call.method === 'GET' && decodeURIComponent(call.path) === path);
}

function contentOf(response: InteractionResponse): string | undefined {
	return (response.body as { content?: string } | undefined)?.content;
}

/** The private answer that settles an interaction: an edit of the private defer, or an ephemeral reply. */
function settled(handle: InteractionHandle, timeoutMs = ANSWER_TIMEOUT_MS): Promise<InteractionResponse> {
	return world.discord.waitForResponse(
		handle,
		(response) =>
			(response.kind === 'editOriginal' || (response.kind === 'callback' && response.callbackType === 4)) &&
			Boolean(contentOf(response) || response.message?.embeds.length),
		timeoutMs,
	);
}

function embedsOf(response: InteractionResponse): APIEmbed[] {
	return response.message?.embeds ?? [];
}

function gallery(subcommand: string, options: Record<string, unknown>, channelId?: string): InteractionHandle {
	return world.discord.slash('gallery', options as never, { user: member(), subcommand, channelId });
}

describe('/gallery upload', () => {
	it('suggests the account’s own projects', async () => {
		const suggest = world.discord.autocomplete(
			'gallery',
			'project',
			{ project: 'cartog' },
			{
				user: member(),
				subcommand: 'upload',
			},
		);
		const choices = await world.discord.waitForResponse(suggest, (response) => response.callbackType === 8);
		expect((choices.body as { choices: unknown[] }).choices).toEqual([
			{
				name: 'Ari the Cartographer (creator_a/ari-the-cartographer)',
				value: String(project('ari-the-cartographer').id),
			},
		]);
	});

	it('uploads exactly the attachment’s bytes as a data URL and shows the new image', async () => {
		const png = encodePng({ width: 48, height: 32 }, 'a map of the coast');
		const image = world.discord.hostFile('coast.png', png);
		const ari = project('ari-the-cartographer');
		const handle = gallery('upload', { image, project: String(ari.id), caption: 'The northern coast' });

		const answer = await settled(handle);
		expect(isEphemeral(world.discord.interactionResponses(handle)[0] as InteractionResponse)).toBe(true);
		const body = uploads().at(-1)?.body as { project_id: number; caption: string };
		expect(body).toMatchObject({ project_id: ari.id, caption: 'The northern coast' });
		expect(uploadedBytes(body)).toEqual({ type: 'image/png', bytes: png });

		const stored = [...world.rostro.data.gallery.values()].at(-1);
		expect(stored?.bytes).toEqual(png);
		const [embed] = embedsOf(answer);
		expect(embed?.title).toBe('Added to the gallery of Ari the Cartographer');
		expect(embed?.image?.url).toContain(stored?.uuid);
		expect(embed?.footer?.text).toBe(`Image ${stored?.uuid}`);
	});

	it('refuses a file that is not an image although it is named .png, and uploads nothing', async () => {
		const before = uploads().length;
		const image = world.discord.hostFile('totally-a-picture.png', 'Dear diary, today I renamed a text file.');
		expect(image.content_type).toBe('image/png');
		const handle = gallery('upload', { image, project: String(project('unit-7').id) });

		expect(contentOf(await settled(handle))).toBe(
			'totally-a-picture.png is not a PNG, JPEG, WebP or GIF image (whatever its name says), so it was not uploaded.',
		);
		expect(uploads().length).toBe(before);
		expect(fileRequests(image)).toHaveLength(1); // fetched once, to read its first bytes
	});

	it('refuses an oversized attachment from its declared size, without downloading it', async () => {
		const hosted = world.discord.hostFile('poster.png', encodePng({ width: 8, height: 8 }, 'poster'));
		const image = { ...hosted, size: 30 * MiB };
		const handle = gallery('upload', { image, project: String(project('unit-7').id) });

		expect(contentOf(await settled(handle))).toBe('poster.png is 30.0 MiB; a gallery takes images up to 20.0 MiB.');
		expect(fileRequests(image)).toEqual([]);
	});

	it('turns Rostro’s refusal of someone else’s project into a sentence', async () => {
		const image = world.discord.hostFile('fan-art.gif', gif);
		const vesper = world.rostro.project('lanternfish/vesper');
		const handle = gallery('upload', { image, project: String(vesper.id) });
		expect(contentOf(await settled(handle))).toBe(
			"Only a project's creator may add to its gallery, so nothing was saved.",
		);
	});
});

describe('Upload to gallery', () => {
	interface SelectMenu {
		custom_id: string;
		options: { value: string; label: string }[];
	}

	function selectMenu(message: APIMessage | undefined): SelectMenu | undefined {
		const rows = (message?.components ?? []) as unknown as { components: SelectMenu[] }[];
		return rows[0]?.components[0];
	}

	it('uploads every image of a message to the chosen project, with the caption, and names any it refused', async () => {
		const { discord, rostro } = world;
		const png = encodePng({ width: 20, height: 20 }, 'tavern sign');
		const posted = discord.userSays(discord.guild.channels.general, 'two sketches', member(), [
			{ filename: 'sign.png', data: png },
			{ filename: 'notes.txt', data: 'not an image' },
			{ filename: 'dance.gif', data: gif },
			{ filename: 'blank.png', data: 'a text file dressed as a picture' },
		]);
		const handle = discord.messageContext('Upload to gallery', posted, { user: member() });

		const picker = await discord.waitForResponse(handle, (response) => Boolean(selectMenu(response.message)));
		expect(isEphemeral(discord.interactionResponses(handle)[0] as InteractionResponse)).toBe(true);
		expect(contentOf(picker)).toBe('Which project’s gallery should these 3 images go to?');
		const menu = selectMenu(picker.message);
		const own = [...rostro.data.projects.values()].filter((candidate) => candidate.creator === 'creator_a');
		expect(menu?.options.length).toBe(Math.min(25, own.length));

		const unit7 = project('unit-7');
		const select = discord.select(picker.message as APIMessage, menu?.custom_id ?? '', [String(unit7.id)], {
			user: member(),
		});
		const modal = await discord.waitForResponse(select, (response) => response.callbackType === 9);
		const modalId = (modal.body as { custom_id: string }).custom_id;
		const before = uploads().length;
		const submit = discord.modalSubmit(modalId, { caption: 'From the tavern' }, { user: member() });

		const answer = await settled(submit);
		expect(contentOf(answer)).toBe(
			'Uploaded 2 of 3 to the gallery of **UNIT-7**.\n' +
				'- blank.png is not a PNG, JPEG, WebP or GIF image (whatever its name says), so it was not uploaded.',
		);
		expect(embedsOf(answer)).toHaveLength(2);
		const sent = uploads().slice(before);
		expect(sent.map((request) => uploadedBytes(request.body))).toEqual([
			{ type: 'image/png', bytes: png },
			{ type: 'image/gif', bytes: gif },
		]);
		for (const request of sent)
			expect(request.body).toMatchObject({ project_id: unit7.id, caption: 'From the tavern' });
	});

	it('says so for a message without images', async () => {
		const { discord } = world;
		const posted = discord.userSays(discord.guild.channels.general, 'only words', member());
		const handle = discord.messageContext('Upload to gallery', posted, { user: member() });
		expect(contentOf(await settled(handle))).toBe('That message has no images to upload.');
	});
});

describe('/gallery view', () => {
	it('withholds NSFW images in a normal channel and says so', async () => {
		const velvet = project('madame-velvet-rose');
		const answer = await settled(gallery('view', { project: String(velvet.id) }));
		const seeded = [...world.rostro.data.gallery.values()].filter((image) => image.projectId === velvet.id);
		const safe = seeded.filter((image) => !image.nsfw);

		expect(embedsOf(answer).map((embed) => embed.footer?.text)).toEqual(safe.map((image) => `Image ${image.uuid}`));
		expect(contentOf(answer)).toContain(
			'2 NSFW images are withheld here: NSFW images show only in age-restricted channels.',
		);
	});

	it('shows them in the age-restricted channel', async () => {
		const velvet = project('madame-velvet-rose');
		const answer = await settled(gallery('view', { project: String(velvet.id) }, world.discord.guild.channels.nsfw));
		expect(embedsOf(answer)).toHaveLength(4);
		expect(contentOf(answer)).not.toContain('withheld');
	});

	it('pages with ◀ ▶', async () => {
		const { discord } = world;
		const ari = project('ari-the-cartographer');
		const count = [...world.rostro.data.gallery.values()].filter((image) => image.projectId === ari.id).length;
		expect(count).toBeGreaterThan(5);

		const first = await settled(gallery('view', { project: String(ari.id) }));
		expect(contentOf(first)).toContain('page 1 of 2');
		const rows = first.message?.components as { components: { custom_id: string }[] }[];
		const next = rows[0]?.components[1]?.custom_id ?? '';
		const turned = discord.button(first.message as APIMessage, next, { user: member() });
		const second = await discord.waitForResponse(
			turned,
			(response) => response.kind === 'editOriginal' && Boolean(contentOf(response)),
			ANSWER_TIMEOUT_MS,
		);
		expect(contentOf(second)).toContain('page 2 of 2');
		expect(embedsOf(second)).toHaveLength(count - 5);
	});
});

describe('/gallery delete', () => {
	it('deletes an image from a gallery of the member’s own account', async () => {
		const ari = project('ari-the-cartographer');
		const image = [...world.rostro.data.gallery.values()].find((candidate) => candidate.projectId === ari.id);
		const answer = await settled(gallery('delete', { image: image?.uuid ?? '' }));
		expect(contentOf(answer)).toBe('The image was deleted from its gallery.');
		expect(world.rostro.data.gallery.has(image?.uuid ?? '')).toBe(false);
	});

	it('refuses anyone else, in a sentence', async () => {
		const vesper = world.rostro.project('lanternfish/vesper');
		const image = [...world.rostro.data.gallery.values()].find((candidate) => candidate.projectId === vesper.id);
		const answer = await settled(gallery('delete', { image: image?.uuid ?? '' }));
		expect(contentOf(answer)).toBe('Only the member who uploaded this image, or its project’s creator, can delete it.');
		expect(world.rostro.data.gallery.has(image?.uuid ?? '')).toBe(true);
	});

	it('refuses something that is not an image id', async () => {
		const answer = await settled(gallery('delete', { image: 'the blue one' }));
		expect(contentOf(answer)).toContain('That is not an image id');
	});
});
