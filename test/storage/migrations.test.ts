import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDb } from '../../src/storage/db.js';
import { tableNames, tableRows } from '../support/db-scan.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * The migrations v0.2.0 shipped, with the SHA-256 of each file. Released migrations are never
 * edited or reordered, only followed by new ones (src/storage/README.md).
 */
const V0_2_0_MIGRATIONS = [
  ['0000_init', 'afbb8eeae28ea46eee6bacaea87df9cbaf5f40f32353a489847d2992a4f2f9fd'],
  ['0001_without_rowid', 'fea2ac521dbcbeb0447d68cf40bee59fa257f3c25f6abc89553a18a18d9853f3'],
] as const;

interface Journal {
  entries: { tag: string }[];
}

const readJournal = (folder: string): Journal => JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as Journal;

/** A migrations folder holding only the journal entries named in `tags`: the schema a release shipped. */
function migrationsFolderWith(tags: readonly string[]): string {
  const dir = tempDir('dojo-mig-');
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journal = readJournal(dir);
  journal.entries = journal.entries.filter((e) => tags.includes(e.tag));
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify(journal));
  return dir;
}

const sqlOf = (c: Database.Database, name: string) => c.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get(name);

/** One or more rows in every table v0.2.0 has, in the shapes the app writes. */
const V0_2_0_ROWS = `
  INSERT INTO workspaces (id, platform, ref, name, timezone, settings, season, status, created_at)
    VALUES (1, 'slack', 'slack:T1', 'Acme', 'Europe/Berlin', '{"admins":["slack:U1"]}', 2, 'active', 10),
           (2, 'discord', 'discord:G1', 'Guild', 'UTC', '{}', 1, 'removed', 11);
  INSERT INTO members (id, workspace_id, user_ref, display_name, is_bot, nudge, created_at)
    VALUES (1, 1, 'slack:U1', 'ann', 0, 1, 10), (2, 1, 'slack:U2', 'ben', 0, 0, 10), (3, 1, 'slack:B1', 'dojo', 1, 0, 10);
  INSERT INTO workspace_packs (workspace_id, pack_id, enabled) VALUES (1, 'team', 0);
  INSERT INTO meta (key, value, updated_at) VALUES ('digest:1', '2026-W48', 12), ('nudge:1:2026-11-30', '2', 13);
  INSERT INTO channels (id, workspace_id, ref, name, days, time, timezone, categories, mode, vote_emoji, round_hours,
                        blind_hours, vote_cap, digest, paused, active_since, created_at)
    VALUES (1, 1, 'slack:T1:C1', 'practice', '1,3,5', '09:30', 'Europe/Berlin', 'nodejs,sql', 'blind', 'star', 20, 4, 3, 1, 0, 10, 10),
           (2, 1, 'slack:T1:C2', 'paused', '1,2,3,4,5', '09:00', 'UTC', '', 'open', '+1', NULL, 4, 0, 0, 1, 10, 10);
  INSERT INTO packs (id, title, version, description, workspace_id, loaded_at)
    VALUES ('core', 'Core', '1.2.0', 'Shipped', NULL, 10), ('team', 'Team', '0.1.0', '', 1, 10);
  INSERT INTO questions (id, pack_id, type, category, difficulty, tags, prompt, body, hash, retired_at, updated_at)
    VALUES ('q1', 'core', 'open', 'nodejs', 'medium', '["streams"]', 'What is backpressure?', '{"keyPoints":["a"]}', 'h1', NULL, 10),
           ('q2', 'core', 'mcq', 'sql', 'easy', '[]', 'Pick one', '{"choices":[{"text":"a","correct":true}]}', 'h2', 20, 10);
  INSERT INTO suggestions (id, workspace_id, member_id, text, category, status, question_id, created_at, decided_at)
    VALUES (1, 1, 2, 'Ask about WAL', 'sql', 'pending', NULL, 30, NULL);
  INSERT INTO rounds (id, channel_id, slot, question_id, is_scheduled, status, mode, message_ref,
                      summary_ref, slot_at, reveal_at, closes_at, closed_at)
    VALUES (1, 1, '2026-11-27', 'q1', 1, 'closed', 'blind', 'slack:T1:C1:1.1', 'slack:T1:C1:1.9', 100, 200, 300, 300),
           (2, 1, '2026-11-30', 'q1', 1, 'closed', 'blind', 'slack:T1:C1:2.1', NULL, 350, 360, 390, 390),
           (3, 1, 'adhoc:1', 'q2', 0, 'revealed', 'open', 'slack:T1:C1:3.1', NULL, 400, NULL, 900, NULL),
           (4, 2, '2026-12-01', 'q1', 1, 'posting', 'open', NULL, NULL, 500, NULL, 950, NULL);
  INSERT INTO answers (id, round_id, member_id, text, source, message_ref, posted_ref, created_at, edited_at)
    VALUES (1, 3, 1, 'Because the consumer is slower.', 'thread', 'slack:T1:C1:3.2', 'slack:T1:C1:3.3', 410, 420),
           (2, 3, 2, 'It buffers.', 'form', NULL, 'slack:T1:C1:3.4', 415, NULL);
  INSERT INTO votes (answer_id, voter_id, source, points, created_at, casts, retracted_at)
    VALUES (1, 2, 'reaction', 2, 430, 1, NULL), (2, 1, 'button', 0, 431, 2, 440);
  INSERT INTO score_ledger (id, workspace_id, member_id, award_key, points, reason, category, round_id, week, month, season, at)
    VALUES (1, 1, 1, 'answer:1', 10, 'answer', 'nodejs', 3, '2026-W49', '2026-11', 2, 410),
           (2, 1, 1, 'vote:1:2:1', 2, 'upvote', 'nodejs', 3, '2026-W49', '2026-11', 2, 430),
           (3, 1, 2, 'answer:2', 10, 'answer', 'nodejs', 3, '2026-W49', '2026-11', 2, 415);
  INSERT INTO score_totals (workspace_id, period, category, member_id, points)
    VALUES (1, 'all', '', 1, 12), (1, 'all', 'nodejs', 1, 12), (1, 'w:2026-W49', '', 1, 12), (1, 'all', '', 2, 10);
  INSERT INTO processed_events (platform, delivery_id, at, payload, done_at)
    VALUES ('slack', 'Ev1', 5, NULL, 6), ('slack', 'Ev2', 7, '{"kind":"reaction","deliveryId":"Ev2"}', NULL), ('discord', 'Ev1', 8, NULL, 9);
  INSERT INTO outbox (id, workspace_id, item, status, attempts, next_at, owner, lease_until, ref, created_at, sent_at)
    VALUES (1, 1, '{"platform":"slack","out":{"kind":"post"}}', 'sent', 0, 100, NULL, NULL, 'slack:T1:C1:1.1', 100, 101),
           (2, 1, '{"platform":"slack","out":{"kind":"reply"}}', 'pending', 2, 460, 'instance-1', 450, NULL, 400, NULL),
           (3, 2, '{"platform":"discord","out":{"kind":"post"}}', 'failed', 8, 500, NULL, NULL, NULL, 300, NULL);
  INSERT INTO reviews (member_id, question_id, card, due, reps, lapses, last_review_at) VALUES (1, 'q1', '{"stability":2}', 1000, 3, 1, 500);
  INSERT INTO quiz_attempts (id, member_id, question_id, kind, choice_order, chosen, is_correct, rating, revealed_at, created_at, answered_at)
    VALUES (1, 1, 'q2', 'drill', '[1,0]', 1, 1, NULL, 505, 500, 510), (2, 1, 'q1', 'review', '[]', NULL, NULL, 3, 520, 515, 530);
  INSERT INTO challenges (id, channel_id, question_id, choice_order, status, message_ref, started_at, ends_at)
    VALUES (1, 1, 'q2', '[0,1]', 'ended', 'slack:T1:C1:5.1', 600, 660);
  INSERT INTO challenge_responses (challenge_id, member_id, chosen, is_correct, at) VALUES (1, 2, 0, 1, 610);
`;

