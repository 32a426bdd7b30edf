import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { play } from '../support/playground.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dojo-week-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('a first week in the playground: setting it up', () => {
  it('reads .env from the working folder, the real environment winning, and says which mode it chose and why', async () => {
    const dir = tempDir();
    const db = join(dir, 'from-env-file.sqlite');
    writeFileSync(join(dir, '.env'), `# copied from .env.example\nDOJO_DB_PATH=${db}\nDOJO_TIMEZONE=Mars/Base\n`);
    const r = await play('/dojo top\n', { DOJO_TIMEZONE: 'UTC' }, { cwd: dir });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`data in ${db}`);
    expect(r.out).toContain('mode: playground (no SLACK_BOT_TOKEN or DISCORD_TOKEN; settings from .env and the environment)');
    expect(existsSync(db)).toBe(true);
  }, 60_000);

  it('starts the playground from .env.example copied as it is to .env', async () => {
    const dir = tempDir();
    copyFileSync('.env.example', join(dir, '.env'));
    const r = await play('/dojo top\n', {}, { cwd: dir });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('mode: playground (no SLACK_BOT_TOKEN or DISCORD_TOKEN; settings from .env and the environment)');
    expect(existsSync(join(dir, 'data', 'dojo.sqlite'))).toBe(true);
  }, 60_000);

  it('does not open the playground silently when .env configures Slack: a missing secret stops start-up', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.env'), `SLACK_BOT_TOKEN=xoxb-from-the-file\nDOJO_DB_PATH=${join(dir, 'x.sqlite')}\n`);
    const r = await play('', {}, { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('config error: SLACK_SIGNING_SECRET: required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
    expect(r.err).toContain('(settings read from .env and the environment; the environment wins)');
  }, 60_000);

  it('has #practice from the start: moving the clock across a slot posts the question, and time never goes back', async () => {
    const dir = tempDir();
    // The coming Monday (a fresh playground starts at the real time): the scenario a newcomer tries first.
    const monday = new Date(Date.now() + ((8 - new Date().getUTCDay()) % 7 || 7) * 86_400_000);
    const day = monday.toISOString().slice(0, 10);
    const r = await play(
      `clock ${day}T09:01\nas alice reply A queue in front of the writes, with idempotency keys.\nclock ${day}T08:00\nclock +1d\n`,
      { DOJO_DB_PATH: join(dir, 'p.sqlite') },
    );
    expect(r.err).toBe('');
    expect(r.out).toMatch(
      /Setting up #practice with the default schedule…\n\[\w{3} \d\d:\d\d\] private → you · dojo\n {2}This is now a practice channel/,
    );
    expect(r.out).toMatch(/> clock \S+T09:01\n[\s\S]*?\[Mon 09:00\] #practice · dojo \(msg \d+\)\n {2}Question of the day · /);
    expect(r.out).toMatch(
      /> as alice reply A queue[^\n]*\n\[Mon 09:01\] #practice › thread of msg \d+ · alice[\s\S]*Your answer is in \(\+10\)/,
    );
    expect(r.out).toContain(
      `> clock ${day}T08:00\n! the clock only moves forward (it is ${day} 09:01 UTC); use another DOJO_DB_PATH to start over\n`,
    );
    expect(r.out).toMatch(/> clock \+1d\n\[Tue 08:00\] #practice › thread of msg \d+ · dojo \(msg \d+\)\n {2}Round closed/);
  }, 60_000);

  it('leaves at quit or exit, explains a bare "as bob", and help says how to leave', async () => {
    const dir = tempDir();
    const r = await play('help\nas bob\nexit\nas bob /dojo top\n', { DOJO_DB_PATH: join(dir, 'p.sqlite') });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\nhelp {2,}this list {2,}quit \/ exit {3}leave \(state is kept for the next run\)\n/);
    expect(r.out).toContain(
      '> as bob\n! as <user> needs something to do, e.g. as bob reply <text>, as bob vote <author> or as bob /dojo help\n',
    );
    expect(r.out).toMatch(/> exit\n$/);
    expect(r.out).not.toContain('Leaderboard');
  }, 60_000);

  it('shows a prompt and echoes what is typed on a real terminal (a pseudo-terminal from script(1))', async () => {
    const dir = tempDir();
    const child = spawn('script', ['-qec', `${process.execPath} --import tsx src/main.ts`, '/dev/null'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERM: 'xterm', DOJO_DB_PATH: join(dir, 'tty.sqlite') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    const steps: [RegExp, string][] = [
      [/dojo> /, 'as bob /dojo top\r'],
      [/Leaderboard/, 'quit\r'],
    ];
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const next = steps[0];
      if (next?.[0].test(out)) {
        steps.shift();
        child.stdin.write(next[1]);
      }
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 50_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(guard);
    const text = out.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
    expect(code).toBe(0);
    expect(text).toMatch(/dojo> as bob \/dojo top/);
    expect(text).toMatch(/private → bob · dojo\r?\n {2}Leaderboard · this week/);
    expect(text).toMatch(/dojo> quit/);
  }, 60_000);
});
