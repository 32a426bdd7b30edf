import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StoreBusyError, userRef, type InboundEvent } from '../../src/core/index.js';
import { openDb } from '../../src/storage/db.js';
import { createSqliteStore } from '../../src/storage/sqlite-store.js';
import { CH, createHarness, WS } from '../support/core-harness.js';
import { tempDir } from '../support/temp-dir.js';

describe('a transaction that must not wait for the write lock', () => {
  it('fails at once with StoreBusyError while another connection writes, doing nothing, and keeps the busy timeout for later calls', () => {
    const path = join(tempDir('dojo-busy-'), 'busy.sqlite');
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

describe('answering a command at once while another process writes', () => {
  it('answers a read-only command from a known member without the lock, and leaves commands that write to the waiting path', async () => {
    const path = join(tempDir('dojo-busy-'), 'now.sqlite');
    const h = createHarness({ path });
    await h.command('admin', 'setup', { admin: true });
    await h.command('bob', 'help');
    const event = (text: string, user = 'bob') =>
      ({
        platform: 'test',
        workspace: WS,
        channel: CH,
        actor: { ref: userRef(user), name: user, isBot: false, isPlatformAdmin: false },
        kind: 'command',
        text,
        deliveryId: `d-${text}`,
      }) as InboundEvent;
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    expect(h.dojo.handleNow(event('top'))!.private[0]!.text).toMatch(/No points yet/);
    expect(h.dojo.handleNow(event('suggest "What is backpressure?"'))).toBeUndefined();
    // A member seen for the first time must be written, so that waits too.
    expect(h.dojo.handleNow(event('top', 'newcomer'))).toBeUndefined();
    other.exec('COMMIT');
    expect(h.dojo.handleNow(event('suggest "What is backpressure?"'))!.private[0]!.text).toMatch(/thank|suggest/i);
    expect(h.db.$client.prepare("SELECT delivery_id FROM processed_events WHERE delivery_id LIKE 'd-%'").pluck().all()).toEqual([
      'd-suggest "What is backpressure?"',
    ]);
    other.close();
  });
});
