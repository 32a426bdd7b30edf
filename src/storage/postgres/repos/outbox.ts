import { sql } from 'drizzle-orm';
import type { OutboxEntry, OutboxRepo } from '../../../core/store.js';
import type { PgDb } from '../db.js';

export function outboxRepo(db: PgDb): OutboxRepo {
  return {
    async add(workspaceId, item, now) {
      const { rows } = await db.execute<{ id: number }>(
        sql`INSERT INTO outbox (workspace_id, item, next_at, created_at) VALUES (${workspaceId}, ${item}, ${now}, ${now}) RETURNING id`,
      );
      return rows[0]!.id;
    },
    async claimDue(owner, now, leaseUntil, limit) {
      // Selected and leased in one statement; SKIP LOCKED lets a second sender pass over the rows
      // another is leasing right now instead of waiting for them. The sub-select's lease_until is
      // the old one: set when a sender died holding the message.
      const { rows } = await db.execute<{
        id: number;
        workspace_id: number;
        item: string;
        attempts: number;
        created_at: string;
        old_lease: string | null;
      }>(sql`
        WITH due AS (
          SELECT id, lease_until FROM outbox
           WHERE status = 'pending' AND next_at <= ${now} AND (lease_until IS NULL OR lease_until <= ${now})
           ORDER BY id LIMIT ${limit}
           FOR UPDATE SKIP LOCKED)
        UPDATE outbox SET owner = ${owner}, lease_until = ${leaseUntil}
          FROM due WHERE outbox.id = due.id
        RETURNING outbox.id, outbox.workspace_id, outbox.item, outbox.attempts, outbox.created_at, due.lease_until AS old_lease`);
      return rows
        .map(
          (r): OutboxEntry => ({
            id: r.id,
            workspaceId: r.workspace_id,
            item: r.item,
            attempts: r.attempts,
            createdAt: Number(r.created_at),
            isRetry: r.old_lease != null,
          }),
        )
        .sort((a, b) => a.id - b.id);
    },
    async markSent(id, ref, now) {
      // A settled message keeps its row but not its content (forget-me must leave no copy here).
      await db.execute(
        sql`UPDATE outbox SET status = 'sent', item = '', ref = ${ref}, sent_at = ${now}, owner = NULL, lease_until = NULL WHERE id = ${id}`,
      );
    },
    async recordFailure(id, retryAt) {
      const retry = sql`${retryAt}::bigint`;
      await db.execute(sql`
        UPDATE outbox SET attempts = attempts + 1, status = CASE WHEN ${retry} IS NULL THEN 'failed' ELSE 'pending' END,
          item = CASE WHEN ${retry} IS NULL THEN '' ELSE item END,
          next_at = coalesce(${retry}, next_at), owner = NULL, lease_until = NULL WHERE id = ${id}`);
    },
    async postpone(id, retryAt) {
      await db.execute(sql`UPDATE outbox SET next_at = ${retryAt}, owner = NULL, lease_until = NULL WHERE id = ${id}`);
    },
    async countPending() {
      const { rows } = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM outbox WHERE status = 'pending'`);
      return rows[0]!.n;
    },
    async nextDueAt() {
      const { rows } = await db.execute<{ t: string | null }>(
        sql`SELECT min(greatest(next_at, coalesce(lease_until, 0))) AS t FROM outbox WHERE status = 'pending'`,
      );
      const t = rows[0]?.t;
      return t == null ? undefined : Number(t);
    },
  };
}
