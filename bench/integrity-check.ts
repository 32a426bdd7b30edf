import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { checkIntegrity, openDb } from '../src/storage/db.js';
import { round, tmpFile, type Row } from './lib.js';

const MB = 2 ** 20;

/** A database of about `sizeMb` in one of the bot's real tables (meta: text key, text value), checkpointed. */
function bigDatabase(sizeMb: number): string {
  const path = tmpFile('integrity.sqlite');
  const db = openDb({ path });
  const put = db.$client.prepare('INSERT INTO meta (key, value, updated_at) VALUES (?, ?, ?)');
  const value = 'x'.repeat(960);
  const rows = Math.ceil((sizeMb * MB) / 1024);
  const batch = 50_000;
  for (let start = 0; start < rows; start += batch) {
    db.$client.transaction(() => {
      for (let i = start; i < Math.min(rows, start + batch); i++) put.run(`bench:${i}`, value, i);
    })();
  }
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
  return path;
}

/** Reads the whole file once, 1 MB at a time: the I/O floor of any check that looks at every page. */
function readOnceMs(path: string): number {
  const buf = Buffer.alloc(MB);
  const fd = openSync(path, 'r');
  const t0 = process.hrtime.bigint();
  while (readSync(fd, buf, 0, MB, null) > 0);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  closeSync(fd);
  return ms;
}

/**
 * Row 5's cost of the damaged-file check that every start on SQLite runs before taking deliveries
 * (`checkIntegrity`: PRAGMA quick_check), on a database of `sizeMb` (1 GB by default, or
 * BENCH_CHECK_MB), against reading the same file once; median of three after a warm-up read.
 */
export function integrityCheckRow(sizeMb = Number(process.env.BENCH_CHECK_MB ?? 1024)): Row {
  const path = bigDatabase(sizeMb);
  const actualMb = round(statSync(path).size / MB, 0);
  readOnceMs(path);
  const checks: number[] = [];
  const reads: number[] = [];
  for (let i = 0; i < 3; i++) {
    const db = openDb({ path });
    const t0 = process.hrtime.bigint();
    checkIntegrity(db.$client, path);
    checks.push(Number(process.hrtime.bigint() - t0) / 1e6);
    db.$client.close();
    reads.push(readOnceMs(path));
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
  const check = round(median(checks), 0);
  const read = round(median(reads), 0);
  return {
    row: '5. Start-up',
    metric: `damaged-file check at start (PRAGMA quick_check) on a ${actualMb} MB database`,
    dojo: check,
    baseline: read,
    unit: 'ms',
    ratio: round(check / read, 1),
    target: 'ratio ≤ 10 (linear in the file, page cache warm)',
    met: check / read <= 10,
    notes: 'baseline: reading the same file once; a team-sized database of a few MB adds a few ms to every start',
  };
}

// `npx tsx bench/integrity-check.ts`: this row alone.
if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(integrityCheckRow(), null, 1));
