import Database from 'better-sqlite3';
import { createDojo, messageRef, userRef, workspaceRef, channelRef, type InboundEvent } from '../src/core/index.js';
import { loadContent } from '../src/load-content.js';
import { seededRandom } from '../src/random.js';
import { openDb, WAL_CHECKPOINT_PAGES } from '../src/storage/db.js';
import { createSqliteStore } from '../src/storage/sqlite-store.js';
import type { Store } from '../src/core/store.js';
import { round, tmpFile, type Row } from './lib.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** Raw better-sqlite3: one autocommit insert per call into a table with one unique index, server pragmas. */
function rawRate(n: number): number {
  const db = new Database(tmpFile('raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  db.exec(
    'CREATE TABLE votes (id INTEGER PRIMARY KEY, answer_id INTEGER NOT NULL, voter_id INTEGER NOT NULL, created_at INTEGER NOT NULL); CREATE UNIQUE INDEX v_unique ON votes (answer_id, voter_id);',
  );
  const ins = db.prepare('INSERT INTO votes (answer_id, voter_id, created_at) VALUES (?, ?, ?)');
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) ins.run(i % 50, i, i);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  db.close();
  return n / secs;
}

/** Reads one value with plain SQL on the engine under test (the check that every vote was stored). */
export type Scalar = (sql: string) => Promise<unknown>;

async function dojoRate(n: number): Promise<number> {
  const db = openDb({ path: tmpFile('dojo.sqlite') });
  const store = createSqliteStore(db);
  try {
    return await votePathRate(store, n, async (sql) => db.$client.prepare(sql).pluck().get());
  } finally {
    await store.close();
  }
}

/** The core's whole vote path per call: dedupe claim, workspace and member, vote rules, ledger and totals. */
export async function votePathRate(store: Store, n: number, scalar: Scalar): Promise<number> {
  const now = Date.parse('2026-11-30T10:00:00Z');
  const dojo = createDojo({
    store,
    clock: { now: () => new Date(now) },
    random: seededRandom(1),
    log: silent,
    config: { timezone: 'UTC', admins: [] },
    instanceId: 'bench',
  });
  const posted: string[] = [];
  dojo.attach('bench', {
    postMessage: async () => messageRef(`b:${posted.push('p')}`),
    replyInThread: async () => messageRef(`b:${posted.push('r')}`),
    updateMessage: async () => undefined,
    tellPrivately: async () => undefined,
  });
  await loadContent(store, silent, now);
  const base = (u: string) => ({
    platform: 'bench',
    workspace: workspaceRef('T'),
    channel: channelRef('C'),
    actor: { ref: userRef(u), name: u, isBot: false, isPlatformAdmin: true },
  });
  await dojo.handle({ ...base('admin'), kind: 'command', text: 'setup close=100h' });
  await dojo.handle({ ...base('admin'), kind: 'command', text: 'ask' });
  // The question is posted by the outbox after the commit.
  await dojo.drain();
  const thread = messageRef(String(await scalar('SELECT message_ref FROM rounds')));
  const answers = 50;
  for (let a = 0; a < answers; a++)
    await dojo.handle({ ...base(`author${a}`), kind: 'reply-posted', thread, message: messageRef(`ans${a}`), text: `answer ${a}` });
  const events: InboundEvent[] = [];
  // Voters return day after day, so each votes on many answers: n votes from n / answers members.
  for (let i = 0; i < n; i++) {
    const voter = `voter${Math.floor(i / answers)}`;
    events.push({ ...base(voter), kind: 'reaction-added', message: messageRef(`ans${i % answers}`), emoji: '+1', deliveryId: `ev${i}` });
  }
  const t0 = process.hrtime.bigint();
  for (const e of events) await dojo.handle(e);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const stored = Number(await scalar('SELECT count(*) FROM votes WHERE retracted_at IS NULL'));
  if (stored !== n) throw new Error(`expected ${n} votes, stored ${stored}`);
  return n / secs;
}

/**
 * Alternating rounds of the raw insert and the core, best of each: drift on a shared machine only
 * ever slows a round down, and alternating lets it hit both sides alike.
 */
export async function voteIngestionRow(perRound = 10_000, rounds = 3): Promise<Row> {
  rawRate(2_000);
  await dojoRate(1_000);
  const raws: number[] = [];
  const dojos: number[] = [];
  for (let r = 0; r < rounds; r++) {
    raws.push(rawRate(perRound));
    dojos.push(await dojoRate(perRound));
  }
  const raw = Math.max(...raws);
  const dojo = Math.max(...dojos);
  const ratio = dojo / raw;
  return {
    row: '1. Vote ingestion',
    metric: `votes/s (file DB, WAL; ${perRound.toLocaleString('en-US')} votes per round, best of ${rounds} alternating rounds)`,
    dojo: round(dojo, 0),
    baseline: round(raw, 0),
    unit: '/s',
    ratio: round(ratio),
    target: '≥ 0.35 × raw insert',
    met: ratio >= 0.35,
    notes: `rounds ${dojos.map((x) => round(x, 0)).join('/')} vs ${raws.map((x) => round(x, 0)).join('/')}`,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await voteIngestionRow());
