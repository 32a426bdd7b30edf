import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { PACKAGE_ROOT } from '../paths.js';
import * as schema from './schema/index.js';
import { reuseStatements } from './statement-cache.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The committed drizzle-kit output; tests and the app apply the same files. */
export const MIGRATIONS_FOLDER = join(PACKAGE_ROOT, 'migrations', 'sqlite');

export interface OpenDbOptions {
  /** File path or ':memory:'. */
  path: string;
  migrationsFolder?: string;
}

/** The database file cannot be used: one line that names the file and what to do. */
export class DatabaseFileError extends Error {}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
const isDamage = (err: unknown) => /^SQLITE_(CORRUPT|NOTADB)/.test(String((err as { code?: unknown }).code ?? ''));

/** What to do about a damaged file, in the line that reports it. */
function damaged(path: string, why: string): DatabaseFileError {
  return new DatabaseFileError(
    `database error: DOJO_DB_PATH: ${path} is damaged (${why}). Stop the bot, move ${path} and its -wal and -shm files aside, copy your latest \`npm run backup -- <file>\` copy to ${path}, and start again`,
  );
}

/**
 * Reads every page's structure (PRAGMA quick_check: b-trees, free list, record sizes; not the
 * slower index-to-table cross check of integrity_check), so a damaged file stops the start
 * before any delivery is taken instead of failing one write later. Throws DatabaseFileError.
 */
export function checkIntegrity(client: Database.Database, path: string): void {
  let problems: string[];
  try {
    problems = (client.pragma('quick_check(3)') as Record<string, unknown>[]).map((r) => String(Object.values(r)[0]));
  } catch (err) {
    if (isDamage(err)) throw damaged(path, message(err));
    throw err;
  }
  if (problems.length !== 1 || problems[0] !== 'ok') throw damaged(path, problems.join('; ').slice(0, 200));
}

/** WAL pages between automatic checkpoints (see openDb). */
export const WAL_CHECKPOINT_PAGES = 10_000;

/**
 * Opens the database with the server pragmas, checks it is whole and applies pending migrations.
 * WAL lets readers run beside the single writer; the busy timeout covers a second process. A file
 * that cannot be opened, is damaged or cannot be migrated throws DatabaseFileError naming it.
 */
export function openDb({ path, migrationsFolder = MIGRATIONS_FOLDER }: OpenDbOptions): Db {
  const step = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (err) {
      if (err instanceof DatabaseFileError) throw err;
      if (isDamage(err)) throw damaged(path, message(err));
      throw new DatabaseFileError(`database error: DOJO_DB_PATH: cannot ${what} ${path} (${message(err)})`);
    }
  };
  let client!: Database.Database;
  step('open', () => {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    client = new Database(path);
  });
  let db!: Db;
  try {
    step('open', () => {
      client.pragma('journal_mode = WAL');
      client.pragma('synchronous = NORMAL');
      client.pragma('busy_timeout = 5000');
      client.pragma('foreign_keys = ON');
      // A checkpoint copies every page changed since the last one back into the file and syncs it.
      // Every 10,000 pages (40 MB of WAL) instead of SQLite's 1,000, the pages a busy channel
      // rewrites all the time (vote and claim b-trees) are copied once per checkpoint, not ten
      // times, and the sync is paid a tenth as often.
      client.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
    });
    checkIntegrity(client, path);
    db = drizzle(client, { schema }) as Db;
    reuseStatements(db);
    step('apply the migrations to', () => migrate(db, { migrationsFolder }));
  } catch (err) {
    client.close();
    throw err;
  }
  return db;
}

/** Writes a consistent copy of a live database (safe while the bot runs). */
export function backupTo(db: Db, file: string): void {
  mkdirSync(dirname(resolve(file)), { recursive: true });
  db.$client.prepare('VACUUM INTO ?').run(resolve(file));
}
