import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { messageRef, userRef, workspaceRef } from '../../src/core/index.js';
import type { Repos } from '../../src/core/store.js';
import { openDb } from '../../src/storage/db.js';
import { createSqliteStore } from '../../src/storage/sqlite-store.js';

interface Executed {
  source: string;
  params: unknown[];
}

/**
 * Records every statement the client runs (with its parameters) from now on, by wrapping each
 * statement `prepare` hands out. Drizzle's queries and the repositories' raw statements both come
 * from `prepare`, so the plans below are those of the SQL the store really issues.
 */
function recordStatements(client: Database.Database): Executed[] {
  const log: Executed[] = [];
  const prepare = client.prepare.bind(client);
  client.prepare = ((source: string) => {
    const stmt = prepare(source);
    for (const method of ['run', 'get', 'all', 'iterate'] as const) {
      const original = stmt[method].bind(stmt) as (...params: unknown[]) => unknown;
      Object.defineProperty(stmt, method, {
        value: (...params: unknown[]) => {
          log.push({ source, params });
          return original(...params);
        },
      });
    }
    return stmt;
  }) as Database.Database['prepare'];
  return log;
}

/** A workspace with three members, two channels, a blind round with answers and votes, points and a challenge. */
const SEED = `
  INSERT INTO workspaces (id, platform, ref, name, timezone, created_at) VALUES (1, 'test', 'T1', 'Acme', 'UTC', 0);
  INSERT INTO members (id, workspace_id, user_ref, display_name, nudge, created_at)
    VALUES (1, 1, 'ann', 'Ann', 1, 0), (2, 1, 'ben', 'Ben', 0, 0), (3, 1, 'cy', 'Cy', 0, 0);
  INSERT INTO channels (id, workspace_id, ref, timezone, mode, vote_cap, paused, active_since, created_at)
    VALUES (1, 1, 'C1', 'UTC', 'blind', 3, 0, 0, 0), (2, 1, 'C2', 'UTC', 'open', 0, 1, 0, 0);
  INSERT INTO packs (id, title, version, loaded_at) VALUES ('p', 'P', '1', 0);
  INSERT INTO questions (id, pack_id, type, category, difficulty, prompt, body, hash, updated_at)
    VALUES ('q1', 'p', 'open', 'nodejs', 'easy', 'Why?', '{}', 'h', 0), ('q2', 'p', 'mcq', 'nodejs', 'easy', 'Which?', '{}', 'h', 0);
  INSERT INTO rounds (id, channel_id, slot, question_id, is_scheduled, status, mode, message_ref, slot_at, reveal_at, closes_at, closed_at)
    VALUES (1, 1, '2026-11-27', 'q1', 1, 'closed', 'blind', 'm-round-1', 0, 10, 20, 20),
           (2, 1, '2026-11-30', 'q1', 1, 'revealed', 'blind', 'm-round-2', 100, 110, 200, NULL),
           (3, 2, '2026-11-30', 'q1', 1, 'posting', 'open', NULL, 100, NULL, 200, NULL);
  INSERT INTO answers (id, round_id, member_id, text, source, message_ref, posted_ref, created_at)
    VALUES (1, 2, 1, 'Because.', 'thread', 'm-answer-1', 'm-copy-1', 101), (2, 2, 2, 'It depends.', 'form', NULL, 'm-copy-2', 102);
  INSERT INTO votes (answer_id, voter_id, source, points, created_at) VALUES (1, 2, 'reaction', 2, 120), (2, 1, 'button', 0, 121);
  INSERT INTO score_ledger (workspace_id, member_id, award_key, points, reason, category, round_id, week, month, season, at)
    VALUES (1, 1, 'answer:1', 10, 'answer', 'nodejs', 2, '2026-W49', '2026-11', 1, 101);
  INSERT INTO score_totals (workspace_id, period, category, member_id, points)
    VALUES (1, 'all', '', 1, 12), (1, 'all', '', 2, 10), (1, 'all', 'nodejs', 1, 12);
  INSERT INTO processed_events (platform, delivery_id, at, payload, done_at)
    VALUES ('test', 'd0', 0, NULL, 0), ('test', 'd-accepted', 5, '{"kind":"reaction"}', NULL);
  INSERT INTO outbox (id, workspace_id, item, status, attempts, next_at, owner, lease_until, ref, created_at, sent_at)
    VALUES (1, 1, '{}', 'sent', 0, 0, NULL, NULL, 'm-round-1', 0, 1),
           (2, 1, '{}', 'pending', 0, 100, NULL, NULL, NULL, 100, NULL),
           (3, 1, '{}', 'pending', 1, 2000, 'proc-b', 1500, NULL, 100, NULL),
           (4, 1, '{}', 'failed', 8, 50, NULL, NULL, NULL, 10, NULL);
  INSERT INTO challenges (id, channel_id, question_id, choice_order, status, started_at, ends_at) VALUES (1, 1, 'q2', '[0]', 'running', 0, 60);
`;

