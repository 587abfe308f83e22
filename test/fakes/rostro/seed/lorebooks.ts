import type { LoreSeed } from './characters.js';

/** A seeded lorebook project: its World-Info entries are built from `entries`. */
export interface LorebookSeed {
	slug: string;
	name: string;
	creator: string;
	tagline: string;
	tags: string[];
	entries: (LoreSeed & { constant?: boolean })[];
}

export const lorebookSeeds: LorebookSeed[] = [
	{
		slug: 'silverfen-atlas',
		name: 'Silverfen Atlas',
		creator: 'creator_a',
		tagline: 'Places, roads and ferries of the drowned kingdom.',
		tags: ['Fantasy', 'Lorebook'],
		entries: [
			{
				keys: ['Silverfen'],
				content: 'Silverfen: a drowned kingdom of reed villages linked by ferries.',
				constant: true,
			},
			{ keys: ['Compass Inn', 'inn'], content: 'The Compass Inn stands on stilts where four ferry lines meet.' },
			{ keys: ['ferry', 'ferries'], content: 'Silverfen ferries run on tides, not timetables, and sink often.' },
			{ keys: ['Mirewatch', 'tower'], content: 'Mirewatch is a leaning tower whose keepers map the shifting marsh.' },
		],
	},
	{
		slug: 'port-ember-gazetteer',
		name: 'Port Ember Gazetteer',
		creator: 'creator_b',
		tagline: 'Streets, families and bars of a noir harbour city.',
		tags: ['Mystery', 'Historical', 'Lorebook'],
		entries: [
			{ keys: ['Port Ember'], content: 'Port Ember: a harbour city where it has rained since 1931.' },
			{ keys: ['Velasco'], content: 'The Velasco family controls the docks, the unions and Captain Reilly.' },
			{ keys: ['Blue Anchor', 'bar'], content: 'The Blue Anchor is the bar where the city’s informants drink.' },
		],
	},
	{
		slug: 'neon-sprawl-glossary',
		name: 'Neon Sprawl Glossary',
		creator: 'velvet_circuit',
		tagline: 'Slang, districts and corporations of the Sprawl.',
		tags: ['Cyberpunk', 'Sci-Fi', 'Lorebook'],
		entries: [
			{ keys: ['choom'], content: 'Choom: Sprawl slang for a friend.' },
			{ keys: ['Arasaka Row', 'Row'], content: 'Arasaka Row is the corporate district, all glass and drones.' },
			{ keys: ['chrome'], content: 'Chrome: cybernetic implants; the more chrome, the less human people say you are.' },
		],
	},
];
