import type { AccountContext } from '../context.js';
import { json } from '../replies.js';
import type { Router } from '../router.js';
import { bodyObject, fields, parseFields } from '../validation.js';

const blockTypes = ['user', 'tag'] as const;

function blockList(context: AccountContext): Set<string> {
	const { block_type: type } = parseFields('path', context.params, { block_type: fields.oneOf(blockTypes, 'user') });
	return type === 'user' ? context.user.blockedUsers : context.user.blockedTags;
}

function blacklistWord(context: AccountContext): string {
	return parseFields('body', bodyObject(context.body), { word: fields.requiredText(200) }).word;
}

/** `/api/self`, `/api/account`, blocks and the comment blacklist. */
export function accountRoutes(router: Router): void {
	router.get('/api/self', 'token', ({ user }) => json({ id: user.id, user_name: user.userName }));

	router.get('/api/account', 'token', ({ user }) =>
		json({
			id: user.id,
			user_name: user.userName,
			email: user.email,
			credits: user.credits,
			blocked_users: [...user.blockedUsers],
			blocked_tags: [...user.blockedTags],
		}),
	);

	router.post('/api/account/block/:block_type/:name', 'token', (context) => {
		blockList(context).add(context.params.name ?? '');
		return json({});
	});

	router.delete('/api/account/block/:block_type/:name', 'token', (context) => {
		blockList(context).delete(context.params.name ?? '');
		return json({});
	});

	router.post('/api/account/blacklist', 'token', (context) => {
		context.user.blacklist.add(blacklistWord(context));
		return json({ blacklist: [...context.user.blacklist] });
	});

	router.post('/api/account/blacklist/remove', 'token', (context) => {
		context.user.blacklist.delete(blacklistWord(context));
		return json({ blacklist: [...context.user.blacklist] });
	});
}
