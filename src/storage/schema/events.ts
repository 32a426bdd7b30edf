import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Platform deliveries already handled; survives restarts so retries stay no-ops. */
export const processedEvents = sqliteTable(
  'processed_events',
  {
    platform: text('platform').notNull(),
    deliveryId: text('delivery_id').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'processed_events_pk', columns: [t.platform, t.deliveryId] }),
    index('processed_events_at_idx').on(t.at),
  ],
);
