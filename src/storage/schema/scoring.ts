import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { members, workspaces } from './workspaces.js';

/** Append-only points ledger; `awardKey` makes every award idempotent. */
export const ledger = sqliteTable(
  'score_ledger',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: integer('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    awardKey: text('award_key').notNull(),
    points: integer('points').notNull(),
    reason: text('reason').notNull(),
    category: text('category').notNull(),
    roundId: integer('round_id'),
    /** Period keys fixed at award time so a rebuild lands every row where it first went. */
    week: text('week').notNull(),
    month: text('month').notNull(),
    season: integer('season').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [
    uniqueIndex('score_ledger_award_key_unique').on(t.awardKey),
    // Per-member reads (export, forget-me) are rare and may scan; each index costs every award a page write.
    index('score_ledger_round_idx').on(t.roundId),
  ],
);

/**
 * Pre-aggregated points per (workspace, period, category, member); category '' is all categories.
 * The table is WITHOUT ROWID (migration 0001_without_rowid, which drizzle-kit cannot express), so the rank index
 * holds member_id too and a leaderboard reads from it alone. A drizzle-kit rebuild must keep that.
 */
export const totals = sqliteTable(
  'score_totals',
  {
    workspaceId: integer('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    period: text('period').notNull(),
    category: text('category').notNull(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    points: integer('points').notNull(),
  },
  (t) => [
    primaryKey({ name: 'score_totals_pk', columns: [t.workspaceId, t.period, t.category, t.memberId] }),
    index('score_totals_rank_idx').on(t.workspaceId, t.period, t.category, t.points),
  ],
);
