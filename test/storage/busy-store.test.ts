import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StoreBusyError } from '../../src/core/index.js';
import { openDb } from '../../src/storage/db.js';
import { createSqliteStore } from '../../src/storage/sqlite-store.js';

describe('a transaction that must not wait for the write lock', () => {
  it('fails at once with StoreBusyError while another connection writes, doing nothing, and keeps the busy timeout for later calls', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dojo-busy-')), 'busy.sqlite');
    const db = openDb({ path });
    const store = createSqliteStore(db);
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    let ran = false;
    expect(() =>
      store.tx(
        () => {
          ran = true;
        },
        { wait: false },
      ),
    ).toThrow(StoreBusyError);
    expect(ran).toBe(false);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
    other.exec('COMMIT');
    expect(store.tx(() => store.meta.get('x') ?? 'free', { wait: false })).toBe('free');
    other.close();
    db.$client.close();
  });
});
