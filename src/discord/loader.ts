import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { type Command, commandId } from './command.js';

/** The folder of command modules, next to `src/` in both the source tree and `dist/`. */
export const commandsDir = fileURLToPath(new URL('../../commands/', import.meta.url));

const handlers = z.record(z.string(), z.function());

const commandModule = z.object({
	data: z.looseObject({ name: z.string().min(1), type: z.number().int().optional() }),
	execute: z.function(),
	autocomplete: z.function().optional(),
	components: handlers.optional(),
	modals: handlers.optional(),
});

/** Raised when a command module does not have the shape the router needs. */
export class CommandLoadError extends Error {
	override name = 'CommandLoadError';
}

async function moduleFiles(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { withFileTypes: true, recursive: true });
	return entries
		.filter((entry) => entry.isFile() && ['.js', '.ts'].includes(extname(entry.name)))
		.filter((entry) => !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.map'))
		.map((entry) => join(entry.parentPath, entry.name))
		.sort();
}

/** Imports every module in `commands/` (sub-folders too) and checks each one's shape. */
export async function loadCommands(dir = commandsDir): Promise<Map<string, Command>> {
	const commands = new Map<string, Command>();

	for (const file of await moduleFiles(dir)) {
		const exported = (await import(pathToFileURL(file).href)) as { default?: unknown };
		const checked = commandModule.safeParse(exported.default);
		if (!checked.success) {
			throw new CommandLoadError(`${file}: not a command module: ${z.prettifyError(checked.error)}`);
		}

		const command = exported.default as Command;
		const id = commandId(command.data.name);
		if (commands.has(id)) throw new CommandLoadError(`${file}: a second command named ${command.data.name}`);
		commands.set(id, command);
	}

	return commands;
}