describe('migrations', () => {
  it('keep the v0.2.0 migrations first in the journal, in order and unedited', () => {
    const tags = readJournal(MIGRATIONS_FOLDER).entries.map((e) => e.tag);
    expect(tags.slice(0, V0_2_0_MIGRATIONS.length)).toEqual(V0_2_0_MIGRATIONS.map(([tag]) => tag));
    for (const [tag, sha256] of V0_2_0_MIGRATIONS) {
      expect(
        createHash('sha256')
          .update(readFileSync(join(MIGRATIONS_FOLDER, `${tag}.sql`)))
          .digest('hex'),
        tag,
      ).toBe(sha256);
    }
  });

  it('upgrade a populated v0.2.0 database to the current set, keeping every row of every table', () => {
    const path = join(tempDir('dojo-up-'), 'v0.2.0.sqlite');
    const old = openDb({ path, migrationsFolder: migrationsFolderWith(V0_2_0_MIGRATIONS.map(([tag]) => tag)) }).$client;
    old.exec(V0_2_0_ROWS);
    const tables = tableNames(old);
    for (const table of tables) {
      expect(old.prepare(`SELECT count(*) FROM "${table}"`).pluck().get(), `rows seeded in ${table}`).toBeGreaterThan(0);
    }
    const before = tableRows(old);
    old.close();

    const upgraded = openDb({ path }).$client;
    const after = tableRows(upgraded);
    // Columns added since v0.2.0 come with their defaults; every value that was there stays.
    for (const table of tables) expect(after[table], table).toEqual(before[table]!.map((row) => expect.objectContaining(row)));
    expect((after.channels as { rank_by: string }[]).map((c) => c.rank_by)).toEqual(before.channels!.map(() => 'votes'));
    expect(upgraded.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()).toBe(readJournal(MIGRATIONS_FOLDER).entries.length);
    expect(upgraded.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(upgraded.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    upgraded.close();
  });

  it('build processed_events, votes and score_totals as WITHOUT ROWID tables whose keys refuse a second row', () => {
    const c = openDb({ path: ':memory:' }).$client;
    for (const table of ['processed_events', 'votes', 'score_totals']) expect(sqlOf(c, table), table).toMatch(/\) WITHOUT ROWID$/);
    // Dropping a table drops its indexes: the rebuild must have put them back.
    expect(sqlOf(c, 'votes_pointed_idx')).toMatch(/WHERE "votes"."points" > 0$/);
    expect(sqlOf(c, 'score_totals_rank_idx')).toBeTruthy();
    expect(sqlOf(c, 'processed_events_accepted_idx')).toMatch(/WHERE "processed_events"."done_at" IS NULL$/);
    c.exec(V0_2_0_ROWS);
    expect(() => c.prepare("INSERT INTO processed_events (platform, delivery_id, at) VALUES ('slack', 'Ev1', 1)").run()).toThrow(
      /UNIQUE|PRIMARY KEY/,
    );
    expect(() =>
      c.prepare("INSERT INTO votes (answer_id, voter_id, source, points, created_at) VALUES (1, 2, 'button', 0, 1)").run(),
    ).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() =>
      c.prepare("INSERT INTO score_totals (workspace_id, period, category, member_id, points) VALUES (1, 'all', '', 1, 1)").run(),
    ).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(
      c.prepare('SELECT count(*) FROM sqlite_sequence WHERE name IN (?, ?, ?)').pluck().get('processed_events', 'votes', 'score_totals'),
    ).toBe(0);
    c.close();
  });

  it('open in WAL mode with foreign keys and a busy timeout, creating the data folder', () => {
    const path = join(tempDir('dojo-wal-'), 'nested', 'deeper', 'dojo.sqlite');
    const db = openDb({ path });
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.$client.close();
  });
});
