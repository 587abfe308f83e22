/** A seeded account; the first three have tokens (see `tokenSeeds`). */
export interface UserSeed {
	id: number;
	userName: string;
	email: string;
	credits: number;
	bio: string;
	followsUsers: string[];
	followsTags: string[];
	/** Project slugs the user has marked as favourite. */
	favorites: string[];
}

export const userSeeds: UserSeed[] = [
	{
		id: 4242,
		userName: 'creator_a',
		email: 'creator_a@example.test',
		credits: 5000,
		bio: 'I write maps, pirates and very long names.',
		followsUsers: ['creator_b', 'lanternfish'],
		followsTags: ['Sci-Fi'],
		favorites: ['kael-the-exiled-prince'],
	},
	{
		id: 4343,
		userName: 'creator_b',
		email: 'creator_b@example.test',
		credits: 1200,
		bio: 'Noir, princes and dragons. Feedback welcome.',
		followsUsers: ['creator_a'],
		followsTags: ['Mystery'],
		favorites: ['ari-the-cartographer', 'unit-7'],
	},
	{
		id: 5151,
		userName: 'reader',
		email: 'reader@example.test',
		credits: 500,
		bio: 'Mostly here to read.',
		followsUsers: ['creator_a', 'creator_b'],
		followsTags: ['Fantasy'],
		favorites: ['ari-the-cartographer', 'grandma-hilde', 'mochi'],
	},
	{
		id: 6060,
		userName: 'lanternfish',
		email: 'lanternfish@example.test',
		credits: 80,
		bio: 'Cozy stories and ship computers.',
		followsUsers: [],
		followsTags: [],
		favorites: [],
	},
	{
		id: 7070,
		userName: 'velvet_circuit',
		email: 'velvet_circuit@example.test',
		credits: 300,
		bio: 'Cyberpunk and history, sometimes both.',
		followsUsers: ['creator_b'],
		followsTags: ['Cyberpunk'],
		favorites: [],
	},
];

/** Which seeded users get a token at start, under which name in `RostroSimulator.tokens`. */
export const tokenSeeds = { creatorA: 'creator_a', creatorB: 'creator_b', reader: 'reader' } as const;

/** Projects with seeded gallery images, and which of those images are NSFW (by position). */
export const gallerySeeds: { slug: string; images: number; nsfwAt: number[] }[] = [
	{ slug: 'ari-the-cartographer', images: 5, nsfwAt: [] },
	{ slug: 'madame-velvet-rose', images: 4, nsfwAt: [1, 3] },
	{ slug: 'kael-the-exiled-prince', images: 3, nsfwAt: [2] },
	{ slug: 'unit-7', images: 2, nsfwAt: [] },
	{ slug: 'vesper', images: 3, nsfwAt: [0, 1, 2] },
];
