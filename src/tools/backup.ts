import { ConfigError, loadConfig, loadDotEnv } from '../config.js';
import { backupTo, openDb } from '../storage/db.js';

/** `npm run backup -- <file>`: a consistent copy of the live database (VACUUM INTO). */
function main(): number {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write('usage: npm run backup -- <file>\n');
    return 2;
  }
  let path: string;
  try {
    loadDotEnv();
    path = loadConfig().DOJO_DB_PATH;
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
