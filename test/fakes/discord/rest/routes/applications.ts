import type { APIApplicationCommand } from 'discord-api-types/v10';
import { type CommandBody, commandIssues, toCommand } from '../../commands.js';
import type { FakeServices } from '../../context.js';
import * as errors from '../../errors.js';
import { created, noContent, ok, type Route, type RouteRequest, route } from '../router.js';

/** Global commands (`/applications/{app}/commands`) and guild commands, with Discord's checks. */
export function applicationRoutes({ world, botUser }: FakeServices): Route[] {
	const scopeOf = ({ params }: RouteRequest): string | null => {
		if (params.applicationId !== world.applicationId) throw errors.missingAccess();
		if (!params.guildId) return null;
		if (!world.guilds.has(params.guildId)) throw errors.missingAccess();
		return params.guildId;
	};
	const inScope = (guildId: string | null) =>
		[...world.commands.values()].filter((command) => (command.guild_id ?? null) === guildId);
	const find = (guildId: string | null, id: string | undefined) => {
		const command = inScope(guildId).find((candidate) => candidate.id === id);
		if (!command) throw errors.unknownCommand();
		return command;
	};
	const save = (body: CommandBody, guildId: string | null, keep?: APIApplicationCommand) => {
		const sameName = inScope(guildId).find(
			(existing) => existing.name === body.name && existing.type === Number(body.type ?? 1),
		);
		const id = keep?.id ?? sameName?.id ?? world.ids.next();
		const command = toCommand(body, { id, applicationId: world.applicationId, version: world.ids.next(), guildId });
		world.commands.set(id, command);
		return command;
	};

	const list = (request: RouteRequest) => ok(inScope(scopeOf(request)));
	const overwrite = (request: RouteRequest) => {
		const guildId = scopeOf(request);
		const bodies = Array.isArray(request.body) ? (request.body as CommandBody[]) : [];
		errors.assertNoIssues(commandIssues(bodies));

		const kept = bodies.map((body) => save(body, guildId));
		for (const stale of inScope(guildId)) if (!kept.includes(stale)) world.commands.delete(stale.id);
		return ok(kept);
	};
	const createOne = (request: RouteRequest) => {
		const guildId = scopeOf(request);
		const others = inScope(guildId).filter((command) => command.name !== request.body.name);
		errors.assertNoIssues(commandIssues([...(others as unknown as CommandBody[]), request.body]));
		return created(save(request.body, guildId));
	};
	const getOne = (request: RouteRequest) => ok(find(scopeOf(request), request.params.commandId));
	const editOne = (request: RouteRequest) => {
		const guildId = scopeOf(request);
		const existing = find(guildId, request.params.commandId);
		const merged = { ...existing, ...request.body } as CommandBody;
		errors.assertNoIssues(commandIssues([merged]));
		return ok(save(merged, guildId, existing));
	};
	const deleteOne = (request: RouteRequest) => {
		world.commands.delete(find(scopeOf(request), request.params.commandId).id);
		return noContent();
	};

	const routes: Route[] = [
		route('GET', '/applications/@me', 'bot', () =>
			ok({ id: world.applicationId, name: botUser.username, description: '', icon: null, bot: botUser, flags: 0 }),
		),
	];
	for (const base of [
		'/applications/:applicationId/commands',
		'/applications/:applicationId/guilds/:guildId/commands',
	]) {
		routes.push(
			route('GET', base, 'bot', list),
			route('PUT', base, 'bot', overwrite),
			route('POST', base, 'bot', createOne),
			route('GET', `${base}/:commandId`, 'bot', getOne),
			route('PATCH', `${base}/:commandId`, 'bot', editOne),
			route('DELETE', `${base}/:commandId`, 'bot', deleteOne),
		);
	}
	return routes;
}
