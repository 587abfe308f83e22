import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One structured log line of the bot. */
export type LogLine = { level: number; msg: string; [field: string]: unknown };

const entry = new URL('../../dist/src/index.js', import.meta.url).pathname;

/** Where and as whom a BotProcess runs; see its constructor. */
export interface BotProcessOptions {
	cwd?: string;
	uid?: number;
	gid?: number;
}

/**
 * The real bot, started the way `npm start` starts it (the built entry point), with its logs
 * parsed so tests can wait for them and fail on an unhandled rejection.
 */
export class BotProcess {
	readonly logs: LogLine[] = [];
	readonly stderr: string[] = [];
	private readonly child: ChildProcess;
	/** When the process was started (`Date.now()`), for timing its start-up. */
	readonly startedAt = Date.now();
	private readonly waiters = new Set<() => void>();
	exitCode: number | null = null;

	/**
	 * `script`: another built entry point to run the same way (the benchmark's bare client), or a
	 * path relative to `options.cwd`. `options`: where and as whom to run it (the container
	 * rehearsal runs an image's layout as an unprivileged user); by default a fresh empty
	 * directory, as the current user.
	 */
	constructor(env: Record<string, string>, script = entry, options: BotProcessOptions = {}) {
		this.child = spawn(process.execPath, [script], {
			// Its own working directory, so a developer's .env in the repository never leaks in.
			cwd: options.cwd ?? mkdtempSync(join(tmpdir(), 'rostro-bot-cwd-')),
			env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'debug', ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
			...(options.uid === undefined ? {} : { uid: options.uid }),
			...(options.gid === undefined ? {} : { gid: options.gid }),
		});
		this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.read(chunk));
		this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.stderr.push(chunk));
		this.child.on('exit', (code) => {
			this.exitCode = code;
			this.notify();
			process.off('exit', this.killChild);
		});
		// A test run that dies or times out must not leave a bot running behind it.
		process.on('exit', this.killChild);
	}

	private readonly killChild = () => this.child.kill('SIGKILL');

	/** The process id, for measuring it (the benchmark reads its memory). */
	get pid(): number | undefined {
		return this.child.pid;
	}

	private pending = '';

	private read(chunk: string): void {
		const lines = (this.pending + chunk).split('\n');
		this.pending = lines.pop() ?? '';
		for (const line of lines.filter(Boolean)) {
			try {
				this.logs.push(JSON.parse(line) as LogLine);
			} catch {
				this.stderr.push(line); // not JSON: keep it for the failure message
			}
		}
		this.notify();
	}

	private notify(): void {
		for (const waiter of this.waiters) waiter();
	}

	/** Waits until a log line matches, or fails with the log so far. */
	waitForLog(match: (line: LogLine) => boolean, timeoutMs = 15_000): Promise<LogLine> {
		return new Promise((resolve, reject) => {
			const check = () => {
				const found = this.logs.find(match);
				if (found) done(() => resolve(found));
				else if (this.exitCode !== null) done(() => reject(new Error(`bot exited (${this.exitCode}): ${this.tail()}`)));
			};
			const timer = setTimeout(() => done(() => reject(new Error(`no such log line: ${this.tail()}`))), timeoutMs);
			const done = (settle: () => void) => {
				clearTimeout(timer);
				this.waiters.delete(check);
				settle();
			};
			this.waiters.add(check);
			check();
		});
	}

	/** Resolves once the bot logged in and received its guilds. */
	ready(): Promise<LogLine> {
		return this.waitForLog((line) => line.msg === 'ready');
	}

	/** Log lines that mean a bug: unhandled rejections and anything at error level or above. */
	problems(): LogLine[] {
		return this.logs.filter((line) => line.event === 'unhandledRejection' || line.level >= 60);
	}

	private tail(): string {
		return [...this.logs.slice(-15).map((line) => JSON.stringify(line)), ...this.stderr.slice(-10)].join('\n');
	}

	/** Stops the bot with SIGTERM, as a service manager would, and resolves with its exit code. */
	async stop(): Promise<number | null> {
		if (this.exitCode !== null) return this.exitCode;
		this.child.kill('SIGTERM');
		await once(this.child, 'exit');
		return this.exitCode;
	}
}

/** A fresh SQLite storage URL and secret, so each test's bot starts from nothing. */
export function freshStorage(): { STORAGE_URL: string; ROSTRO_BOT_SECRET: string } {
	const dir = mkdtempSync(join(tmpdir(), 'rostro-bot-e2e-'));
	return { STORAGE_URL: `sqlite://${join(dir, 'bot.sqlite')}`, ROSTRO_BOT_SECRET: randomBytes(32).toString('hex') };
}
