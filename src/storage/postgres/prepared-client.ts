import { createHash } from 'node:crypto';
import type pg from 'pg';

// Distinct SQL texts the repositories run: a few hundred. Past the bound (a caller building SQL
// from data, which none should) queries run unnamed, so neither side's statement cache grows without end.
const MAX_NAMED = 512;

const names = new Map<string, string>();

/** One stable name per SQL text, shared by every connection of the process (each prepares it once). */
function nameFor(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `dojo_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

type QueryConfig = { text?: unknown; name?: unknown };

/**
 * The client with every query that names no statement run as a named prepared statement: the
 * server parses and plans a statement once per connection instead of at every execution, which
 * was most of a vote's time on the server (bench row 6). Texts are fixed by the code, so the
 * name is a hash of the text; PostgreSQL re-plans a prepared statement by itself after a
 * migration changes a table it reads.
 */
export function preparedClient(client: pg.PoolClient): pg.PoolClient {
  const query = (config: unknown, ...rest: unknown[]) => {
    // Text with parameters only: a parameterless text may hold several statements (BEGIN, migrations).
    if (Array.isArray(rest[0]) && rest[0].length > 0) {
      const c: QueryConfig = typeof config === 'string' ? { text: config } : (config as QueryConfig);
      const name = c && c.name === undefined && typeof c.text === 'string' ? nameFor(c.text) : undefined;
      if (name) config = { ...c, name };
    }
    return (client.query as (...a: unknown[]) => Promise<unknown>).call(client, config, ...rest);
  };
  return new Proxy(client, { get: (target, key) => (key === 'query' ? query : Reflect.get(target, key, target)) });
}
