import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/storage/db.js';
import { FakeSlack } from '../fakes/slack-server.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { play } from '../support/playground.js';
import { tempDir } from '../support/temp-dir.js';

loopbackOnly();

const BOT_TOKEN = 'xoxb-0000-damaged-bot';
let fake: FakeSlack;

beforeAll(async () => {
  fake = await FakeSlack.start({ botToken: BOT_TOKEN, teamId: 'T0DAMAGED', botUserId: 'U0BOT', botId: 'B0BOT', users: [] });
});
afterAll(async () => {
  await fake?.close();
});

/** The real entry point in Slack HTTP mode on a free port; resolves when it exits (or fails if it gets ready). */
function startSlackBot(dbPath: string, extra: Record<string, string> = {}): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: 'damaged-signing-secret',
        SLACK_API_URL: fake.apiUrl,
        PORT: '0',
        DOJO_DB_PATH: dbPath,
        LOG_LEVEL: 'info',
        ...extra,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the bot did not exit within 60 s\n${err}`));
    }, 60_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('slack ready')) {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new Error(`the bot took deliveries on a damaged database\n${err}`));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, err });
    });
  });
}

/** Lines that are not the JSON log lines (what an operator reads as the error). */
const plainLines = (err: string) =>
  err
    .trim()
    .split('\n')
    .filter((l) => l && !l.startsWith('{'));

/** A database with real tables and enough rows to span many pages, closed cleanly. */
function populatedDatabase(path: string): void {
  const db = openDb({ path });
  const put = db.$client.prepare('INSERT INTO meta (key, value, updated_at) VALUES (?, ?, ?)');
  db.$client.transaction(() => {
    for (let i = 0; i < 4000; i++) put.run(`filler:${i}`, `value ${i} `.repeat(20), i);
  })();
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
}

/** Overwrites one page in the second half of the file with garbage, as a torn write or a bad disk would. */
function damagePage(path: string): void {
  const pageSize = 4096;
  const pages = statSync(path).size / pageSize;
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, Math.floor(pages * 0.75) * pageSize);
  closeSync(fd);
}

describe('a damaged SQLite database', () => {
  it('stops the start before any delivery with one line naming the file and how to restore, and the restore works', async () => {
    const dir = tempDir('dojo-damaged-');
    const path = join(dir, 'dojo.sqlite');
    populatedDatabase(path);
    const backup = join(dir, 'backups', 'before.sqlite');
    const made = spawnSync(process.execPath, ['--import', 'tsx', 'src/tools/backup.ts', backup], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DOJO_DB_PATH: path, SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' },
      encoding: 'utf8',
    });
    expect(made.status, made.stderr).toBe(0);
    damagePage(path);

    const callsBefore = fake.calls.length;
    const slack = await startSlackBot(path);
    expect(slack.code).toBe(1);
    const lines = plainLines(slack.err);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(path);
    expect(lines[0]).toMatch(/^database error: DOJO_DB_PATH: .* is damaged \(.+\).*npm run backup/);
    // Stopped before the adapter started: Slack was never even asked who the bot is.
    expect(fake.calls.length).toBe(callsBefore);

    const playground = await play('/dojo help\n', { DOJO_DB_PATH: path });
    expect(playground.code).toBe(1);
    expect(playground.err.trim().split('\n')).toEqual([lines[0]]);

    // The restore the line describes: the backup copied over the file, its -wal and -shm moved aside.
    for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
    copyFileSync(backup, path);
    const restored = await play('/dojo help\n', { DOJO_DB_PATH: path });
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
  }, 120_000);
});

describe('database errors at start-up', () => {
  it('each names the file it concerns, in one line', async () => {
    const dir = tempDir('dojo-dberr-');
    const notADatabase = join(dir, 'notes.sqlite');
    writeFileSync(notADatabase, 'these are my meeting notes, not a database\n'.repeat(200));
    const aFolder = join(dir, 'folder.sqlite');
    mkdirSync(aFolder);
    const underAFile = join(notADatabase, 'dojo.sqlite');
    for (const path of [notADatabase, aFolder, underAFile]) {
      const r = await play('/dojo help\n', { DOJO_DB_PATH: path });
      expect(r.code, path).toBe(1);
      const lines = r.err.trim().split('\n');
      expect(lines, path).toHaveLength(1);
      expect(lines[0]).toMatch(/^database error: DOJO_DB_PATH: /);
      expect(lines[0]).toContain(path);
    }
  }, 120_000);
});
