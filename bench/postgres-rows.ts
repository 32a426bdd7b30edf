import pg from 'pg';
import { periodOf } from '../src/core/periods.js';
import { seededRandom } from '../src/random.js';
import { openPostgres } from '../src/storage/postgres/db.js';
import { createPostgresStore } from '../src/storage/postgres/postgres-store.js';
import { boardSamples } from './leaderboard.js';
import { benchWorkspace, percentile, round, type Row } from './lib.js';
import { type BenchPostgres, startBenchPostgres } from './pg-server.js';
import { votePathRate } from './vote-ingestion.js';

const CATEGORIES = ['nodejs', 'security', 'databases', 'devops', 'api-design'];

/** Raw node-postgres: one autocommit single-row insert per call into a table with one unique index. */
async function rawRate(url: string, n: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('DROP TABLE IF EXISTS raw_votes');
  await client.query(
    'CREATE TABLE raw_votes (id serial PRIMARY KEY, answer_id integer NOT NULL, voter_id integer NOT NULL, created_at bigint NOT NULL); CREATE UNIQUE INDEX raw_votes_unique ON raw_votes (answer_id, voter_id)',
  );
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++)
    await client.query({
      name: 'raw-vote',
      text: 'INSERT INTO raw_votes (answer_id, voter_id, created_at) VALUES ($1, $2, $3)',
      values: [i % 50, i, i],
    });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  await client.end();
  return n / secs;
}

async function dojoRate(server: BenchPostgres, n: number): Promise<number> {
  const pool = await openPostgres(await server.createDatabase());
  const store = createPostgresStore(pool);
  try {
    return await votePathRate(store, n, async (sql) => (await pool.query({ text: sql, rowMode: 'array' })).rows[0]?.[0]);
  } finally {
    await store.close();
  }
}

/** Row 6: the same vote path as row 1, on PostgreSQL, against a raw insert on the same server. */
async function voteRow(server: BenchPostgres, perRound = 3_000, rounds = 3): Promise<Row> {
  const rawUrl = await server.createDatabase();
  await rawRate(rawUrl, 500);
  await dojoRate(server, 300);
  const raws: number[] = [];
  const dojos: number[] = [];
  for (let r = 0; r < rounds; r++) {
    raws.push(await rawRate(rawUrl, perRound));
    dojos.push(await dojoRate(server, perRound));
  }
  const raw = Math.max(...raws);
  const dojo = Math.max(...dojos);
  const ratio = dojo / raw;
  return {
    row: '6. Vote ingestion on PostgreSQL',
    metric: `votes/s (${perRound.toLocaleString('en-US')} votes per round, best of ${rounds} alternating rounds, server defaults)`,
    dojo: round(dojo, 0),
    baseline: round(raw, 0),
    unit: '/s',
    ratio: round(ratio),
    target: '≥ 0.35 × raw pg insert',
    met: ratio >= 0.35,
    notes: `rounds ${dojos.map((x) => round(x, 0)).join('/')} vs ${raws.map((x) => round(x, 0)).join('/')}`,
  };
}

/** 10,000 members and 1,000,000 ledger rows in batches of `unnest` arrays, then the store's own rebuild. */
export async function populate(server: BenchPostgres, members: number, rows: number) {
  const pool = await openPostgres(await server.createDatabase());
  const store = createPostgresStore(pool);
  const now = Date.parse('2026-11-30T12:00:00Z');
  const ws = await benchWorkspace(store, now);
  await pool.query(
    `INSERT INTO members (workspace_id, user_ref, display_name, created_at)
     SELECT $1, 'U' || g, 'member' || g, 0 FROM generate_series(1, $2) g`,
    [ws.id, members],
  );
  const ids = (await pool.query<{ id: number }>('SELECT id FROM members WHERE workspace_id = $1 ORDER BY id', [ws.id])).rows.map(
    (r) => r.id,
  );
  const random = seededRandom(9);
  const batch = 50_000;
  for (let start = 0; start < rows; start += batch) {
    const cols = {
      member: [] as number[],
      key: [] as string[],
      points: [] as number[],
      category: [] as string[],
      week: [] as string[],
      month: [] as string[],
      at: [] as number[],
    };
    for (let i = start; i < Math.min(rows, start + batch); i++) {
      const at = now - Math.floor(random.next() * 56 * 86_400_000);
      const p = periodOf(at, 'UTC');
      cols.member.push(ids[Math.floor(random.next() ** 2 * members)]!);
      cols.key.push(`bench:${i}`);
      cols.points.push([2, 10, 15, 5][i % 4]!);
      cols.category.push(CATEGORIES[i % CATEGORIES.length]!);
      cols.week.push(p.week);
      cols.month.push(p.month);
      cols.at.push(at);
    }
    await pool.query(
      `INSERT INTO score_ledger (workspace_id, member_id, award_key, points, reason, category, round_id, week, month, season, at)
       SELECT $1, m, k, p, 'bench', c, NULL, w, mo, 1, a
       FROM unnest($2::int[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::bigint[]) AS t(m, k, p, c, w, mo, a)`,
      [ws.id, cols.member, cols.key, cols.points, cols.category, cols.week, cols.month, cols.at],
    );
  }
  await store.tx((r) => r.scores.rebuildTotals(ws.id));
  await pool.query('VACUUM ANALYZE');
  return { pool, store, ws, now, members };
}

/** Row 7: row 2's leaderboard on PostgreSQL against `SUM … GROUP BY` over the ledger there. */
async function leaderboardRow(server: BenchPostgres): Promise<Row> {
  const { pool, store, ws, now, members } = await populate(server, 10_000, 1_000_000);
  const samples = await boardSamples(store, ws, now, members);
  const week = periodOf(now, 'UTC').week;
  const naiveSamples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    await pool.query(
      'SELECT member_id, SUM(points) AS p FROM score_ledger WHERE workspace_id = $1 AND week = $2 GROUP BY member_id ORDER BY p DESC LIMIT 10',
      [ws.id, week],
    );
    await pool.query(
      'SELECT member_id, SUM(points) AS p FROM score_ledger WHERE workspace_id = $1 GROUP BY member_id ORDER BY p DESC LIMIT 10',
      [ws.id],
    );
    naiveSamples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  naiveSamples.sort((a, b) => a - b);
  await store.close();
  const p95 = percentile(samples, 95);
  const naiveMedian = percentile(naiveSamples, 50);
  const speedup = naiveMedian / percentile(samples, 50);
  return {
    row: '7. Leaderboard on PostgreSQL',
    metric: 'week + all-time top 10 and own rank, p95 ms (10k members, 1M ledger rows)',
    dojo: round(p95, 3),
    baseline: round(naiveMedian, 1),
    unit: 'ms',
    ratio: round(speedup, 0),
    target: 'p95 < 5 ms and ≥ 100 × faster than SUM … GROUP BY',
    met: p95 < 5 && speedup >= 100,
    notes: `median ${round(percentile(samples, 50), 3)} ms`,
  };
}

/** Rows 6 and 7 on one embedded PostgreSQL that the bench starts and stops itself. */
export async function postgresRows(): Promise<Row[]> {
  const server = await startBenchPostgres();
  try {
    return [await voteRow(server), await leaderboardRow(server)];
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await postgresRows());
