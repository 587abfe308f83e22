import type { AutocompleteInteraction, Interaction } from 'discord.js';
import type { AppContext } from '../app-context.js';
import { POST_COMPONENTS, postComponents } from '../moderation/post-delete.js';
import { requireFeatureRole } from '../moderation/roles.js';
import { type Command, commandId, type Handler, isSlashCommand, parseCustomId } from './command.js';
import { replyWithError } from './errors.js';
import { ownEntry } from './lookup.js';
import { checkCommandOptions } from './option-check.js';
import { sendPrivate } from './replies.js';
import { UserError } from './user-error.js';

/** Autocomplete cannot be deferred; whatever happens, something is answered by then. */
const AUTOCOMPLETE_DEADLINE_MS = 2_500;

/** Dispatches every interaction to its command module and keeps count of the work in flight. */
export class Router {
	private readonly inFlight = new Map<Promise<void>, Interaction>();

	constructor(private readonly ctx: AppContext) {}

	/** Handles one interaction; never rejects. */
	handle(interaction: Interaction): Promise<void> {
		const work = this.route(interaction).finally(() => this.inFlight.delete(work));
		this.inFlight.set(work, interaction);
		return work;
	}

	/** Resolves once every interaction being handled has finished. */
	async drain(): Promise<void> {
		while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.keys()]);
	}

	/** Tells every member whose interaction is still running that the bot is stopping. */
	async abandon(): Promise<void> {
		const notices = [...this.inFlight.values()].map(async (interaction) => {
			if (!interaction.isRepliable()) return;
			await sendPrivate(interaction, {
				content: 'The bot is restarting and could not finish this; try again in a minute.',
			});
		});
		const settled = await Promise.allSettled(notices);
		const failed = settled.filter((outcome) => outcome.status === 'rejected').length;
		if (failed > 0) this.ctx.logger.warn({ failed }, 'could not tell every member about work cut short');
	}

	private async route(interaction: Interaction): Promise<void> {
		const logger = this.ctx.logger.child({
			interactionId: interaction.id,
			guildId: interaction.guildId,
			channelId: interaction.channelId,
			userId: interaction.user.id,
		});
		const ctx = { ...this.ctx, logger };

		try {
			await dispatch(interaction, ctx);
		} catch (error) {
			await replyWithError(interaction, error, logger);
		}
	}
}

// Buttons that belong to no single command: the Delete button any public post can carry.
const sharedComponents = new Map<string, Pick<Command, 'components' | 'modals'>>([
	[POST_COMPONENTS, { components: postComponents }],
]);

type ComponentLike = Extract<Interaction, { customId: string }>;

/** What a member is told when a custom id leads nowhere: an old message, or a forged id. */
function staleComponent(interaction: ComponentLike): UserError {
	const what = interaction.isModalSubmit() ? 'form' : interaction.isButton() ? 'button' : 'menu';
	return new UserError('stale-component', `That ${what} no longer works; run the command again.`);
}

/** The handler a custom id names, looked up among the tables' own entries only. */
function findHandler(interaction: ComponentLike, ctx: AppContext, command: string, action: string) {
	const owner = ctx.commands.get(command) ?? sharedComponents.get(command);
	const table: Record<string, Handler<never>> | undefined = interaction.isModalSubmit()
		? owner?.modals
		: owner?.components;
	const handler = ownEntry(table, action);
	return typeof handler === 'function' ? handler : undefined;
}

function findCommand(ctx: AppContext, name: string): Command {
	const command = ctx.commands.get(commandId(name));
	if (!command) throw new UserError('unknown-command', 'That command is not available here any more.');
	return command;
}

async function dispatch(interaction: Interaction, ctx: AppContext): Promise<void> {
	if (!interaction.inGuild() && !interaction.isAutocomplete()) {
		throw new UserError('guild-only', 'Use me inside a server.');
	}

	if (interaction.isChatInputCommand() || interaction.isContextMenuCommand()) {
		ctx.logger.debug({ command: interaction.commandName }, 'command');
		const command = findCommand(ctx, interaction.commandName);
		if (interaction.isChatInputCommand() && isSlashCommand(command.data)) {
			checkCommandOptions(command.data.options, interaction.options.data);
		}
		await requireFeatureRole(interaction, ctx, interaction.commandName);
		await command.execute(interaction, ctx);
		return;
	}
	if (interaction.isAutocomplete()) {
		await autocomplete(interaction, ctx);
		return;
	}
	if (interaction.isButton() || interaction.isStringSelectMenu() || interaction.isModalSubmit()) {
		await component(interaction, ctx);
	}
}

async function component(interaction: ComponentLike, ctx: AppContext): Promise<void> {
	const parsed = parseCustomId(interaction.customId);
	const handler = parsed && findHandler(interaction, ctx, parsed.command, parsed.action);
	if (!parsed || !handler) {
		ctx.logger.warn({ customId: interaction.customId }, 'unknown custom id');
		throw staleComponent(interaction);
	}

	ctx.logger.debug({ command: parsed.command, action: parsed.action }, 'component');
	await requireFeatureRole(interaction, ctx, parsed.command);
	await (handler as Handler<ComponentLike>)(interaction, ctx, parsed.key);
}

async function autocomplete(interaction: AutocompleteInteraction, ctx: AppContext): Promise<void> {
	const command = ctx.commands.get(commandId(interaction.commandName));
	if (!command?.autocomplete || !interaction.inGuild()) {
		await interaction.respond([]);
		return;
	}

	let timer: NodeJS.Timeout | undefined;
	const deadline = new Promise<'late'>((resolve) => {
		timer = setTimeout(() => resolve('late'), AUTOCOMPLETE_DEADLINE_MS);
	});
	const answered = command.autocomplete(interaction, ctx);
	const outcome = await Promise.race([answered, deadline]).finally(() => clearTimeout(timer));
	if (outcome === 'late' && !interaction.responded) {
		ctx.logger.warn({ command: interaction.commandName }, 'autocomplete too slow; answered with nothing');
		await interaction.respond([]);
	}
	// A late answer still running must not surface as an unhandled rejection.
	answered.catch((error: unknown) => ctx.logger.debug({ err: error }, 'late autocomplete failed'));
}
