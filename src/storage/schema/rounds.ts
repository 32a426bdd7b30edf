import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { channels } from './schedule.js';
import { questions } from './content.js';
import { members } from './workspaces.js';

/**
 * One question in one channel for one slot. The (channel, slot) key is the claim that keeps
 * restarts, catch-up and second instances from posting twice.
 */
export const rounds = sqliteTable(
  'rounds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    slot: text('slot').notNull(),
    questionId: text('question_id')
      .notNull()
      .references(() => questions.id),
    isScheduled: integer('is_scheduled', { mode: 'boolean' }).notNull(),
    /** posting → open → (revealed) → closed | skipped | failed */
    status: text('status').notNull(),
    mode: text('mode').notNull(),
    messageRef: text('message_ref'),
    summaryRef: text('summary_ref'),
    slotAt: integer('slot_at').notNull(),
    revealAt: integer('reveal_at'),
    closesAt: integer('closes_at').notNull(),
    closedAt: integer('closed_at'),
  },
  (t) => [
    uniqueIndex('rounds_channel_slot_unique').on(t.channelId, t.slot),
    index('rounds_status_closes_idx').on(t.status, t.closesAt),
    index('rounds_channel_slot_at_idx').on(t.channelId, t.slotAt),
    // Every thread reply finds its round by the question's message.
    index('rounds_message_ref_idx').on(t.messageRef),
    // The per-minute tick reveals blind rounds whose reveal time has come.
    index('rounds_status_reveal_idx').on(t.status, t.revealAt),
  ],
);

/** A member's answer in a round: one per member per round. */
export const answers = sqliteTable(
  'answers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    source: text('source').notNull(),
    /** The member's own thread message, when the answer came from a reply. */
    messageRef: text('message_ref'),
    /** The bot's copy (form answers, blind reveal) that carries the Upvote button. */
    postedRef: text('posted_ref'),
    createdAt: integer('created_at').notNull(),
    editedAt: integer('edited_at'),
  },
  (t) => [
    uniqueIndex('answers_round_member_unique').on(t.roundId, t.memberId),
    uniqueIndex('answers_message_ref_unique').on(t.messageRef),
    uniqueIndex('answers_posted_ref_unique').on(t.postedRef),
    // A member's stats and export count and list their answers.
    index('answers_member_idx').on(t.memberId),
  ],
);

/**
 * One row per voter and answer. `points` is what the standing vote earned the author, so a
 * retraction undoes exactly that. A retraction keeps the row (`retractedAt` set, points 0) and a
 * later vote by the same voter reuses it with `casts` + 1, so `vote:<answer>:<voter>:<casts>` is
 * a ledger award key no later vote can repeat, with no rowid sequence to keep.
 */
export const votes = sqliteTable(
  'votes',
  {
    answerId: integer('answer_id')
      .notNull()
      .references(() => answers.id, { onDelete: 'cascade' }),
    voterId: integer('voter_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    points: integer('points').notNull(),
    createdAt: integer('created_at').notNull(),
    /** How many times this voter has cast a vote on this answer (1 for the first). */
    casts: integer('casts').notNull().default(1),
    retractedAt: integer('retracted_at'),
  },
  // The table is WITHOUT ROWID (migration 0001_without_rowid, which drizzle-kit cannot express): the key's
  // b-tree is the table, so a vote writes one b-tree and no sqlite_sequence row. Lookups by voter
  // (export, forget-me, the round cap) go through answers. The partial index holds only votes
  // that earned points (at most the per-answer cap), so the cap check reads a few entries; the
  // votes that earn nothing, almost all of them, cost it no write.
  (t) => [
    primaryKey({ name: 'votes_pk', columns: [t.answerId, t.voterId] }),
    index('votes_pointed_idx').on(t.answerId).where(sql`${t.points} > 0`),
  ],
);

/**
 * One peer review per reviewer and answer, editable until the round closes. `covered` is the
 * comma-separated key point numbers (1-based) the reviewer found in the answer; `points` is what
 * giving the review earned the reviewer, so taking it back (answer deleted, reviewer erased)
 * undoes exactly that. `roundId` lets the per-round review count and the close summary read one index.
 */
export const peerReviews = sqliteTable(
  'peer_reviews',
  {
    answerId: integer('answer_id')
      .notNull()
      .references(() => answers.id, { onDelete: 'cascade' }),
    reviewerId: integer('reviewer_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    covered: text('covered').notNull().default(''),
    comment: text('comment').notNull().default(''),
    points: integer('points').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'peer_reviews_pk', columns: [t.answerId, t.reviewerId] }),
    // The review points cap counts a reviewer's reviews in a round; export and forget-me list them.
    index('peer_reviews_reviewer_round_idx').on(t.reviewerId, t.roundId),
    // The close summary reads every review of a round.
    index('peer_reviews_round_idx').on(t.roundId),
  ],
);
