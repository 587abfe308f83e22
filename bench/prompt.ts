import { buildPrompt, type PromptInput, type Turn } from '../src/chat/prompt/index.js';
import type { CharacterBook, CharacterCard } from '../src/rostro/index.js';
import { percentile } from './stats.js';

const TURNS = 200;
const MEMBERS = ['Bob', 'Cat', 'Dan'];
const WARM_UP_RUNS = 300; // untimed, so the samples measure optimised code
const WARM_RUNS = 200;

const WORDS = (
	'the river bends past the old mill where lanterns hang over water and the cartographer ' +
	'marks every ford bridge and shoal in ink while gulls argue above the harbor at dusk ' +
	'she asks who drew the first map of the coast and why the northern islands never appear'
).split(' ');

/** Deterministic text of about `count` words, different for every seed. */
function prose(seed: number, count: number): string {
	const word = (index: number) => WORDS[(seed * 7 + index * 13) % WORDS.length];
	return Array.from({ length: count }, (_, index) => word(index)).join(' ');
}

function exampleBlock(seed: number): string {
	return `<START>\n{{user}}: ${prose(seed, 15)}\n{{char}}: ${prose(seed + 5, 60)}`;
}

function benchCard(): CharacterCard {
	const entries = Array.from({ length: 40 }, (_, index) => ({
		keys: [`place${index}`, WORDS[index % WORDS.length] ?? 'river'],
		secondary_keys: index % 3 === 0 ? ['lantern'] : [],
		selective: index % 3 === 0,
		constant: index % 10 === 0,
		enabled: true,
		insertion_order: index,
		content: `{{char}} knows place${index}: ${prose(index, 40)}`,
		extensions: {},
	}));
	return {
		name: 'Ari',
		description: `{{char}} is a cartographer. ${prose(1, 600)}`,
		personality: prose(2, 60),
		scenario: `{{user}} meets {{char}} at the docks. ${prose(3, 80)}`,
		first_mes: `*{{char}} looks up.* ${prose(4, 50)}`,
		mes_example: [1, 2, 3].map(exampleBlock).join('\n'),
		creator_notes: '',
		system_prompt: '',
		post_history_instructions: 'Stay in character as {{char}}.',
		alternate_greetings: [],
		character_book: { extensions: {}, entries } as unknown as CharacterBook,
		tags: [],
		creator: 'bench',
		character_version: '',
		extensions: {},
	};
}

function benchHistory(): Turn[] {
	return Array.from({ length: TURNS }, (_, index): Turn => {
		if (index % 2 === 1) return { role: 'assistant', speaker: 'Ari', text: prose(index, 70) };
		const speaker = MEMBERS[index % MEMBERS.length] ?? 'Bob';
		return { role: 'user', speaker, text: prose(index, 25) };
	});
}

/** Prompt assembly times in ms, warm (p50, p99) and cold, for a history of `turns` turns. */
export interface PromptBenchResult {
	turns: number;
	p50Ms: number;
	p99Ms: number;
	coldMs: number;
}

function timed(input: PromptInput): { ms: number; turnTokens: number[]; droppedTurns: number } {
	const start = performance.now();
	const { turnTokens, droppedTurns } = buildPrompt(input);
	return { ms: performance.now() - start, turnTokens, droppedTurns };
}

/**
 * Time to assemble the prompt for a 200-turn chat (issue 4 allows 5 ms). The context is large
 * enough to keep every turn, the costliest case. Cold: the first assembly, nothing counted yet.
 * Warm: later ones with each turn's count stored, as a session keeps them.
 */
export async function promptBench(): Promise<PromptBenchResult> {
	const input: PromptInput = {
		card: benchCard(),
		characterName: 'Ari',
		speaker: { displayName: 'Bob', persona: { name: 'Bob', description: prose(9, 40) } },
		participants: MEMBERS,
		history: benchHistory(),
		lore: [prose(11, 50), prose(12, 50)],
		model: 'bench',
		contextTokens: 65_536,
	};

	const cold = timed(input);
	const countOf = (index: number) => cold.turnTokens[index - cold.droppedTurns];
	const stored = input.history.map((turn, index) => ({ ...turn, tokens: countOf(index) }));
	const warmInput = { ...input, history: stored };
	for (let run = 0; run < WARM_UP_RUNS; run++) buildPrompt(warmInput);
	const samples = Array.from({ length: WARM_RUNS }, () => timed(warmInput).ms);

	const round = (ms: number) => Math.round(ms * 100) / 100;
	return {
		turns: TURNS,
		p50Ms: round(percentile(samples, 0.5)),
		p99Ms: round(percentile(samples, 0.99)),
		coldMs: round(cold.ms),
	};
}
