import type Database from 'better-sqlite3';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/storage/db.js';
import { meta } from '../../src/storage/schema/index.js';

/** Counts the native statements the connection prepares from now on. */
function countPrepares(client: Database.Database): () => number {
  let n = 0;
  const prepare = client.prepare.bind(client);
  client.prepare = ((source: string) => {
    n++;
    return prepare(source);
  }) as Database.Database['prepare'];
  return () => n;
}

describe('drizzle statements on SQLite', () => {
  it('are prepared once per SQL text, not once per query, and each use returns rows in its own shape', () => {
    const db = openDb({ path: ':memory:' });
    const select = (k: string) => db.select().from(meta).where(eq(meta.key, k));
    // The same SQL text as drizzle's mapped select, run as a plain query (rows as objects, not arrays).
    const text = select('x').toSQL().sql;
    expect(text.endsWith('?')).toBe(true);
    const plain = (k: string) => db.get(sql`${sql.raw(text.slice(0, -1))}${k}`);
    const prepared = countPrepares(db.$client);
    for (let i = 0; i < 2_000; i++) {
      db.insert(meta)
        .values({ key: `k${i}`, value: `v${i}`, updatedAt: i })
        .run();
      // drizzle turns raw mode on for the mapped select; the plain use of the same statement must not see it.
      expect(select(`k${i}`).get()).toEqual({ key: `k${i}`, value: `v${i}`, updatedAt: i });
      expect(plain(`k${i}`)).toEqual({ key: `k${i}`, value: `v${i}`, updated_at: i });
    }
    // One insert and one select text: two native statements for 6,000 queries.
    expect(prepared()).toBe(2);
    db.$client.close();
  });
});
