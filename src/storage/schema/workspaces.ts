import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** A Slack workspace, Discord guild or the playground; every other row hangs off one. */
export const workspaces = sqliteTable(
  'workspaces',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platform: text('platform').notNull(),
    ref: text('ref').notNull(),
    name: text('name').notNull().default(''),
    timezone: text('timezone').notNull(),
    /** JSON of WorkspaceSettings (scoring, admins, drill points). */
    settings: text('settings').notNull().default('{}'),
    season: integer('season').notNull().default(1),
    /** 'active' or 'removed' (uninstalled / kicked): removed workspaces get no work. */
    status: text('status').notNull().default('active'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('workspaces_platform_ref_unique').on(t.platform, t.ref)],
);

/** A person seen in a workspace; points and answers refer to this row. */
export const members = sqliteTable(
  'members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: integer('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userRef: text('user_ref').notNull(),
    displayName: text('display_name').notNull().default(''),
    isBot: integer('is_bot', { mode: 'boolean' }).notNull().default(false),
    nudge: integer('nudge', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('members_workspace_user_unique').on(t.workspaceId, t.userRef),
    // The per-minute nudge pass reads only members who opted in, a few of them.
    index('members_nudged_idx').on(t.workspaceId).where(sql`${t.nudge} = 1`),
  ],
);

/** Per-workspace pack switches; a pack without a row is enabled. */
export const workspacePacks = sqliteTable(
  'workspace_packs',
  {
    workspaceId: integer('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    packId: text('pack_id').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  },
  (t) => [primaryKey({ name: 'workspace_packs_pk', columns: [t.workspaceId, t.packId] })],
);

/** Small key/value state: the playground clock, last digest sent, schema facts. */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull().default(sql`0`),
});
