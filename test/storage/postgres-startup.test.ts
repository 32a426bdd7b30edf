import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { play } from '../support/playground.js';
import { usePostgresServer } from '../support/postgres-server.js';
import { tempDir } from '../support/temp-dir.js';

const server = usePostgresServer();

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

describe('choosing the engine at start-up', () => {
  it('refuses a DATABASE_URL that is not a PostgreSQL URL with one line naming it, never echoing it', () => {
    for (const bad of ['mysql://root:hunter2@db/dojo', 'postgres://', 'hunter2']) {
      let lines: string[] = [];
      try {
        loadConfig({ DATABASE_URL: bad });
      } catch (err) {
        if (err instanceof ConfigError) lines = err.problems;
      }
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^config error: DATABASE_URL: expected a PostgreSQL URL such as postgres:\/\//);
      expect(lines[0]).not.toContain('hunter2');
    }
    expect(loadConfig({ DATABASE_URL: 'postgresql://u:p@db.internal:5432/dojo' }).DATABASE_URL).toBe(
      'postgresql://u:p@db.internal:5432/dojo',
    );
    expect(loadConfig({}).DATABASE_URL).toBeUndefined();
  });

  it('exits non-zero with one clear line when the PostgreSQL server cannot be reached', async () => {
    const r = await play('/dojo help\n', { DATABASE_URL: `postgres://dojo:hunter2@127.0.0.1:${await closedPort()}/dojo` });
    expect(r.code).toBe(1);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^database error: DATABASE_URL: cannot connect to PostgreSQL at 127\.0\.0\.1:\d+\/dojo \(.*ECONNREFUSED/);
    expect(r.err).not.toContain('hunter2');
  }, 60_000);

  it('a database whose migrations fail stops the start with one line naming where it is, never the password', async () => {
    const url = await server.createDatabase();
    // A table of the bot's name left there by something else: the first migration cannot create its own.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE TABLE workspaces (note text)');
    await client.end();
    const r = await play('/dojo help\n', { DATABASE_URL: url });
    expect(r.code).toBe(1);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    const where = new URL(url);
    expect(lines[0]).toContain(
      `database error: DATABASE_URL: cannot apply the migrations on PostgreSQL at 127.0.0.1:${where.port}${where.pathname}`,
    );
    expect(lines[0]).toMatch(/\(relation "workspaces" already exists\)$/);
    expect(lines[0]).not.toContain(`:${decodeURIComponent(where.password)}@`);
  }, 60_000);

  it('runs the playground on PostgreSQL when DATABASE_URL is set, and a second run continues there', async () => {
    const url = await server.createDatabase();
    const sqliteFile = join(tempDir('dojo-pg-start-'), 'unused', 'never.sqlite');
    const first = await play('as alice /dojo stats\n', { DATABASE_URL: url, DOJO_DB_PATH: sqliteFile });
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/Setting up #practice/);
    const second = await play('/dojo help\n', { DATABASE_URL: url, DOJO_DB_PATH: sqliteFile });
    expect(second.code).toBe(0);
    expect(second.out).not.toMatch(/Setting up #practice/);
    expect(second.out).toMatch(/Interview Dojo\n {2}Every working day/);
    expect(existsSync(sqliteFile)).toBe(false);
  }, 120_000);
});

describe('npm run backup on PostgreSQL', () => {
  it('points to pg_dump and pg_restore instead of copying a SQLite file, without echoing the password', async () => {
    const dir = tempDir('dojo-pg-backup-');
    const target = join(dir, 'dojo.dump');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/tools/backup.ts', target], {
      env: { ...process.env, DATABASE_URL: 'postgres://dojo:hunter2@db.internal:5433/dojo', DOJO_DB_PATH: join(dir, 'never.sqlite') },
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('on PostgreSQL (db.internal:5433/dojo)');
    expect(r.stderr).toContain(`pg_dump --format=custom --file=${target} "$DATABASE_URL"`);
    expect(r.stderr).toContain('pg_restore');
    expect(r.stderr).not.toContain('hunter2');
    expect(existsSync(target)).toBe(false);
    expect(existsSync(join(dir, 'never.sqlite'))).toBe(false);
  }, 60_000);
});
