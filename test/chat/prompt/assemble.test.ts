import { describe, expect, it } from 'vitest';
import {
	buildPrompt,
	contextSizeFor,
	countTokens,
	DEFAULT_REPLY_TOKENS,
	PERSONA_SHARE,
	promptBudget,
	turnContent,
} from '../../../src/chat/prompt/index.js';
import { aCard, aCardWithLore, anInput, conversation, replied, said, systemText } from './fixtures.js';

const everyField = aCardWithLore([{ keys: ['map'], content: 'LORE: {{char}} hides a map from {{user}}.' }], {});

function allText(messages: { content: string }[]): string {
	return messages.map((message) => message.content).join('\n');
}

function budgetOf(model: string): number {
	return promptBudget(contextSizeFor(model), DEFAULT_REPLY_TOKENS);
}

describe('buildPrompt: the card', () => {
	it('orders the system message: system prompt, description, personality, scenario, persona, lore, examples', () => {
		const input = anInput({
			card: everyField,
			speaker: { displayName: 'Bob', persona: { name: 'Bob', description: 'PERSONA: a sailor.' } },
			history: [said('Bob', 'Where is the map?')],
		});
		const system = systemText(buildPrompt(input).messages);

		const markers = ['SYSTEM:', 'DESCRIPTION:', 'PERSONALITY:', 'SCENARIO:', 'PERSONA:', 'LORE:', 'EXAMPLE:'];
		const positions = markers.map((marker) => system.indexOf(marker));
		expect(positions.every((position) => position >= 0)).toBe(true);
		expect(positions).toEqual([...positions].sort((a, b) => a - b));
	});

	it('sends the system message first, the history next and the post-history instructions last', () => {
		const history = [replied('Hello.'), said('Bob', 'Hi!')];
		const { messages } = buildPrompt(anInput({ history }));

		expect(messages.map((message) => message.role)).toEqual(['system', 'assistant', 'user', 'system']);
		expect(messages.at(-1)?.content).toBe('POST: stay in character as Ari.');
	});

	it('fills {{char}} and {{user}} in every field, lore and example included', () => {
		const card = aCard({
			...everyField,
			system_prompt: 'SYSTEM {{char}} <BOT> {{user}}',
			description: 'DESCRIPTION {{Char}} <USER>',
			personality: 'PERSONALITY {{char}}',
			scenario: 'SCENARIO {{USER}}',
			mes_example: '<START>\n{{user}}: hi\n{{char}}: hello <user>',
			post_history_instructions: 'POST {{char}} {{user}}',
		});
		const persona = { name: 'Robert', description: 'PERSONA of {{user}} who knows {{char}}' };
		const input = anInput({ card, speaker: { displayName: 'Bob', persona }, history: [said('Robert', 'a map?')] });
		const text = allText(buildPrompt(input).messages);

		expect(text).not.toMatch(/\{\{|<user>|<bot>|<char>/i);
		expect(text).toContain('SYSTEM Ari Ari Robert');
		expect(text).toContain('LORE: Ari hides a map from Robert.');
		expect(text).toContain('Robert: hi\nAri: hello Robert');
		expect(text).toContain('About Robert: PERSONA of Robert who knows Ari');
		expect(text).toContain('POST Ari Robert');
	});

	it('calls the speaker by display name when they have no persona', () => {
		const input = anInput({ speaker: { displayName: 'Bob' } });

		expect(systemText(buildPrompt(input).messages)).toContain('SCENARIO: Bob finds Ari at the docks.');
	});

	it('adds Rostro lore passages to the card’s own', () => {
		const input = anInput({ card: everyField, lore: ['ROSTRO LORE about {{char}}'], history: [said('Bob', 'map')] });
		const system = systemText(buildPrompt(input).messages);

		expect(system).toContain('LORE: Ari hides a map from Bob.');
		expect(system.indexOf('ROSTRO LORE about Ari')).toBeGreaterThan(system.indexOf('LORE: Ari'));
	});

	it('gives lore at most a quarter of the budget', () => {
		const entries = Array.from({ length: 12 }, (_, index) => ({
			constant: true,
			content: `ENTRY ${index} ${'the tide turns at dusk '.repeat(60)}`.trim(),
		}));
		const input = anInput({ card: aCardWithLore(entries), model: 'mythomax' });
		const system = systemText(buildPrompt(input).messages);

		const kept = entries.filter((entry) => system.includes(entry.content));
		const loreTokens = kept.reduce((sum, entry) => sum + countTokens(entry.content), 0);
		expect(kept.length).toBeGreaterThan(0);
		expect(kept.length).toBeLessThan(entries.length);
		expect(loreTokens).toBeLessThanOrEqual(budgetOf('mythomax') / 4);
	});
});

describe('buildPrompt: history', () => {
	it('names the member on each of their lines and gives the character’s as assistant messages', () => {
		const history = [replied('Welcome aboard.'), said('Bob', 'Thanks!'), replied('Sit.'), said('Cat', 'Me too?')];
		const { messages } = buildPrompt(anInput({ history }));

		expect(messages.slice(1, -1)).toEqual([
			{ role: 'assistant', content: 'Welcome aboard.' },
			{ role: 'user', content: 'Bob: Thanks!' },
			{ role: 'assistant', content: 'Sit.' },
			{ role: 'user', content: 'Cat: Me too?' },
		]);
	});

	it('puts members who speak one after another in one user message', () => {
		const history = [said('Bob', 'Hi.'), said('Cat', 'Hello!'), said('Bob', 'Ari?')];
		const { messages } = buildPrompt(anInput({ history }));

		expect(messages[1]).toEqual({ role: 'user', content: 'Bob: Hi.\nCat: Hello!\nBob: Ari?' });
	});

	it('never lets <think> reasoning of stored replies into the prompt', () => {
		const history = [said('Bob', 'Hi.'), replied('<think>Bob wants a map.</think>Here.'), said('Bob', 'Thanks.')];
		const text = allText(buildPrompt(anInput({ history })).messages);

		expect(text).not.toMatch(/<\/?think>/);
		expect(text).not.toContain('Bob wants a map.');
		expect(text).toContain('Here.');
	});

	it('sends only the card when there is no history yet', () => {
		const prompt = buildPrompt(anInput({ history: [] }));

		expect(prompt.messages.map((message) => message.role)).toEqual(['system', 'system']);
		expect(prompt).toMatchObject({ droppedTurns: 0, turnTokens: [], newestTruncated: false });
	});
});

describe('buildPrompt: budget', () => {
	const history = conversation(200);
	const prompt = buildPrompt(anInput({ history, model: 'mythomax' }));
	const text = allText(prompt.messages);

	it('drops the oldest turns first and keeps the newest', () => {
		expect(prompt.droppedTurns).toBeGreaterThan(0);
		expect(text).toContain(turnContent(history[prompt.droppedTurns] as never));
		expect(text).not.toContain(`turn ${prompt.droppedTurns - 1} `);
		expect(text).toContain(turnContent(history.at(-1) as never));
	});

	it('reports one count per kept turn, each the count of that turn', () => {
		const kept = history.slice(prompt.droppedTurns);

		expect(prompt.turnTokens).toEqual(kept.map((turn) => countTokens(turnContent(turn))));
	});

	it('stays within the budget and would not fit one more turn', () => {
		const nextOlder = history[prompt.droppedTurns - 1];
		const oneMore = countTokens(turnContent(nextOlder as never));

		expect(prompt.promptTokens).toBeLessThanOrEqual(budgetOf('mythomax'));
		expect(prompt.promptTokens + oneMore).toBeGreaterThan(budgetOf('mythomax'));
	});

	it('keeps more turns in a larger context, given by the model or by the caller', () => {
		const larger = buildPrompt(anInput({ history, model: 'soji' }));
		const overridden = buildPrompt(anInput({ history, model: 'mythomax', contextTokens: 16_384 }));

		expect(larger.droppedTurns).toBeLessThan(prompt.droppedTurns);
		expect(overridden.droppedTurns).toBe(larger.droppedTurns);
	});

	it('keeps less history when more of the context is kept for the reply', () => {
		const longReply = buildPrompt(anInput({ history, model: 'mythomax', replyTokens: 1_500 }));

		expect(longReply.droppedTurns).toBeGreaterThan(prompt.droppedTurns);
	});

	it('uses the counts turns already carry instead of counting again', () => {
		const counted = history.map((turn) => ({ ...turn, tokens: 1 }));
		const reused = buildPrompt(anInput({ history: counted, model: 'mythomax' }));

		expect(reused.droppedTurns).toBe(0);
		expect(reused.turnTokens).toEqual(counted.map(() => 1));
	});

	it('counts only the turns that carry no count yet', () => {
		const mixed = [said('Bob', 'one', 500), replied('two'), said('Bob', 'three', 7)];
		const { turnTokens } = buildPrompt(anInput({ history: mixed }));

		expect(turnTokens).toEqual([500, countTokens('two'), 7]);
	});

	it('keeps the newest turn and cuts its text when even it alone does not fit', () => {
		const flood = said('Bob', 'Listen. '.repeat(6_000));
		const truncated = buildPrompt(anInput({ history: [replied('Hi.'), flood], model: 'mythomax' }));
		const last = truncated.messages.at(-2);

		expect(truncated).toMatchObject({ droppedTurns: 1, newestTruncated: true });
		expect(last?.content).toMatch(/^Bob: Listen\. .*…$/s);
		expect(last?.content.length).toBeLessThan(flood.text.length);
		expect(truncated.promptTokens).toBeLessThanOrEqual(budgetOf('mythomax'));
		expect(truncated.turnTokens).toEqual([countTokens(turnContent(flood))]);
	});

	it('leaves out the example dialogue before the card’s core when space is short', () => {
		const card = aCard({ mes_example: `<START>\n{{user}}: hi\n{{char}}: ${'EXAMPLE '.repeat(4_000)}` });
		const system = systemText(buildPrompt(anInput({ card, model: 'mythomax' })).messages);

		expect(system).not.toContain('EXAMPLE');
		expect(system).toContain('DESCRIPTION: Ari maps rivers.');
	});
});

describe('buildPrompt: stop sequences', () => {
	it('stops on every member, the speaker, their persona and past speakers, never on the character', () => {
		const history = [said('Dan', 'Hi.'), replied('Hello.'), said('Robert', 'Ahoy.')];
		const input = anInput({
			participants: ['Bob', 'Cat', 'Ari'],
			speaker: { displayName: 'Bob', persona: { name: 'Robert', description: 'A sailor.' } },
			history,
		});

		expect(buildPrompt(input).stop.sort()).toEqual(['\nBob:', '\nCat:', '\nDan:', '\nRobert:']);
	});
});

describe('buildPrompt: other members’ personas', () => {
	const cat = { name: 'Cat', description: 'OTHER PERSONA: {{user}} is a bard who owes {{char}} money.' };

	it('describes members who spoke recently after the speaker, each under their own name', () => {
		const input = anInput({
			speaker: { displayName: 'Robert', persona: { name: 'Robert', description: 'PERSONA: a sailor.' } },
			others: [cat],
			history: [said('Cat', 'A song?'), replied('Later.'), said('Robert', 'Ahoy.')],
		});
		const system = systemText(buildPrompt(input).messages);

		expect(system).toContain('About Robert: PERSONA: a sailor.');
		expect(system).toContain('About Cat: OTHER PERSONA: Cat is a bard who owes Ari money.');
		expect(system.indexOf('About Cat')).toBeGreaterThan(system.indexOf('About Robert'));
	});

	it('stops before the lines of other members it describes', () => {
		const input = anInput({ participants: [], others: [cat], history: [said('Bob', 'Hi.')] });

		expect(buildPrompt(input).stop.sort()).toEqual(['\nBob:', '\nCat:']);
	});

	it('describes nobody twice, and not the speaker as another member', () => {
		const bob = { name: 'Bob', description: 'SECOND BOB' };
		const input = anInput({ others: [cat, bob, { ...cat, description: 'SECOND CAT' }] });
		const system = systemText(buildPrompt(input).messages);

		expect(system).toContain('About Cat: OTHER PERSONA');
		expect(system).not.toContain('SECOND');
	});

	it('gives them at most their share of the budget, keeping the most recent speakers first', () => {
		const others = Array.from({ length: 12 }, (_, index) => ({
			name: `Member${index}`,
			description: `PERSONA ${index} ${'a wanderer of the northern fens '.repeat(40)}`.trim(),
		}));
		const system = systemText(buildPrompt(anInput({ others, model: 'mythomax' })).messages);

		const kept = others.filter((persona) => system.includes(`About ${persona.name}:`));
		const tokens = kept.reduce((sum, persona) => sum + countTokens(persona.description), 0);
		expect(kept.length).toBeGreaterThan(0);
		expect(kept).toEqual(others.slice(0, kept.length));
		expect(tokens).toBeLessThanOrEqual(budgetOf('mythomax') * PERSONA_SHARE);
	});

	it('counts them against the budget, so less history fits', () => {
		const history = conversation(200);
		const plain = buildPrompt(anInput({ history, model: 'mythomax' }));
		const described = buildPrompt(anInput({ history, model: 'mythomax', others: [cat] }));

		expect(described.droppedTurns).toBeGreaterThan(plain.droppedTurns);
		expect(described.promptTokens).toBeLessThanOrEqual(budgetOf('mythomax'));
	});
});
