import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDb } from '../../src/storage/db.js';

/** A migrations folder holding only the first `n` journal entries. */
function olderMigrations(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'dojo-mig-'));
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, n);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

const journalIndex = (tag: string) =>
  (JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] }).entries.findIndex(
    (e) => e.tag === tag,
  );

describe('write-path migrations (0004 pointed-votes index; 0005 processed_events, 0006 votes and 0007 score_totals WITHOUT ROWID)', () => {
  it('keeps every delivery claim and vote, and the cap check reads the partial index', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dojo-up-')), 'old.sqlite');
    const old = openDb({ path, migrationsFolder: olderMigrations(journalIndex('0004_pointed_votes_index')) });
    const c = old.$client;
    c.exec(`
      INSERT INTO workspaces (id, platform, ref, name, timezone, settings, created_at) VALUES (1, 'slack', 'T1', 'Acme', 'UTC', '{}', 0);
      INSERT INTO members (id, workspace_id, user_ref, display_name, created_at) VALUES (1, 1, 'U1', 'ann', 0), (2, 1, 'U2', 'ben', 0), (3, 1, 'U3', 'cy', 0);
      INSERT INTO channels (id, workspace_id, ref, timezone, active_since, created_at) VALUES (1, 1, 'C1', 'UTC', 0, 0);
      INSERT INTO packs (id, title, version, loaded_at) VALUES ('p', 'P', '1', 0);
      INSERT INTO questions (id, pack_id, type, category, difficulty, prompt, body, hash, updated_at) VALUES ('q1', 'p', 'open', 'nodejs', 'easy', 'Why?', '{}', 'h', 0);
      INSERT INTO rounds (id, channel_id, slot, question_id, is_scheduled, status, mode, slot_at, closes_at) VALUES (1, 1, '2026-11-30', 'q1', 1, 'open', 'open', 0, 1);
      INSERT INTO answers (id, round_id, member_id, text, source, message_ref, created_at) VALUES (1, 1, 1, 'because', 'thread', 'm1', 0);
      INSERT INTO votes (answer_id, voter_id, source, points, created_at) VALUES (1, 2, 'reaction', 2, 0), (1, 3, 'reaction', 0, 0);
      INSERT INTO score_totals (workspace_id, period, category, member_id, points) VALUES (1, 'all', '', 1, 12), (1, 'all', 'nodejs', 1, 12), (1, 'w:2026-W49', '', 1, 12);
      INSERT INTO processed_events (platform, delivery_id, at, owner, done_at) VALUES ('slack', 'Ev1', 5, 'a', 6), ('slack', 'Ev2', 7, 'b', NULL), ('discord', 'Ev1', 8, 'a', 9);
    `);
    c.close();

    const u = openDb({ path }).$client;
    expect(
      u.prepare('SELECT platform, delivery_id, at, owner, done_at FROM processed_events ORDER BY platform, delivery_id').all(),
    ).toEqual([
      { platform: 'discord', delivery_id: 'Ev1', at: 8, owner: 'a', done_at: 9 },
      { platform: 'slack', delivery_id: 'Ev1', at: 5, owner: 'a', done_at: 6 },
      { platform: 'slack', delivery_id: 'Ev2', at: 7, owner: 'b', done_at: null },
    ]);
    expect(u.prepare("SELECT sql FROM sqlite_master WHERE name = 'processed_events'").pluck().get()).toMatch(/WITHOUT ROWID/);
    expect(() => u.prepare("INSERT INTO processed_events (platform, delivery_id, at) VALUES ('slack', 'Ev1', 1)").run()).toThrow(
      /UNIQUE|PRIMARY KEY/,
    );
    expect(u.prepare("SELECT sql FROM sqlite_master WHERE name = 'votes'").pluck().get()).toMatch(/WITHOUT ROWID/);
    expect(u.prepare('SELECT answer_id, voter_id, source, points, casts, retracted_at FROM votes ORDER BY voter_id').all()).toEqual([
      { answer_id: 1, voter_id: 2, source: 'reaction', points: 2, casts: 1, retracted_at: null },
      { answer_id: 1, voter_id: 3, source: 'reaction', points: 0, casts: 1, retracted_at: null },
    ]);
    expect(() =>
      u.prepare("INSERT INTO votes (answer_id, voter_id, source, points, created_at) VALUES (1, 2, 'button', 0, 1)").run(),
    ).toThrow(/UNIQUE|PRIMARY KEY/);
    const plan = u
      .prepare('EXPLAIN QUERY PLAN SELECT count(*) FROM votes INDEXED BY votes_pointed_idx WHERE answer_id = ? AND points > 0')
      .all(1) as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toMatch(/votes_pointed_idx/);
    expect(u.prepare('SELECT count(*) FROM votes WHERE answer_id = 1 AND points > 0').pluck().get()).toBe(1);
    expect(u.prepare("SELECT sql FROM sqlite_master WHERE name = 'score_totals'").pluck().get()).toMatch(/WITHOUT ROWID/);
    expect(u.prepare('SELECT period, category, member_id, points FROM score_totals ORDER BY period, category').all()).toEqual([
      { period: 'all', category: '', member_id: 1, points: 12 },
      { period: 'all', category: 'nodejs', member_id: 1, points: 12 },
      { period: 'w:2026-W49', category: '', member_id: 1, points: 12 },
    ]);
    const board = u
      .prepare(
        "EXPLAIN QUERY PLAN SELECT member_id, points FROM score_totals WHERE workspace_id = 1 AND period = 'all' AND category = '' ORDER BY points DESC",
      )
      .all() as { detail: string }[];
    expect(board.map((p) => p.detail).join()).toMatch(/COVERING INDEX score_totals_rank_idx/);
    expect(u.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    expect(u.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    u.close();
  });
});
