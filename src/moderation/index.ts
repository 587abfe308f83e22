import { addPromptGate } from '../media/gates.js';
import { blockedWordsGate } from './gates.js';

export {
	type AuditEntry,
	audit,
	auditLogSetup,
	auditSetup,
	chatEndedEntry,
	chatStartedEntry,
	notePublished,
} from './audit.js';
export { BlockedWords, normalizeForMatching, parseWordList } from './blocked-words.js';
export {
	BLOCK_KINDS,
	type BlockKind,
	blockedTagAmong,
	creatorBlocked,
	type HiddenBy,
	hiddenBy,
	isBlocked,
	NO_BLOCKS,
	type SearchBlocks,
	searchBlocksOf,
	withoutBlocked,
} from './blocks.js';
export { detectEmotion, emotionSentence } from './emotion.js';
export { blockedWordRefusal, refuseBlockedWords } from './gates.js';
export { chargeUse, cooldownSetup, type FeatureUse, quotaSetup } from './limits.js';
export {
	FEATURES,
	type Feature,
	type FeatureLimits,
	type FeatureRoles,
	type GuildPolicy,
	type NsfwMode,
	nsfwModeOf,
	policyOf,
	updatePolicy,
} from './policy.js';
export { recordPosted, whoPrompted } from './posted.js';
export { projectChoices, reportProject } from './report.js';
export {
	featureOf,
	memberMayUse,
	requireFeatureRole,
	rolesAllow,
	rolesLine,
	rolesResetSetup,
	rolesSetup,
} from './roles.js';
export { blockedWordsSetup, nsfwSetup, policyLines } from './setup.js';
export { blockNameChoices, blockSetup, pushBlocksToAccount, unblockSetup } from './setup-blocks.js';
export { policyHandlers, policySubcommands } from './setup-commands.js';
export { hasVisibleText } from './visible-text.js';

// Registered when this module loads: the chat engine and the media runner import it, so the
// gate is in place before the bot can take its first /imagine.
addPromptGate(blockedWordsGate);
