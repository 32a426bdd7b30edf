import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/storage/db.js';
import { createSqliteStore } from '../../src/storage/sqlite-store.js';
import { HOT_QUERIES, seedSql } from './hot-queries.js';

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
    client.exec(seedSql((b) => String(b)));
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
