import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDb } from '../../src/storage/db.js';

/** A migrations folder holding only the first `n` journal entries: the schema an older release shipped. */
function olderMigrations(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'dojo-mig-'));
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, n);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

const count = (db: Database.Database, table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();

describe('migrations', () => {
  it('upgrading a populated database keeps every answer, vote and ledger row', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dojo-up-')), 'old.sqlite');
    const old = openDb({ path, migrationsFolder: olderMigrations(1) });
    const c = old.$client;
    c.exec(`
      INSERT INTO workspaces (id, platform, ref, name, timezone, settings, created_at) VALUES (1, 'slack', 'T1', 'Acme', 'UTC', '{}', 0);
      INSERT INTO members (id, workspace_id, user_ref, display_name, created_at) VALUES (1, 1, 'U1', 'ann', 0), (2, 1, 'U2', 'ben', 0);
      INSERT INTO channels (id, workspace_id, ref, timezone, active_since, created_at) VALUES (1, 1, 'C1', 'UTC', 0, 0);
      INSERT INTO packs (id, title, version, loaded_at) VALUES ('p', 'P', '1', 0);
      INSERT INTO questions (id, pack_id, type, category, difficulty, prompt, body, hash, updated_at) VALUES ('q1', 'p', 'open', 'nodejs', 'easy', 'Why?', '{}', 'h', 0);
      INSERT INTO rounds (id, channel_id, slot, question_id, is_scheduled, status, mode, slot_at, closes_at) VALUES (1, 1, '2026-11-30', 'q1', 1, 'open', 'open', 0, 1);
      INSERT INTO answers (id, round_id, member_id, text, source, message_ref, created_at) VALUES (1, 1, 1, 'because', 'thread', 'm1', 0);
      INSERT INTO votes (answer_id, voter_id, source, points, created_at) VALUES (1, 2, 'reaction', 2, 0);
      INSERT INTO score_ledger (workspace_id, member_id, award_key, points, reason, category, round_id, week, month, season, at)
        VALUES (1, 1, 'answer:1', 10, 'answer', 'nodejs', 1, '2026-W49', '2026-11', 1, 0), (1, 1, 'vote:1', 2, 'upvote', 'nodejs', 1, '2026-W49', '2026-11', 1, 0);
      INSERT INTO score_totals (workspace_id, period, category, member_id, points) VALUES (1, 'all', '', 1, 12);
    `);
    expect(c.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'reviews'").pluck().get()).toBe(0);
    c.close();

    const upgraded = openDb({ path });
    const u = upgraded.$client;
    expect(u.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'reviews'").pluck().get()).toBe(1);
    for (const [table, n] of [
      ['answers', 1],
      ['votes', 1],
      ['score_ledger', 2],
      ['score_totals', 1],
      ['rounds', 1],
      ['members', 2],
    ] as const) {
      expect(count(u, table)).toBe(n);
    }
    expect(u.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(u.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    u.close();
  });

  it('opens in WAL mode with foreign keys and a busy timeout, creating the data folder', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dojo-wal-')), 'nested', 'deeper', 'dojo.sqlite');
    const db = openDb({ path });
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.$client.close();
  });
});
