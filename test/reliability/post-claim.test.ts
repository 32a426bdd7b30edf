import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ChannelRef, NeutralMessage } from '../../src/core/index.js';
import { createHarness } from '../support/core-harness.js';
import { tempDir } from '../support/temp-dir.js';

describe('posting a round', () => {
  it('a crash between posting and recording the round never posts that slot twice', async () => {
    const h = createHarness();
    await h.command('admin', 'setup', { admin: true });
    const post = h.port.postMessage.bind(h.port);
    let crashAfterPost = true;
    h.port.postMessage = async (channel: ChannelRef, message: NeutralMessage) => {
      const ref = await post(channel, message);
      if (crashAfterPost) {
        crashAfterPost = false;
        throw new Error('connection lost after the platform accepted the post');
      }
      return ref;
    };
    h.clock.set('2026-11-30T09:00:00Z');
    await h.dojo.tick();
    expect(h.db.$client.prepare('SELECT status FROM rounds').pluck().all()).toEqual(['posting']);
    h.clock.advance(61_000);
    await h.dojo.tick();
    expect(h.port.questions()).toHaveLength(1);
    expect(h.db.$client.prepare('SELECT status, message_ref FROM rounds').all()).toEqual([
      { status: 'open', message_ref: h.port.questions()[0]!.ref },
    ]);
  });

  it('a restarted process finishes a claimed but unposted round once', async () => {
    const path = `${tempDir('dojo-claim-')}/d.sqlite`;
    const first = createHarness({ path });
    await first.command('admin', 'setup', { admin: true });
    first.port.failNext = 1;
    first.clock.set('2026-11-30T09:00:00Z');
    await first.dojo.tick();
    first.db.$client.close();
    const second = createHarness({ path, content: false });
    second.clock.set('2026-11-30T09:02:00Z');
    await second.dojo.tick();
    await second.dojo.tick();
    expect(second.port.questions()).toHaveLength(1);
    expect(second.db.$client.prepare('SELECT count(*) FROM rounds').pluck().get()).toBe(1);
  });
});

/** Runs the outbox worker to its end (or its own SIGKILL); resolves with the signal that ended it. */
function runWorker(path: string, mode: 'die' | 'restart', clockMs: number, postsFile: string): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/reliability/outbox-worker.ts', path, mode, String(clockMs), postsFile],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    child.on('error', reject);
    child.on('exit', (code, signal) => (signal || code === 0 ? resolve(signal) : reject(new Error(`worker exited with ${code}`))));
  });
}

describe('a process killed right after its commits', () => {
  it('loses no delivery it committed or accepted, and the outbox sends what it committed once after the restart', async () => {
    const dir = tempDir('dojo-outbox-crash-');
    const path = join(dir, 'd.sqlite');
    const postsFile = join(dir, 'posts.jsonl');
    const start = Date.parse('2026-11-30T10:00:00Z');
    const questions = () =>
      existsSync(postsFile)
        ? readFileSync(postsFile, 'utf8')
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as { startsThread: boolean; ref: string })
            .filter((p) => p.startsThread)
        : [];
    const read = <T>(sql: string): T => {
      const db = new Database(path, { readonly: true });
      try {
        return db.prepare(sql).all() as T;
      } finally {
        db.close();
      }
    };

    expect(await runWorker(path, 'die', start, postsFile)).toBe('SIGKILL');
    // Both deliveries survived the kill: the ask handled (its round claimed, its post in the outbox), the suggestion stored raw.
    expect(
      read(
        "SELECT delivery_id AS id, done_at IS NOT NULL AS done FROM processed_events WHERE delivery_id IN ('d-ask', 'd-suggest') ORDER BY delivery_id",
      ),
    ).toEqual([
      { id: 'd-ask', done: 1 },
      { id: 'd-suggest', done: 0 },
    ]);
    expect(read('SELECT status FROM rounds')).toEqual([{ status: 'posting' }]);
    expect(questions()).toEqual([]);

    // Three minutes later (past the grace for accepted deliveries and a dead sender's outbox lease) a new process ticks once.
    expect(await runWorker(path, 'restart', start + 3 * 60_000, postsFile)).toBeNull();
    expect(questions()).toHaveLength(1);
    expect(read('SELECT status, message_ref AS ref FROM rounds')).toEqual([{ status: 'open', ref: questions()[0]!.ref }]);
    expect(read('SELECT text FROM suggestions')).toEqual([{ text: 'What does a write-ahead log buy you?' }]);
    expect(read("SELECT count(*) AS n FROM outbox WHERE status = 'pending'")).toEqual([{ n: 0 }]);

    // Another restart sends nothing again.
    expect(await runWorker(path, 'restart', start + 6 * 60_000, postsFile)).toBeNull();
    expect(questions()).toHaveLength(1);
  }, 60_000);
});