const NOW = 1_000;
const WS = 1;
const award = (awardKey: string) => ({
  workspaceId: WS,
  memberId: 1,
  awardKey,
  points: 2,
  reason: 'upvote',
  category: 'nodejs',
  roundId: 2,
  week: '2026-W49',
  month: '2026-11',
  season: 1,
  at: NOW,
});

/**
 * The queries on a per-delivery or per-minute path, by the store calls that issue them, and where
 * it matters the index the plan must name (an index on the same leading column would also avoid a
 * scan, yet read far more). Each runs in a transaction of the store, as the core runs them.
 */
const HOT_QUERIES: [string, (s: Repos) => Promise<unknown>, string?][] = [
  ['every delivery: claim it', (s) => s.deliveries.claim('test', 'd1', NOW)],
  ['every delivery: claim one accepted before', (s) => s.deliveries.claim('test', 'd-accepted', NOW)],
  ['slow delivery: accept it', (s) => s.deliveries.accept('test', 'd2', '{"kind":"reaction"}', NOW)],
  [
    'every tick: deliveries accepted and never handled',
    (s) => s.deliveries.listAccepted(NOW - 30_000, 100),
    'processed_events_accepted_idx',
  ],
  ['every delivery: its workspace and member', (s) => s.workspaces.findWithMember('test', workspaceRef('T1'), userRef('ann'))],
  ['every command: its channel', (s) => s.channels.findByRef(WS, 'C1' as never)],
  ['thread reply: find the round by its message ref', (s) => s.rounds.findByMessage(messageRef('m-round-2')), 'rounds_message_ref_idx'],
  ['thread reply: the live round of a channel', (s) => s.rounds.findLive(1)],
  ['thread reply: the member’s answer in the round', (s) => s.answers.findByMember(2, 1)],
  [
    'thread reply: a new answer',
    (s) => s.answers.insert({ roundId: 2, memberId: 3, text: 'Hm.', source: 'thread', messageRef: messageRef('m-answer-3'), now: NOW }),
  ],
  ['edited or deleted reply: find the answer by its own message ref', (s) => s.answers.findByMessage(messageRef('m-answer-1'))],
  ['edited or deleted reply: find the answer by the bot’s copy', (s) => s.answers.findByMessage(messageRef('m-copy-2'))],
  ['reaction: the vote target by the answer’s own message', (s) => s.answers.findVoteTarget(messageRef('m-answer-1')), 'votes_pointed_idx'],
  ['reaction: the vote target by the bot’s copy', (s) => s.answers.findVoteTarget(messageRef('m-copy-2'))],
  ['vote: the voter’s standing vote', (s) => s.votes.find(1, 3)],
  ['vote: the voter’s votes in the round (cap)', (s) => s.votes.countByVoterInRound(3, 2)],
  ['vote: the answer’s pointed votes', (s) => s.votes.countPointed(1)],
  ['vote: insert it', (s) => s.votes.insert({ answerId: 1, voterId: 3, source: 'reaction', points: 2, now: NOW })],
  ['vote: award its points', (s) => s.scores.award(award('vote:1:3:1'))],
  ['vote: retract it', (s) => s.votes.retract(1, 2, NOW)],
  ['leaderboard: top', (s) => s.scores.top(WS, 'all', '', 10), 'COVERING INDEX score_totals_rank_idx'],
  ['leaderboard: rankOf', (s) => s.scores.rankOf(WS, 'all', '', 2)],
  ['leaderboard: ranked count', (s) => s.scores.countRanked(WS, 'all', '')],
  ['stats: answers and votes received by a member', (s) => s.answers.countsForMember(1), 'answers_member_idx'],
  ['summary: the round’s answers', (s) => s.answers.listByRound(2)],
  [
    'every minute: blind rounds due to reveal (listDue revealAt)',
    (s) => s.rounds.listDue('open', 'revealAt', NOW),
    'rounds_status_reveal_idx',
  ],
  ['every minute: open rounds due to close (listDue closesAt)', (s) => s.rounds.listDue('open', 'closesAt', NOW)],
  ['every minute: revealed rounds due to close (listDue closesAt)', (s) => s.rounds.listDue('revealed', 'closesAt', NOW)],
  ['every minute: running challenges', (s) => s.quiz.runningChallenges()],
  ['every minute: scheduled channels', (s) => s.channels.listScheduled(), 'channels_paused_idx'],
  ['every minute: a channel’s round for a slot', (s) => s.rounds.findBySlot(1, '2026-11-30')],
  ['every minute: members with nudges on', (s) => s.members.listNudged(), 'members_nudged_idx'],
  ['every minute: the next due time', (s) => s.rounds.nextDueTime()],
  ['every commit that said something: record it in the outbox', (s) => s.outbox.add(WS, '{}', NOW)],
  ['every outbox run: claim the due messages', (s) => s.outbox.claimDue('proc-a', NOW, NOW + 120_000, 50), 'outbox_status_next_idx'],
  ['every outbox send: mark it sent', (s) => s.outbox.markSent(2, messageRef('m-sent'), NOW)],
  ['every failed send: record the failure', (s) => s.outbox.recordFailure(2, NOW + 30_000)],
  ['every minute: the outbox’s next due time', (s) => s.outbox.nextDueAt(), 'outbox_status_next_idx'],
  ['dashboard: points per week for the charted members', (s) => s.dashboard.periodPoints(WS, ['w:2026-W49'], '', [1, 2])],
  ['dashboard: turnout of recent rounds', (s) => s.dashboard.roundActivity(WS, 50), 'rounds_channel_slot_at_idx'],
  ['dashboard: category coverage', (s) => s.dashboard.categoryCoverage(WS), 'rounds_channel_slot_at_idx'],
  ['dashboard: an archive page', (s) => s.dashboard.archive(WS, { limit: 20, offset: 0 }), 'rounds_channel_slot_at_idx'],
  [
    'dashboard: an archive search by category and member',
    (s) => s.dashboard.archive(WS, { words: ['because'], category: 'nodejs', memberId: 1 as never, limit: 20, offset: 0 }),
  ],
];

