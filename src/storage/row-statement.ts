import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './db.js';

// Column kinds whose driver value is the value, or (booleans) decoded below.
const PLAIN = new Set(['SQLiteInteger', 'SQLiteText', 'SQLiteBoolean']);

type Param = string | number | bigint | null;

export interface RowStatement<T> {
  get(...params: Param[]): T | undefined;
  all(...params: Param[]): T[];
}

/** The columns of a table as [property, SQL name, is boolean], checked to need no drizzle decoding. */
export function columnsOf(table: SQLiteTable): [string, string, boolean][] {
  return Object.entries(getTableColumns(table)).map(([key, col]) => {
    if (!PLAIN.has(col.columnType))
      throw new Error(`rowStatement: ${getTableName(table)}.${key} (${col.columnType}) needs drizzle's decoding`);
    return [key, col.name, col.columnType === 'SQLiteBoolean'];
  });
}

/** Builds one row object from `values[offset …]` (better-sqlite3's raw mode gives arrays). */
export function rowFrom(columns: [string, string, boolean][], values: unknown[], offset: number): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) {
    const [key, , bool] = columns[i]!;
    const v = values[offset + i];
    row[key] = bool && v !== null ? v === 1 : v;
  }
  return row;
}

/**
 * A prepared `SELECT <every column> FROM <table> WHERE <tail>` whose rows have the shape of the
 * table's drizzle `$inferSelect`. Read paths that run on every delivery use it instead of a
 * drizzle prepared query: drizzle fills placeholders and maps each column through its entity
 * checks on every call, which cost more than SQLite's own work for a lookup by key (about a
 * quarter of a vote's CPU before this). Column names come from the drizzle schema, so a renamed
 * column still fails at prepare time, and boolean-mode columns are decoded as drizzle would.
 */
export function rowStatement<T extends SQLiteTable>(db: Db, table: T, tail: string): RowStatement<T['$inferSelect']> {
  const columns = columnsOf(table);
  const list = columns.map(([, name]) => `"${name}"`).join(', ');
  const stmt = db.$client.prepare(`SELECT ${list} FROM "${getTableName(table)}" WHERE ${tail}`).raw();
  const decode = (values: unknown[]) => rowFrom(columns, values, 0) as T['$inferSelect'];
  return {
    get(...params) {
      const values = stmt.get(...params) as unknown[] | undefined;
      return values && decode(values);
    },
    all: (...params) => (stmt.all(...params) as unknown[][]).map(decode),
  };
}
