import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { workspaces } from './workspaces.js';

/**
 * Platform deliveries seen; survives restarts so retries stay no-ops. A delivery accepted before
 * it could be handled keeps its raw payload until it is (`done_at` set, payload cleared).
 */
export const processedEvents = sqliteTable(
  'processed_events',
  {
    platform: text('platform').notNull(),
    deliveryId: text('delivery_id').notNull(),
    at: integer('at').notNull(),
    /** The delivery as accepted (JSON), while it waits to be handled. */
    payload: text('payload'),
    doneAt: integer('done_at'),
  },
  // No index on `at`: the daily prune can scan, and every index here costs each delivery a page write.
  // The one index is partial, on the accepted deliveries still waiting (each tick lists them): a
  // delivery claimed at once is inserted done and never enters it.
  // The table is WITHOUT ROWID (migration 0001_without_rowid, which drizzle-kit cannot express): rows live in the
  // key's b-tree, one page write per claim. A drizzle-kit rebuild of this table must keep that.
  (t) => [
    primaryKey({ name: 'processed_events_pk', columns: [t.platform, t.deliveryId] }),
    index('processed_events_accepted_idx').on(t.at).where(sql`${t.doneAt} IS NULL`),
  ],
);

/** Messages committed transactions asked for, sent after the commit (see core/outbox.ts). */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: integer('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** JSON: the platform, the outbound message, what to record once it is sent. */
    item: text('item').notNull(),
    /** pending → sent | failed */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAt: integer('next_at').notNull(),
    /** The sender holding it and until when; a lease that ran out is taken over. */
    owner: text('owner'),
    leaseUntil: integer('lease_until'),
    ref: text('ref'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [index('outbox_status_next_idx').on(t.status, t.nextAt)],
);
