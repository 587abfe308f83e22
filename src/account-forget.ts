import { ActionRowBuilder, type BaseMessageOptions, ButtonBuilder, ButtonStyle } from 'discord.js';
import type { AppContext } from './app-context.js';
import { customId } from './discord/command.js';
import { UserError } from './discord/user-error.js';
import { viewStore } from './discovery/views.js';
import { generations } from './media/generations.js';

/** The custom-id actions of the question's buttons; the key is the member's user id. */
export const FORGET_CONFIRM = 'forget-confirm';
export const FORGET_CANCEL = 'forget-cancel';

const QUESTION = [
	'**Forget everything?** In every server, this deletes your linked Rostro token, your chat',
	'personas and your `/gallery mine` lists; the buttons of your `/imagine` results and list pages',
	'stop working. Servers keep what their moderators need: who caused each post the bot made for',
	'you (for **Who prompted this?** and its Delete button) and your cooldowns and quotas; those',
	'expire on their own. Your lines in chat threads stay in those chats until `/chat reset` or',
	'the chat expires.',
].join(' ');

/** What the member is told once it is done. */
export const FORGOTTEN =
	'I deleted everything I stored about you, in every server: your linked token, your personas ' +
	'and your generations. Servers keep who caused the posts made for you until those records expire.';

/** What the member is told on Cancel. */
export const NOTHING_DELETED = 'Nothing was deleted.';

/** The private question `/account forget` asks first, with Confirm and Cancel for this member only. */
export function forgetQuestion(userId: string): BaseMessageOptions {
	const confirm = new ButtonBuilder()
		.setCustomId(customId('account', FORGET_CONFIRM, userId))
		.setLabel('Confirm')
		.setStyle(ButtonStyle.Danger);
	const cancel = new ButtonBuilder()
		.setCustomId(customId('account', FORGET_CANCEL, userId))
		.setLabel('Cancel')
		.setStyle(ButtonStyle.Secondary);
	return { content: QUESTION, components: [new ActionRowBuilder<ButtonBuilder>().addComponents(confirm, cancel)] };
}

/** Refuses a press of the question's buttons by anyone but the member it was asked for. */
export function refuseOthers(pressedBy: string, askedFor: string): void {
	if (pressedBy === askedFor) return;

	throw new UserError('not-your-forget', 'Only the member who ran /account forget can confirm it.');
}

/**
 * Deletes what the bot keeps about a member (the store keeps the servers' own records: who
 * caused each post, use counters); returns how many records went.
 */
export async function forgetMemberData(ctx: AppContext, userId: string): Promise<number> {
	// forgetMember sweeps only namespaces this process has opened; open those that hold members'
	// records even when nobody has used their feature since the bot started.
	viewStore(ctx);
	generations(ctx);
	return ctx.store.forgetMember(userId);
}
