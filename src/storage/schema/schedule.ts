import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { workspaces } from './workspaces.js';

/** A practice channel and its schedule; `activeSince` bounds catch-up after setup or resume. */
export const channels = sqliteTable(
  'channels',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: integer('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    ref: text('ref').notNull(),
    name: text('name').notNull().default(''),
    /** Comma-separated weekday numbers, 1 = Monday (ISO). */
    days: text('days').notNull().default('1,2,3,4,5'),
    time: text('time').notNull().default('09:00'),
    timezone: text('timezone').notNull(),
    /** Comma-separated category ids; empty means all. */
    categories: text('categories').notNull().default(''),
    mode: text('mode').notNull().default('open'),
    voteEmoji: text('vote_emoji').notNull().default('+1'),
    /** Round length in hours; null = until one hour before the next post. */
    roundHours: integer('round_hours'),
    blindHours: integer('blind_hours').notNull().default(4),
    voteCap: integer('vote_cap').notNull().default(0),
    digest: integer('digest', { mode: 'boolean' }).notNull().default(false),
    /** 'votes' (ties broken by review coverage) or 'coverage': how the close summary ranks answers. */
    rankBy: text('rank_by').notNull().default('votes'),
    paused: integer('paused', { mode: 'boolean' }).notNull().default(false),
    activeSince: integer('active_since').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('channels_workspace_ref_unique').on(t.workspaceId, t.ref),
    // The per-minute tick lists the channels that are not paused.
    index('channels_paused_idx').on(t.paused),
  ],
);
