import { readFileSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/storage/db.js';
import { openPostgres } from '../../src/storage/postgres/db.js';
import { usePostgresServer } from '../support/postgres-server.js';

// Full-text search is each engine's own: FTS5 virtual tables (and their shadow tables) kept by triggers
// on SQLite, GIN expression indexes on PostgreSQL. They are left out of the comparison and checked apart.
const SQLITE_FULL_TEXT = ['answers_fts', 'questions_fts'];
const POSTGRES_FULL_TEXT = ['answers_search_idx', 'questions_search_idx'];
const isFullText = (table: string) => SQLITE_FULL_TEXT.some((t) => table === t || table.startsWith(`${t}_`));

/** A schema as both engines can describe it: per table, columns, primary key and indexes. */
interface Shape {
  [table: string]: {
    columns: Record<string, { type: 'integer' | 'text'; notNull: boolean }>;
    primaryKey: string[];
    indexes: Record<string, { columns: string[]; unique: boolean; where: string | null }>;
  };
}

// Booleans and millisecond times are integers on SQLite, boolean and bigint on PostgreSQL.
const typeClass = (t: string): 'integer' | 'text' => {
  const type = t.toLowerCase();
  if (['integer', 'bigint', 'boolean'].includes(type)) return 'integer';
  if (type === 'text') return 'text';
  throw new Error(`unexpected column type ${t}`);
};

/** A partial index's predicate without quotes, table names, parentheses or boolean spelling. */
const predicate = (sql: string, table: string) =>
  sql
    .replaceAll('"', '')
    .replaceAll('`', '')
    .replaceAll(`${table}.`, '')
    .replace(/[()]/g, '')
    .replace(/\btrue\b/gi, '1')
    .replace(/\bfalse\b/gi, '0')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

const fullTextParts = { sqlite: [] as string[], postgres: [] as string[] };

function sqliteShape(): Shape {
  const c = openDb({ path: ':memory:' }).$client;
  fullTextParts.sqlite = c
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name`)
    .pluck()
    .all() as string[];
  const shape: Shape = {};
  const tables = c
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations'`)
    .pluck()
    .all() as string[];
  for (const table of tables.filter((t) => !isFullText(t))) {
    const cols = c.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; type: string; notnull: number; pk: number }[];
    const indexes: Shape[string]['indexes'] = {};
    for (const ix of c.prepare(`PRAGMA index_list("${table}")`).all() as { name: string; unique: number; origin: string }[]) {
      if (ix.origin === 'pk') continue;
      const sql = c.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get(ix.name) as string;
      const where = / WHERE (.*)$/is.exec(sql)?.[1];
      indexes[ix.name] = {
        columns: (c.prepare(`PRAGMA index_info("${ix.name}")`).all() as { seqno: number; name: string }[])
          .sort((a, b) => a.seqno - b.seqno)
          .map((x) => x.name),
        unique: ix.unique === 1,
        where: where ? predicate(where, table) : null,
      };
    }
    shape[table] = {
      // A rowid alias (INTEGER PRIMARY KEY) is never null though PRAGMA reports it nullable.
      columns: Object.fromEntries(cols.map((col) => [col.name, { type: typeClass(col.type), notNull: col.notnull === 1 || col.pk > 0 }])),
      primaryKey: cols
        .filter((col) => col.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((col) => col.name),
      indexes,
    };
  }
  c.close();
  return shape;
}

async function postgresShape(url: string): Promise<Shape> {
  const pool = await openPostgres(url);
  try {
    const shape: Shape = {};
    const { rows: cols } = await pool.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
        WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    );
    for (const col of cols) {
      shape[col.table_name] ??= { columns: {}, primaryKey: [], indexes: {} };
      shape[col.table_name]!.columns[col.column_name] = { type: typeClass(col.data_type), notNull: col.is_nullable === 'NO' };
    }
    const { rows: indexes } = await pool.query<{
      table: string;
      name: string;
      primary: boolean;
      unique: boolean;
      columns: string[];
      where: string | null;
      method: string;
    }>(
      `SELECT t.relname AS table, i.relname AS name, am.amname AS method, x.indisprimary AS primary, x.indisunique AS unique,
              pg_get_expr(x.indpred, x.indrelid) AS where,
              ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(attnum, n)
                      JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS columns
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_am am ON am.oid = i.relam
         JOIN pg_namespace ns ON ns.oid = t.relnamespace
        WHERE ns.nspname = 'public'`,
    );
    fullTextParts.postgres = indexes
      .filter((i) => i.method === 'gin')
      .map((i) => i.name)
      .sort();
    for (const ix of indexes.filter((i) => !POSTGRES_FULL_TEXT.includes(i.name))) {
      const table = shape[ix.table]!;
      if (ix.primary) table.primaryKey = ix.columns;
      else table.indexes[ix.name] = { columns: ix.columns, unique: ix.unique, where: ix.where ? predicate(ix.where, ix.table) : null };
    }
    return shape;
  } finally {
    await pool.end();
  }
}

const server = usePostgresServer();

describe('the two engines’ schemas', () => {
  it('have the same tables, columns, nullability, primary keys, unique keys and indexes once migrated', async () => {
    const sqlite = sqliteShape();
    const postgres = await postgresShape(await server.createDatabase());
    // Anchors that the descriptions are read at all: a partial index and a composite key.
    expect(sqlite.votes?.indexes.votes_pointed_idx?.where).toBe('points > 0');
    expect(sqlite.score_totals?.primaryKey).toEqual(['workspace_id', 'period', 'category', 'member_id']);
    expect(Object.keys(postgres).sort()).toEqual(Object.keys(sqlite).sort());
    expect(fullTextParts.sqlite).toEqual(SQLITE_FULL_TEXT);
    expect(fullTextParts.postgres).toEqual(POSTGRES_FULL_TEXT);
    for (const table of Object.keys(sqlite)) expect({ table, ...postgres[table] }).toEqual({ table, ...sqlite[table] });
  });

  it('run the migrations once when several instances start together', async () => {
    const url = await server.createDatabase();
    const pools = await Promise.all([openPostgres(url), openPostgres(url), openPostgres(url)]);
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    try {
      const { rows } = await check.query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
      // Once each: as many rows as the journal has migrations.
      const journal = JSON.parse(readFileSync('migrations/postgres/meta/_journal.json', 'utf8')) as { entries: unknown[] };
      expect(rows[0]!.n).toBe(journal.entries.length);
    } finally {
      await check.end();
      await Promise.all(pools.map((p) => p.end()));
    }
  });
});
