import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { PACKAGE_ROOT } from '../paths.js';
import * as schema from './schema/index.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The committed drizzle-kit output; tests and the app apply the same files. */
export const MIGRATIONS_FOLDER = join(PACKAGE_ROOT, 'migrations', 'sqlite');

export interface OpenDbOptions {
  /** File path or ':memory:'. */
  path: string;
  migrationsFolder?: string;
}

/**
 * Opens the database with the server pragmas and applies pending migrations.
 * WAL lets readers run beside the single writer; the busy timeout covers a second process.
 */
export function openDb({ path, migrationsFolder = MIGRATIONS_FOLDER }: OpenDbOptions): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const client = new Database(path);
  client.pragma('journal_mode = WAL');
  client.pragma('synchronous = NORMAL');
  client.pragma('busy_timeout = 5000');
  client.pragma('foreign_keys = ON');
  const db = drizzle(client, { schema }) as Db;
  migrate(db, { migrationsFolder });
  return db;
}

/** Writes a consistent copy of a live database (safe while the bot runs). */
export function backupTo(db: Db, file: string): void {
  mkdirSync(dirname(resolve(file)), { recursive: true });
  db.$client.prepare('VACUUM INTO ?').run(resolve(file));
}
