import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { periodOf } from '../src/core/periods.js';
import { loadContent } from '../src/load-content.js';
import { seededRandom } from '../src/random.js';
import { openDb } from '../src/storage/db.js';
import { createSqliteStore } from '../src/storage/sqlite-store.js';
import { createDashboard } from '../src/web/dashboard.js';
import { WebServer } from '../src/web/server.js';
import { benchWorkspace, percentile, round, tmpFile, type Row } from './lib.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const DAY = 86_400_000;
const MEMBERS = 10_000;
const LEDGER_ROWS = 1_000_000;
const CHANNELS = 10;
const ROUNDS = 5_000;
const ANSWERS_PER_ROUND = 10;
const VOTES_PER_ANSWER = 2;
const REQUESTS = 300;
// Answers are four words from this list and twenty from a 3,000-word filler vocabulary, so a searched
// word occurs in about one answer in twenty (a common term in a team's answers).
const WORDS =
  'cache queue index lock shard replica stream buffer event loop worker thread cluster pool timeout retry backoff idempotent token session cookie header schema migration rollback deploy canary metric trace log alert budget scope sprint owner review mentor pairing incident postmortem latency throughput partition consistency availability tenant quota limit batch cursor pagination webhook signature secret rotation vault audit'.split(
    ' ',
  );
const CATEGORIES = ['nodejs', 'security', 'databases', 'devops', 'api-design', 'system-design', 'leadership', 'scrum', 'behavioural'];

/**
 * A workspace at the scale: 10,000 members, 1,000,000 ledger rows over eight weeks (totals
 * rebuilt by the store), and 5,000 closed rounds over ten channels, each with ten answers and two
 * votes per answer, written in bulk; the archive's full-text index is kept by its triggers as they go in.
 */
async function populate() {
  const db = openDb({ path: tmpFile('dashboard.sqlite') });
  const store = createSqliteStore(db);
  const now = Date.parse('2026-11-30T12:00:00Z');
  await loadContent(store, silent, now);
  const ws = await benchWorkspace(store, now);
  const c = db.$client;
  const questionIds = c.prepare("SELECT id FROM questions WHERE type = 'open' ORDER BY id").pluck().all() as string[];
  const insMember = c.prepare('INSERT INTO members (workspace_id, user_ref, display_name, created_at) VALUES (?, ?, ?, 0)');
  const insLedger = c.prepare(
    'INSERT INTO score_ledger (workspace_id, member_id, award_key, points, reason, category, round_id, week, month, season, at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, 1, ?)',
  );
  const insChannel = c.prepare(
    "INSERT INTO channels (workspace_id, ref, name, timezone, active_since, created_at) VALUES (?, ?, ?, 'UTC', 0, 0) RETURNING id",
  );
  const insRound = c.prepare(
    "INSERT INTO rounds (channel_id, slot, question_id, is_scheduled, status, mode, slot_at, closes_at, closed_at) VALUES (?, ?, ?, 1, 'closed', 'open', ?, ?, ?) RETURNING id",
  );
  const insAnswer = c.prepare(
    "INSERT INTO answers (round_id, member_id, text, source, created_at) VALUES (?, ?, ?, 'reply', ?) RETURNING id",
  );
  const insVote = c.prepare("INSERT INTO votes (answer_id, voter_id, source, points, created_at) VALUES (?, ?, 'reaction', 2, ?)");
  const random = seededRandom(8);
  const pick = <T>(xs: T[]) => xs[Math.floor(random.next() * xs.length)]!;
  c.transaction(() => {
    const firstMember = Number(insMember.run(ws.id, 'U1', 'member1').lastInsertRowid);
    for (let m = 2; m <= MEMBERS; m++) insMember.run(ws.id, `U${m}`, `member${m}`);
    const member = () => firstMember + Math.floor(random.next() ** 2 * MEMBERS);
    for (let i = 0; i < LEDGER_ROWS; i++) {
      const at = now - Math.floor(random.next() * 56 * DAY);
      const p = periodOf(at, 'UTC');
      insLedger.run(ws.id, member(), `bench:${i}`, [2, 10, 15, 5][i % 4], 'bench', CATEGORIES[i % CATEGORIES.length], p.week, p.month, at);
    }
    const channels = Array.from({ length: CHANNELS }, (_, i) => (insChannel.get(ws.id, `C${i}`, `practice-${i}`) as { id: number }).id);
    for (let i = 0; i < ROUNDS; i++) {
      const slotAt = now - (Math.floor(i / CHANNELS) + 1) * DAY;
      const roundId = (
        insRound.get(channels[i % CHANNELS], `slot-${i}`, pick(questionIds), slotAt, slotAt + 20 * 3600_000, slotAt + 20 * 3600_000) as {
          id: number;
        }
      ).id;
      const authors = new Set<number>();
      while (authors.size < ANSWERS_PER_ROUND) authors.add(member());
      for (const author of authors) {
        const text = [
          ...Array.from({ length: 4 }, () => pick(WORDS)),
          ...Array.from({ length: 20 }, () => `w${Math.floor(random.next() * 3000)}`),
        ].join(' ');
        const answerId = (insAnswer.get(roundId, author, text, slotAt + 3600_000) as { id: number }).id;
        const voters = new Set<number>();
        while (voters.size < VOTES_PER_ANSWER) {
          const v = member();
          if (v !== author) voters.add(v);
        }
        for (const v of voters) insVote.run(answerId, v, slotAt + 7200_000);
      }
    }
  })();
  await store.tx((r) => r.scores.rebuildTotals(ws.id));
  c.exec('ANALYZE');
  return { store, ws, now, firstMember: c.prepare('SELECT min(id) FROM members').pluck().get() as number };
}

