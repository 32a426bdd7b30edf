import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Platform deliveries claimed or handled; survives restarts so retries stay no-ops. */
export const processedEvents = sqliteTable(
  'processed_events',
  {
    platform: text('platform').notNull(),
    deliveryId: text('delivery_id').notNull(),
    at: integer('at').notNull(),
    /** The process instance handling it; a claim left unfinished by a dead instance is taken over. */
    owner: text('owner').notNull().default(''),
    /** Set once handled; until then a retry from the same instance is an in-flight duplicate. */
    doneAt: integer('done_at'),
  },
  // No index on `at`: the daily prune can scan, and every index here costs each delivery a page write.
  // The table is WITHOUT ROWID (migration 0001_without_rowid, which drizzle-kit cannot express): rows live in the
  // key's b-tree, one page write per claim. A drizzle-kit rebuild of this table must keep that.
  (t) => [primaryKey({ name: 'processed_events_pk', columns: [t.platform, t.deliveryId] })],
);
