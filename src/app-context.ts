import type { Client } from 'discord.js';
import type { Config } from './config.js';
import type { Command } from './discord/command.js';
import type { Logger } from './log.js';
import type { RostroClient } from './rostro/index.js';
import type { Store } from './store/index.js';

/** Everything a command needs, built once at start-up and handed to every handler. */
export interface AppContext {
	config: Config;
	logger: Logger;
	store: Store;
	/** The Rostro client with no token bound; resolve a token per interaction (src/discord/tokens.ts). */
	rostro: RostroClient;
	commands: Map<string, Command>;
	client: Client;
}
