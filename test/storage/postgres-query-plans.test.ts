import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/store.js';
import { openPostgres } from '../../src/storage/postgres/db.js';
import { createPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { usePostgresServer } from '../support/postgres-server.js';
import { HOT_QUERIES, seedSql } from './hot-queries.js';

const server = usePostgresServer();

interface Executed {
  text: string;
  values: unknown[];
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Records every query any client runs while `fn` runs (text and parameters), as the store sends them. */
async function recordQueries(fn: () => Promise<unknown>): Promise<Executed[]> {
  const log: Executed[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = proto.query;
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const [first, second] = args;
    const text = typeof first === 'string' ? first : (first as { text?: string }).text;
    const values = Array.isArray(second) ? second : ((first as { values?: unknown[] }).values ?? []);
    if (text) log.push({ text, values });
    return query.apply(this, args);
  };
  try {
    await fn();
  } finally {
    proto.query = query;
  }
  return log;
}

const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

/**
 * Indexes SQLite's plan names that PostgreSQL does without or names otherwise: every unpaused
 * channel in id order comes from walking the primary key, already sorted, rather than the paused
 * index and a sort; a composite primary key's index is SQLite's autoindex there, `…_pk` here; the
 * dashboard's closed rounds of a workspace start from the rounds' status index on a seed this
 * small (on real data the planner weighs it against the channel-and-slot index by their sizes).
 */
const SQLITE_ONLY = new Set(['channels_paused_idx', 'sqlite_autoindex_installations_1', 'rounds_channel_slot_at_idx']);

/** Tables with seeded ids: their identity sequences continue after the seed. */
const SEQUENCED = ['workspaces', 'members', 'channels', 'rounds', 'answers', 'outbox', 'challenges'];

describe('hot queries on PostgreSQL', () => {
  let seeded: string;
  let admin: pg.Client;
  let made = 0;
  beforeAll(async () => {
    const url = await server.createDatabase();
    seeded = new URL(url).pathname.slice(1);
    // Migrated by the store's own start-up and seeded once; each case gets a copy (CREATE DATABASE … TEMPLATE).
    const pool = await openPostgres(url, { max: 1 });
    await pool.query(seedSql((b) => (b ? 'true' : 'false')));
    for (const t of SEQUENCED) await pool.query(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT max(id) FROM ${t}))`);
    await pool.end();
    admin = new pg.Client({ connectionString: server.url('postgres') });
    await admin.connect();
  });
  afterAll(() => admin?.end());

  it.each(HOT_QUERIES)('%s reads through an index, never a whole table', async (_name, call, uses) => {
    const name = `${seeded}_case_${++made}`;
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${seeded}`);
    const url = server.url(name);
    const store: Store = createPostgresStore(await openPostgres(url, { max: 1 }));
    const log = await recordQueries(() => store.tx((repos) => call(repos)));
    await store.close();
    const queries = log.filter((e) => /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.test(e.text));
    expect(queries.length, 'statements the call ran').toBeGreaterThan(0);
    const explainer = new pg.Client({ connectionString: url });
    await explainer.connect();
    const plans = [];
    try {
      // On tables this small a sequential scan is cheapest; with it priced out, only a query no index can serve still scans.
      await explainer.query('SET enable_seqscan = off');
      for (const q of queries) {
        const { rows } = await explainer.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`EXPLAIN (FORMAT JSON) ${q.text}`, q.values);
        plans.push({ sql: q.text.replace(/\s+/g, ' ').trim(), nodes: nodes(rows[0]!['QUERY PLAN'][0]!.Plan) });
      }
    } finally {
      await explainer.end();
    }
    const scans = plans.flatMap((p) =>
      p.nodes.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => `${n['Relation Name']} in: ${p.sql}`),
    );
    expect(scans, JSON.stringify(plans, null, 2)).toEqual([]);
    const index = uses?.replace(/^COVERING INDEX /, '');
    if (index && !SQLITE_ONLY.has(index)) {
      const used = plans.flatMap((p) => p.nodes.map((n) => n['Index Name'] ?? '')).filter(Boolean);
      expect(used, `indexes used: ${used.join(', ')}`).toContain(index);
    }
  });
});