/**
 * A plan row that reads a whole table: `SCAN t` without an index. `SCAN t USING … INDEX` reads an
 * index, `SEARCH` a key range; a constant row or a VALUES list is no table.
 */
const isTableScan = (detail: string) =>
  /^SCAN /.test(detail) &&
  !/ USING /.test(detail) &&
  !/^SCAN (CONSTANT ROW|\d+-ROW VALUES CLAUSE)$/.test(detail) &&
  // A full-text MATCH reads its index (the virtual table's plan 0:M…), json_each its own argument.
  !/^SCAN \w+ VIRTUAL TABLE INDEX \d+:M/.test(detail) &&
  !/^SCAN json_each VIRTUAL TABLE/.test(detail);

describe('hot queries', () => {
  it.each(HOT_QUERIES)('%s reads through an index, never a whole table', async (_name, call, uses) => {
    const db = openDb({ path: ':memory:' });
    const client = db.$client;
    const explain = client.prepare.bind(client);
    client.exec(SEED);
    const log = recordStatements(client);
    const store = createSqliteStore(db);
    const start = log.length;
    await store.tx((repos) => call(repos));
    const queries = log.slice(start).filter((e) => /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.test(e.source));
    expect(queries.length, 'statements the call ran').toBeGreaterThan(0);
    const plans = queries.map((q) => ({
      sql: q.source.replace(/\s+/g, ' ').trim(),
      plan: (explain(`EXPLAIN QUERY PLAN ${q.source}`).all(...q.params) as { detail: string }[]).map((r) => r.detail),
    }));
    const scans = plans.flatMap((p) => p.plan.filter(isTableScan).map((d) => `${d} in: ${p.sql}`));
    expect(scans, JSON.stringify(plans, null, 2)).toEqual([]);
    if (uses) expect(plans.flatMap((p) => p.plan).join('\n')).toContain(uses);
    await store.close();
  });
});
