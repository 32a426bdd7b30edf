import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * One app installation per (platform, workspace ref): Slack's "Add to Slack" writes it, every
 * request reads it for its token, uninstalling deletes it. The installation record with its
 * tokens is sealed (AES-256-GCM, DOJO_SECRET_KEY) by the adapter before it gets here.
 */
export const installations = sqliteTable(
  'installations',
  {
    platform: text('platform').notNull(),
    workspaceRef: text('workspace_ref').notNull(),
    enterpriseRef: text('enterprise_ref'),
    isOrgWide: integer('is_org_wide', { mode: 'boolean' }).notNull().default(false),
    botUserRef: text('bot_user_ref').notNull(),
    /** Comma-separated scopes granted to the bot. */
    scopes: text('scopes').notNull().default(''),
    installerRef: text('installer_ref'),
    sealed: text('sealed').notNull(),
    installedAt: integer('installed_at').notNull(),
  },
  (t) => [primaryKey({ name: 'installations_pk', columns: [t.platform, t.workspaceRef] })],
);