/** A server on 127.0.0.1 that records each request's time from its arrival to the end of its response. */
async function timedServer(listener: RequestListener) {
  const samples: number[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const t0 = process.hrtime.bigint();
    res.on('finish', () => samples.push(Number(process.hrtime.bigint() - t0) / 1e6));
    listener(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, samples, close: () => new Promise((r) => server.close(r)) };
}

/**
 * Requests `urls` one after another (after a warm-up), returning the server-side times sorted and
 * the mean body size; `before` runs ahead of each request, outside the timing.
 */
async function measure(server: Awaited<ReturnType<typeof timedServer>>, urls: string[], before?: (i: number) => Promise<unknown>) {
  for (const u of urls.slice(0, 20)) await (await fetch(u)).arrayBuffer();
  server.samples.length = 0;
  let bytes = 0;
  for (let i = 0; i < REQUESTS; i++) {
    await before?.(i);
    const res = await fetch(urls[i % urls.length]!);
    if (res.status !== 200) throw new Error(`dashboard answered ${res.status}`);
    bytes += (await res.arrayBuffer()).byteLength;
  }
  return { samples: [...server.samples].sort((a, b) => a - b), bytes: Math.round(bytes / REQUESTS) };
}

/** A bare node:http page of `bytes` bytes, the floor for serving a page that size. */
async function bare(bytes: number) {
  const body = Buffer.alloc(bytes, 'x');
  const server = await timedServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
    res.end(body);
  });
  const result = await measure(server, [server.url]);
  await server.close();
  return result;
}

export async function dashboardRows(): Promise<Row[]> {
  const { store, ws, now, firstMember } = await populate();
  const dashboard = createDashboard({
    store,
    clock: { now: () => new Date(now) },
    log: silent,
    secret: Buffer.alloc(32, 3),
    publicUrl: () => '',
  });
  const web = new WebServer(dashboard.routes, silent);
  const server = await timedServer(web.listener);
  const link = (memberId: number) =>
    new URL(dashboard.links.linkFor({ workspaceId: ws.id, memberId, isAdmin: false }, now).url, server.url).toString();
  const viewers = Array.from({ length: 50 }, (_, i) => firstMember + i * 197);
  const teamUrls = viewers.map((m, i) => `${link(m)}${['', '&period=all', '&period=month&category=nodejs'][i % 3]}`);
  const searchUrls = viewers.map(
    (m, i) => `${link(m).replace('/team?', '/archive?')}&q=${encodeURIComponent(WORDS[(i * 7) % WORDS.length]!)}`,
  );
  const rows: Row[] = [];
  for (const [name, urls] of [
    ['team page', teamUrls],
    ['archive search', searchUrls],
  ] as const) {
    const dojo = await measure(server, urls);
    // A bot in use writes between views (votes, answers), so the cached charts are read afresh.
    const written = await measure(server, urls, (i) => store.tx((db) => db.meta.set('bench.write', String(i), now)));
    const base = await bare(dojo.bytes);
    const p95 = percentile(dojo.samples, 95);
    const writtenP95 = percentile(written.samples, 95);
    const baseP95 = percentile(base.samples, 95);
    rows.push({
      row: '8. Dashboard',
      metric: `${name}: server time p95 (10k members, 1M ledger rows, 5,000 closed rounds; ${REQUESTS} requests)`,
      dojo: round(p95, 2),
      baseline: round(baseP95, 2),
      unit: 'ms',
      ratio: round(p95 / baseP95, 1),
      target: 'p95 < 50 ms (ratio to a bare node:http page of the same size reported)',
      met: p95 < 50 && writtenP95 < 50,
      notes: `median ${round(percentile(dojo.samples, 50), 2)} ms; with a write before every request p95 ${round(writtenP95, 2)} ms, median ${round(percentile(written.samples, 50), 2)} ms; page ${Math.round(dojo.bytes / 1024)} KB`,
    });
  }
  await server.close();
  await store.close();
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await dashboardRows());
