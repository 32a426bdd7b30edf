import { type ChildProcess, spawn } from 'node:child_process';
import { waitFor } from './wait-for.js';

/** One log line of the bot (pino JSON on stderr). */
export type BotLogLine = Record<string, unknown> & { msg?: string; level?: number };

/**
 * The real entry point (`npm start` runs the same file, built) as a child process with the given
 * environment and nothing else from the test's, its log lines parsed as they arrive.
 */
export class BotProcess {
  readonly lines: BotLogLine[] = [];
  /** stderr lines that are not JSON (a start-up error, a crash). */
  readonly other: string[] = [];
  readonly exited: Promise<number | null>;
  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    let rest = '';
    child.stderr!.on('data', (d: Buffer) => {
      const parts = (rest + d.toString()).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts.filter(Boolean)) {
        try {
          this.lines.push(JSON.parse(line) as BotLogLine);
        } catch {
          this.other.push(line);
        }
      }
    });
  }

  /** Starts the bot and waits for one log line containing each of `ready` (e.g. 'slack ready'). */
  static async start(name: string, env: Record<string, string>, ready: string[], timeoutMs = 60_000): Promise<BotProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const bot = new BotProcess(name, child);
    try {
      await waitFor(() => ready.every((r) => bot.line(r)), `${name} to log ${ready.join(' and ')}`, timeoutMs);
    } catch (err) {
      child.kill('SIGKILL');
      throw new Error(`${(err as Error).message}\n${bot.other.join('\n')}\n${bot.lines.map((l) => JSON.stringify(l)).join('\n')}`);
    }
    return bot;
  }

  /** The first log line whose message contains `msg`. */
  line(msg: string): BotLogLine | undefined {
    return this.lines.find((l) => typeof l.msg === 'string' && l.msg.includes(msg));
  }

  /** The port Slack HTTP mode listens on, from its ready line. */
  get slackPort(): number {
    return Number(this.line('slack ready')?.port ?? 0);
  }

  /** Log lines at error level or above (pino: 50). */
  errors(): BotLogLine[] {
    return this.lines.filter((l) => (l.level ?? 0) >= 50);
  }

  /** Sends `signal` and resolves with the exit code (null when killed by a signal). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}
