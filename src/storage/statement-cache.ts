import type Database from 'better-sqlite3';
import type { Db } from './db.js';

// Distinct SQL texts the repositories run: a few hundred; the bound keeps a caller that builds SQL
// from data (it should not) from growing the cache without end.
const MAX_STATEMENTS = 512;

/**
 * Makes drizzle reuse one prepared statement per SQL text on this connection. drizzle prepares a
 * new native statement for every query it runs and leaves it to the garbage collector, which
 * does not see the native memory behind each one, so under load thousands wait between
 * collections (bench row 9 measures the process under such a load). Only drizzle's session goes
 * through the cache; statements the engine prepares itself stay its own.
 */
export function reuseStatements(db: Db): void {
  const client = db.$client;
  const cache = new Map<string, Database.Statement>();
  const cached = (sql: string): Database.Statement => {
    let stmt = cache.get(sql);
    if (stmt) {
      // Most recently used last, so the first key is the one to drop.
      cache.delete(sql);
      // drizzle switches raw mode on for mapped selects and never off; each use starts plain.
      if (stmt.reader) stmt.raw(false);
    } else {
      // Looked up at each miss, so a wrapper installed on the connection later (tests record SQL) still applies.
      stmt = client.prepare(sql);
      if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, stmt);
    return stmt;
  };
  const session = (db as unknown as { session: { client: Database.Database } }).session;
  session.client = new Proxy(client, {
    get(target, prop) {
      if (prop === 'prepare') return cached;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
