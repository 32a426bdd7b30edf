import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { members } from './workspaces.js';
import { questions } from './content.js';
import { channels } from './schedule.js';

/** FSRS card per member and question. */
export const reviews = sqliteTable(
  'reviews',
  {
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    questionId: text('question_id')
      .notNull()
      .references(() => questions.id),
    card: text('card').notNull(),
    due: integer('due').notNull(),
    reps: integer('reps').notNull().default(0),
    lapses: integer('lapses').notNull().default(0),
    lastReviewAt: integer('last_review_at'),
  },
  (t) => [primaryKey({ name: 'reviews_pk', columns: [t.memberId, t.questionId] }), index('reviews_due_idx').on(t.memberId, t.due)],
);

/** A private quiz question served to a member; answering it twice is refused. */
export const quizAttempts = sqliteTable(
  'quiz_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    questionId: text('question_id')
      .notNull()
      .references(() => questions.id),
    kind: text('kind').notNull(),
    /** JSON array: display order of choice indexes for MCQs. */
    choiceOrder: text('choice_order').notNull().default('[]'),
    chosen: integer('chosen'),
    isCorrect: integer('is_correct', { mode: 'boolean' }),
    rating: integer('rating'),
    revealedAt: integer('revealed_at'),
    createdAt: integer('created_at').notNull(),
    answeredAt: integer('answered_at'),
  },
  (t) => [index('quiz_attempts_member_idx').on(t.memberId, t.createdAt)],
);

/** A timed public multiple-choice question in a channel. */
export const challenges = sqliteTable(
  'challenges',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    questionId: text('question_id')
      .notNull()
      .references(() => questions.id),
    choiceOrder: text('choice_order').notNull(),
    status: text('status').notNull(),
    messageRef: text('message_ref'),
    startedAt: integer('started_at').notNull(),
    endsAt: integer('ends_at').notNull(),
  },
  (t) => [index('challenges_status_ends_idx').on(t.status, t.endsAt)],
);

/** Each member's first click in a challenge; `id` grows with every insert (arrival order within one `at`). */
export const challengeResponses = sqliteTable(
  'challenge_responses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    challengeId: integer('challenge_id')
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    chosen: integer('chosen').notNull(),
    isCorrect: integer('is_correct', { mode: 'boolean' }).notNull(),
    at: integer('at').notNull(),
  },
  (t) => [uniqueIndex('challenge_responses_unique').on(t.challengeId, t.memberId)],
);
