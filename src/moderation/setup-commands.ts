import {
	ChannelType,
	type ChatInputCommandInteraction,
	type SlashCommandStringOption,
	SlashCommandSubcommandBuilder,
} from 'discord.js';
import type { AppContext } from '../app-context.js';
import { auditLogSetup } from './audit.js';
import { MAX_BLOCKED_NAME_LENGTH } from './blocks.js';
import { cooldownSetup, quotaSetup } from './limits.js';
import { COOLDOWN_SECONDS, DAILY_USES, FEATURES } from './policy.js';
import { rolesResetSetup, rolesSetup } from './roles.js';
import { blockedWordsSetup, nsfwSetup } from './setup.js';
import { blockSetup, unblockSetup } from './setup-blocks.js';

function featureOption(option: SlashCommandStringOption): SlashCommandStringOption {
	return option
		.setName('feature')
		.setDescription('The feature')
		.setRequired(true)
		.addChoices(FEATURES.map((feature) => ({ name: feature, value: feature })));
}

function blockKindOption(option: SlashCommandStringOption): SlashCommandStringOption {
	return option
		.setName('kind')
		.setDescription('A Rostro creator (user) or a tag')
		.setRequired(true)
		.addChoices({ name: 'user', value: 'user' }, { name: 'tag', value: 'tag' });
}

function blockNameOption(option: SlashCommandStringOption): SlashCommandStringOption {
	return option
		.setName('name')
		.setDescription("The creator's Rostro user name, or the tag")
		.setRequired(true)
		.setAutocomplete(true)
		.setMaxLength(MAX_BLOCKED_NAME_LENGTH);
}

function subcommand(name: string, description: string): SlashCommandSubcommandBuilder {
	return new SlashCommandSubcommandBuilder().setName(name).setDescription(description);
}

/** The `/setup` subcommands of the server's moderation policy. */
export function policySubcommands(): SlashCommandSubcommandBuilder[] {
	return [
		subcommand('blocked-words', 'Words and phrases refused in prompts, speech and chat lines')
			.addStringOption((o) =>
				o
					.setName('action')
					.setDescription('What to do with the list')
					.setRequired(true)
					.addChoices(...['add', 'remove', 'list'].map((action) => ({ name: action, value: action }))),
			)
			.addStringOption((o) =>
				o.setName('words').setDescription('Words or phrases, separated by commas').setMaxLength(1_000),
			),
		subcommand('nsfw', 'Where NSFW content may show in this server').addStringOption((o) =>
			o
				.setName('mode')
				.setDescription('age-restricted: only in age-restricted channels; off: nowhere')
				.setRequired(true)
				.addChoices({ name: 'age-restricted', value: 'age-restricted' }, { name: 'off', value: 'off' }),
		),
		subcommand('roles', 'Which roles may use a feature (everyone until you choose)')
			.addStringOption(featureOption)
			.addRoleOption((o) => o.setName('role').setDescription('The role').setRequired(true))
			.addBooleanOption((o) =>
				o.setName('allow').setDescription('true: this role may; false: this role may not').setRequired(true),
			),
		subcommand('roles-reset', 'Let everyone use a feature again').addStringOption(featureOption),
		subcommand('cooldown', "Seconds a member waits between uses of a feature on the server's account")
			.addStringOption(featureOption)
			.addIntegerOption((o) =>
				o
					.setName('seconds')
					.setDescription('0 removes it')
					.setRequired(true)
					.setMinValue(COOLDOWN_SECONDS.min)
					.setMaxValue(COOLDOWN_SECONDS.max),
			),
		subcommand('quota', "Uses of a feature per member and day on the server's account")
			.addStringOption(featureOption)
			.addIntegerOption((o) =>
				o
					.setName('daily')
					.setDescription('0 removes it')
					.setRequired(true)
					.setMinValue(DAILY_USES.min)
					.setMaxValue(DAILY_USES.max),
			),
		subcommand('audit-log', 'Where generations, chats and setup changes are logged (no channel: off)').addChannelOption(
			(o) => o.setName('channel').setDescription('A text channel').addChannelTypes(ChannelType.GuildText),
		),
		subcommand('block', "Hide a Rostro creator or tag from this bot's results here, and on the server's account")
			.addStringOption(blockKindOption)
			.addStringOption(blockNameOption),
		subcommand('unblock', 'Show a hidden creator or tag again')
			.addStringOption(blockKindOption)
			.addStringOption(blockNameOption),
	];
}

/** What each policy subcommand runs, by name. */
export const policyHandlers: Record<string, (i: ChatInputCommandInteraction, ctx: AppContext) => Promise<void>> = {
	'blocked-words': blockedWordsSetup,
	nsfw: nsfwSetup,
	roles: rolesSetup,
	'roles-reset': rolesResetSetup,
	cooldown: cooldownSetup,
	quota: quotaSetup,
	'audit-log': auditLogSetup,
	block: blockSetup,
	unblock: unblockSetup,
};
