import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { members, workspaces } from './workspaces.js';

/** A loaded question pack; team packs belong to one workspace. */
export const packs = sqliteTable('packs', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  version: text('version').notNull(),
  description: text('description').notNull().default(''),
  workspaceId: integer('workspace_id').references(() => workspaces.id, { onDelete: 'cascade' }),
  loadedAt: integer('loaded_at').notNull(),
});

/** A question by stable id; never deleted once used, only retired. */
export const questions = sqliteTable(
  'questions',
  {
    id: text('id').primaryKey(),
    packId: text('pack_id')
      .notNull()
      .references(() => packs.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    category: text('category').notNull(),
    difficulty: text('difficulty').notNull(),
    tags: text('tags').notNull().default('[]'),
    prompt: text('prompt').notNull(),
    /** JSON of the question's sections (key points, model answer, choices, ...). */
    body: text('body').notNull(),
    hash: text('hash').notNull(),
    retiredAt: integer('retired_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('questions_pack_idx').on(t.packId), index('questions_category_idx').on(t.category, t.type)],
);

/** A member's proposed question, waiting for an admin. */
export const suggestions = sqliteTable(
  'suggestions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: integer('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    memberId: integer('member_id').references(() => members.id, { onDelete: 'set null' }),
    text: text('text').notNull(),
    category: text('category').notNull().default('general'),
    status: text('status').notNull().default('pending'),
    questionId: text('question_id'),
    createdAt: integer('created_at').notNull(),
    decidedAt: integer('decided_at'),
  },
  (t) => [index('suggestions_workspace_status_idx').on(t.workspaceId, t.status)],
);
