import { ConfigError, loadConfig, loadDotEnv } from '../config.js';
import { backupTo, openDb } from '../storage/db.js';
import { describeUrl } from '../storage/postgres/db.js';

/** `npm run backup -- <file>`: a consistent copy of the live SQLite database (VACUUM INTO); on PostgreSQL, how to use pg_dump. */
function main(): number {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write('usage: npm run backup -- <file>\n');
    return 2;
  }
  let path: string;
  try {
    loadDotEnv();
    const config = loadConfig();
    if (config.DATABASE_URL) {
      // The server owns consistency there: pg_dump takes a snapshot without stopping the instances.
      process.stderr.write(
        `DATABASE_URL is set, so the data is on PostgreSQL (${describeUrl(config.DATABASE_URL)}): back it up with pg_dump, e.g.\n` +
          `  pg_dump --format=custom --file=${target} "$DATABASE_URL"\n` +
          `and restore with pg_restore --clean --dbname="$DATABASE_URL" ${target}\n`,
      );
      return 2;
    }
    path = config.DOJO_DB_PATH;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const db = openDb({ path });
  try {
    backupTo(db, target);
  } catch (err) {
    process.stderr.write(`backup failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    db.$client.close();
  }
  process.stdout.write(`backup written to ${target}\n`);
  return 0;
}

process.exitCode = main();
