import type { OutboxEntry, OutboxRepo } from '../../core/store.js';
import type { Db } from '../db.js';
import type { Sync } from '../sync-repos.js';

interface Row {
  id: number;
  workspace_id: number;
  item: string;
  attempts: number;
  created_at: number;
}

export function outboxRepo(db: Db): Sync<OutboxRepo> {
  const c = db.$client;
  const add = c.prepare('INSERT INTO outbox (workspace_id, item, next_at, created_at) VALUES (?, ?, ?, ?)');
  // Selected and leased in one statement, so two senders can never both take a message.
  const claim = c.prepare(
    `UPDATE outbox SET owner = @owner, lease_until = @leaseUntil
     WHERE id IN (
       SELECT id FROM outbox WHERE status = 'pending' AND next_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
       ORDER BY id LIMIT @limit)
     RETURNING id, workspace_id, item, attempts, created_at`,
  );
  const leased = c.prepare(
    `SELECT id, lease_until FROM outbox WHERE status = 'pending' AND next_at <= ? AND (lease_until IS NULL OR lease_until <= ?) ORDER BY id LIMIT ?`,
  );
  // A settled message keeps its row but not its content: members' words and ids live on the
  // platform and in their own tables, where forget-me can erase them.
  const sent = c.prepare(
    `UPDATE outbox SET status = 'sent', item = '', ref = ?, sent_at = ?, owner = NULL, lease_until = NULL WHERE id = ?`,
  );
  const failed = c.prepare(
    `UPDATE outbox SET attempts = attempts + 1, status = CASE WHEN @retryAt IS NULL THEN 'failed' ELSE 'pending' END,
       item = CASE WHEN @retryAt IS NULL THEN '' ELSE item END,
       next_at = coalesce(@retryAt, next_at), owner = NULL, lease_until = NULL WHERE id = @id`,
  );
  const postpone = c.prepare('UPDATE outbox SET next_at = ?, owner = NULL, lease_until = NULL WHERE id = ?');
  const pending = c.prepare(`SELECT count(*) FROM outbox WHERE status = 'pending'`).pluck();
  const nextDue = c.prepare(`SELECT min(max(next_at, coalesce(lease_until, 0))) FROM outbox WHERE status = 'pending'`).pluck();
  return {
    add: (workspaceId, item, now) => Number(add.run(workspaceId, item, now, now).lastInsertRowid),
    claimDue(owner, now, leaseUntil, limit) {
      // Which of them were leased before (a sender died holding them) is read first: RETURNING shows only new values.
      const before = new Map(
        (leased.all(now, now, limit) as { id: number; lease_until: number | null }[]).map((r) => [r.id, r.lease_until]),
      );
      const rows = claim.all({ owner, now, leaseUntil, limit }) as Row[];
      return rows
        .sort((a, b) => a.id - b.id)
        .map(
          (r): OutboxEntry => ({
            id: r.id,
            workspaceId: r.workspace_id,
            item: r.item,
            attempts: r.attempts,
            createdAt: r.created_at,
            isRetry: before.get(r.id) != null,
          }),
        );
    },
    markSent(id, ref, now) {
      sent.run(ref, now, id);
    },
    recordFailure(id, retryAt) {
      failed.run({ id, retryAt });
    },
    postpone(id, retryAt) {
      postpone.run(retryAt, id);
    },
    countPending: () => pending.get() as number,
    nextDueAt: () => (nextDue.get() as number | null) ?? undefined,
  };
}
