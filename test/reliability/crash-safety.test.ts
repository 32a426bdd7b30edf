import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/random.js';
import { tempDir } from '../support/temp-dir.js';

/** Starts the worker, lets it acknowledge `acks` votes, then SIGKILLs it; returns what it acknowledged. */
function runAndKill(path: string, clockMs: number, acks: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/reliability/vote-worker.ts', path, String(clockMs)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: string[] = [];
    let buf = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`worker made no progress: ${err}`));
    }, 30_000);
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) if (l.startsWith('ack ')) acked.push(l.slice(4));
      if (acked.length >= acks && !child.killed) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(acked);
    });
  });
}

describe('crash safety', () => {
  it('after 20 SIGKILLs at random moments the database is intact, every acknowledged vote is there, totals equal the ledger', async () => {
    const path = join(tempDir('dojo-crash-'), 'votes.sqlite');
    const random = seededRandom(42);
    const acknowledged: string[] = [];
    for (let run = 0; run < 20; run++) {
      // Each run's clock is 3 minutes on, past the 2-minute outbox lease a killed run may hold.
      const clockMs = Date.parse('2026-11-30T10:00:00Z') + run * 3 * 60_000;
      acknowledged.push(...(await runAndKill(path, clockMs, 1 + Math.floor(random.next() * 60))));
      const db = new Database(path);
      try {
        expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
        const stored = new Set(
          (
            db
              .prepare(
                'SELECT m.user_ref AS voter, a.message_ref AS ref FROM votes v JOIN members m ON m.id = v.voter_id JOIN answers a ON a.id = v.answer_id WHERE v.retracted_at IS NULL',
              )
              .all() as { voter: string; ref: string }[]
          ).map((r) => `${r.voter} ${r.ref.slice(-1)}`),
        );
        expect(acknowledged.filter((a) => !stored.has(a))).toEqual([]);
        const ledger = db.prepare('SELECT member_id AS m, SUM(points) AS p FROM score_ledger GROUP BY member_id ORDER BY member_id').all();
        const totals = db
          .prepare("SELECT member_id AS m, points AS p FROM score_totals WHERE period = 'all' AND category = '' ORDER BY member_id")
          .all();
        expect(totals).toEqual(ledger);
      } finally {
        db.close();
      }
    }
    expect(acknowledged.length).toBeGreaterThan(20);
  }, 240_000);
});
