import { join } from 'node:path';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { PACKAGE_ROOT } from '../../paths.js';

/** A drizzle database on one pooled client (a transaction's) or on the pool, with that client as `$client`. */
export type PgDb = NodePgDatabase<Record<string, never>> & { $client: pg.Pool | pg.PoolClient };

/** The committed drizzle-kit output for PostgreSQL; tests and the app apply the same files. */
export const PG_MIGRATIONS_FOLDER = join(PACKAGE_ROOT, 'migrations', 'postgres');

// Any fixed number: every instance asks for the same lock, so one migrates and the others wait.
export const MIGRATION_LOCK = 0x646f6a6f; // 'dojo'

/** The server could not be reached, refused the connection or the migrations: one line that names DATABASE_URL. */
export class DatabaseUnreachableError extends Error {}

export interface OpenPostgresOptions {
  migrationsFolder?: string;
  /** Connections per instance (node-postgres Pool `max`). */
  max?: number;
}

/** Where a connection string points, without its password, for error messages. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/**
 * Opens a pool on `url` and applies pending migrations under a session advisory lock, so
 * instances starting together migrate once (the others wait, then find nothing to do).
 */
export async function openPostgres(url: string, { migrationsFolder = PG_MIGRATIONS_FOLDER, max = 10 }: OpenPostgresOptions = {}) {
  // Pipeline mode: queries a transaction issues side by side go out together instead of one per round trip.
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000, pipeline: true });
  // An idle client losing its server emits here; without a listener that would end the process.
  pool.on('error', () => undefined);
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    await pool.end().catch(() => undefined);
    const why = err instanceof Error ? err.message || (err as NodeJS.ErrnoException).code || err.name : String(err);
    throw new DatabaseUnreachableError(`database error: DATABASE_URL: cannot connect to PostgreSQL at ${describeUrl(url)} (${why})`);
  }
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle({ client }) as PgDb, { migrationsFolder });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } catch (err) {
    client.release(true);
    await pool.end().catch(() => undefined);
    // drizzle wraps the server's error in "Failed query: <sql>"; the server's own words are its cause.
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
    const why = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new DatabaseUnreachableError(
      `database error: DATABASE_URL: cannot apply the migrations on PostgreSQL at ${describeUrl(url)} (${why})`,
    );
  }
  client.release();
  return pool;
}
