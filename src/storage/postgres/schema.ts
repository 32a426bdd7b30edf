import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

// The PostgreSQL twin of src/storage/schema: the same tables, columns, keys and indexes (a test
// compares the migrated schemas), with PostgreSQL's own types. Millisecond times are bigint read as
// numbers (they exceed int4), flags are boolean, ids are identity columns. Why each table and index
// exists is written beside the SQLite table.

const ms = (name: string) => bigint(name, { mode: 'number' });
const id = () => integer('id').primaryKey().generatedByDefaultAsIdentity();

/** A Slack workspace, Discord guild or the playground; every other row hangs off one. */
export const workspaces = pgTable(
  'workspaces',
  {
    id: id(),
    platform: text('platform').notNull(),
    ref: text('ref').notNull(),
    name: text('name').notNull().default(''),
    timezone: text('timezone').notNull(),
    settings: text('settings').notNull().default('{}'),
    season: integer('season').notNull().default(1),
    status: text('status').notNull().default('active'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('workspaces_platform_ref_unique').on(t.platform, t.ref)],
);

/** One app installation per (platform, workspace ref); its tokens are sealed by the adapter. */
export const installations = pgTable(
  'installations',
  {
    platform: text('platform').notNull(),
    workspaceRef: text('workspace_ref').notNull(),
    enterpriseRef: text('enterprise_ref'),
    isOrgWide: boolean('is_org_wide').notNull().default(false),
    botUserRef: text('bot_user_ref').notNull(),
    scopes: text('scopes').notNull().default(''),
    installerRef: text('installer_ref'),
    sealed: text('sealed').notNull(),
    installedAt: ms('installed_at').notNull(),
  },
  (t) => [primaryKey({ name: 'installations_pk', columns: [t.platform, t.workspaceRef] })],
);

/** A person seen in a workspace; points and answers refer to this row. */
export const members = pgTable(
  'members',
  {
    id: id(),
    workspaceId: integer('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userRef: text('user_ref').notNull(),
    displayName: text('display_name').notNull().default(''),
    isBot: boolean('is_bot').notNull().default(false),
    nudge: boolean('nudge').notNull().default(false),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('members_workspace_user_unique').on(t.workspaceId, t.userRef),
    index('members_nudged_idx').on(t.workspaceId).where(sql`${t.nudge} = true`),
  ],
);

/** Per-workspace pack switches; a pack without a row is enabled. */
export const workspacePacks = pgTable(
  'workspace_packs',
  {
    workspaceId: integer('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    packId: text('pack_id').notNull(),
    enabled: boolean('enabled').notNull(),
  },
  (t) => [primaryKey({ name: 'workspace_packs_pk', columns: [t.workspaceId, t.packId] })],
);

/** Small key/value state: the playground clock, last digest sent, schema facts. */
export const meta = pgTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: ms('updated_at').notNull().default(0),
});

/** A practice channel and its schedule; `activeSince` bounds catch-up after setup or resume. */
export const channels = pgTable(
  'channels',
  {
    id: id(),
    workspaceId: integer('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    ref: text('ref').notNull(),
    name: text('name').notNull().default(''),
    days: text('days').notNull().default('1,2,3,4,5'),
    time: text('time').notNull().default('09:00'),
    timezone: text('timezone').notNull(),
    categories: text('categories').notNull().default(''),
    mode: text('mode').notNull().default('open'),
    voteEmoji: text('vote_emoji').notNull().default('+1'),
    roundHours: integer('round_hours'),
    blindHours: integer('blind_hours').notNull().default(4),
    voteCap: integer('vote_cap').notNull().default(0),
    digest: boolean('digest').notNull().default(false),
    rankBy: text('rank_by').notNull().default('votes'),
    paused: boolean('paused').notNull().default(false),
    activeSince: ms('active_since').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('channels_workspace_ref_unique').on(t.workspaceId, t.ref), index('channels_paused_idx').on(t.paused)],
);

/** A loaded question pack; team packs belong to one workspace. */
export const packs = pgTable('packs', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  version: text('version').notNull(),
  description: text('description').notNull().default(''),
  workspaceId: integer('workspace_id').references(() => workspaces.id, { onDelete: 'cascade' }),
  loadedAt: ms('loaded_at').notNull(),
});

/** A question by stable id; never deleted once used, only retired. */
export const questions = pgTable(
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
    body: text('body').notNull(),
    hash: text('hash').notNull(),
    retiredAt: ms('retired_at'),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    index('questions_pack_idx').on(t.packId),
    index('questions_category_idx').on(t.category, t.type),
    // The dashboard archive's full-text search (SQLite: questions_fts, migration 0004_archive_search).
    // The expression must match QUESTION_DOCUMENT in repos/dashboard.ts for the planner to use it.
    index('questions_search_idx').using(
      'gin',
      sql`(to_tsvector('english'::regconfig, ${t.prompt}) || jsonb_to_tsvector('english'::regconfig, ${t.body}::jsonb, '["string"]'::jsonb))`,
    ),
  ],
);

/** A member's proposed question, waiting for an admin. */
export const suggestions = pgTable(
  'suggestions',
  {
    id: id(),
    workspaceId: integer('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    memberId: integer('member_id').references(() => members.id, { onDelete: 'set null' }),
    text: text('text').notNull(),
    category: text('category').notNull().default('general'),
    status: text('status').notNull().default('pending'),
    questionId: text('question_id'),
    createdAt: ms('created_at').notNull(),
    decidedAt: ms('decided_at'),
  },
  (t) => [index('suggestions_workspace_status_idx').on(t.workspaceId, t.status)],
);

/** One question in one channel for one slot; the (channel, slot) key is the posting claim. */
export const rounds = pgTable(
  'rounds',
  {
    id: id(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    slot: text('slot').notNull(),
    questionId: text('question_id')
      .notNull()
      .references(() => questions.id),
    isScheduled: boolean('is_scheduled').notNull(),
    status: text('status').notNull(),
    mode: text('mode').notNull(),
    messageRef: text('message_ref'),
    summaryRef: text('summary_ref'),
    slotAt: ms('slot_at').notNull(),
    revealAt: ms('reveal_at'),
    closesAt: ms('closes_at').notNull(),
    closedAt: ms('closed_at'),
  },
  (t) => [
    uniqueIndex('rounds_channel_slot_unique').on(t.channelId, t.slot),
    index('rounds_status_closes_idx').on(t.status, t.closesAt),
    index('rounds_channel_slot_at_idx').on(t.channelId, t.slotAt),
    index('rounds_message_ref_idx').on(t.messageRef),
    index('rounds_status_reveal_idx').on(t.status, t.revealAt),
  ],
);

/** A member's answer in a round: one per member per round. */
export const answers = pgTable(
  'answers',
  {
    id: id(),
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    source: text('source').notNull(),
    messageRef: text('message_ref'),
    postedRef: text('posted_ref'),
    createdAt: ms('created_at').notNull(),
    editedAt: ms('edited_at'),
  },
  (t) => [
    uniqueIndex('answers_round_member_unique').on(t.roundId, t.memberId),
    uniqueIndex('answers_message_ref_unique').on(t.messageRef),
    uniqueIndex('answers_posted_ref_unique').on(t.postedRef),
    index('answers_member_idx').on(t.memberId),
    // The dashboard archive's full-text search (SQLite: answers_fts); matches ANSWER_DOCUMENT in repos/dashboard.ts.
    index('answers_search_idx').using('gin', sql`to_tsvector('english'::regconfig, ${t.text})`),
  ],
);

/** One row per voter and answer; `points` is what the standing vote earned, `casts` counts its casts. */
export const votes = pgTable(
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
    createdAt: ms('created_at').notNull(),
    casts: integer('casts').notNull().default(1),
    retractedAt: ms('retracted_at'),
  },
  (t) => [
    primaryKey({ name: 'votes_pk', columns: [t.answerId, t.voterId] }),
    index('votes_pointed_idx').on(t.answerId).where(sql`${t.points} > 0`),
  ],
);

/** One peer review per reviewer and answer; `covered` lists key point numbers, `points` what giving it earned. */
export const peerReviews = pgTable(
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
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'peer_reviews_pk', columns: [t.answerId, t.reviewerId] }),
    index('peer_reviews_reviewer_round_idx').on(t.reviewerId, t.roundId),
    index('peer_reviews_round_idx').on(t.roundId),
  ],
);

/** Append-only points ledger; `awardKey` makes every award idempotent. */
export const ledger = pgTable(
  'score_ledger',
  {
    id: id(),
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
    week: text('week').notNull(),
    month: text('month').notNull(),
    season: integer('season').notNull(),
    at: ms('at').notNull(),
  },
  (t) => [uniqueIndex('score_ledger_award_key_unique').on(t.awardKey), index('score_ledger_round_idx').on(t.roundId)],
);

/** Pre-aggregated points per (workspace, period, category, member); category '' is all categories. */
export const totals = pgTable(
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

/** Platform deliveries seen; an accepted one keeps its payload until it is handled. */
export const processedEvents = pgTable(
  'processed_events',
  {
    platform: text('platform').notNull(),
    deliveryId: text('delivery_id').notNull(),
    at: ms('at').notNull(),
    payload: text('payload'),
    doneAt: ms('done_at'),
  },
  (t) => [
    primaryKey({ name: 'processed_events_pk', columns: [t.platform, t.deliveryId] }),
    index('processed_events_accepted_idx').on(t.at).where(sql`${t.doneAt} IS NULL`),
  ],
);

/** Messages committed transactions asked for, sent after the commit (see core/outbox.ts). */
export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    workspaceId: integer('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    item: text('item').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAt: ms('next_at').notNull(),
    owner: text('owner'),
    leaseUntil: ms('lease_until'),
    ref: text('ref'),
    createdAt: ms('created_at').notNull(),
    sentAt: ms('sent_at'),
  },
  (t) => [index('outbox_status_next_idx').on(t.status, t.nextAt)],
);

/** FSRS card per member and question. */
export const reviews = pgTable(
  'reviews',
  {
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    questionId: text('question_id')
      .notNull()
      .references(() => questions.id),
    card: text('card').notNull(),
    due: ms('due').notNull(),
    reps: integer('reps').notNull().default(0),
    lapses: integer('lapses').notNull().default(0),
    lastReviewAt: ms('last_review_at'),
  },
  (t) => [primaryKey({ name: 'reviews_pk', columns: [t.memberId, t.questionId] }), index('reviews_due_idx').on(t.memberId, t.due)],
);

/** A private quiz question served to a member; answering it twice is refused. */
export const quizAttempts = pgTable(
  'quiz_attempts',
  {
    id: id(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    questionId: text('question_id')
      .notNull()
      .references(() => questions.id),
    kind: text('kind').notNull(),
    choiceOrder: text('choice_order').notNull().default('[]'),
    chosen: integer('chosen'),
    isCorrect: boolean('is_correct'),
    rating: integer('rating'),
    revealedAt: ms('revealed_at'),
    createdAt: ms('created_at').notNull(),
    answeredAt: ms('answered_at'),
  },
  (t) => [index('quiz_attempts_member_idx').on(t.memberId, t.createdAt)],
);

/** A timed public multiple-choice question in a channel. */
export const challenges = pgTable(
  'challenges',
  {
    id: id(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    questionId: text('question_id')
      .notNull()
      .references(() => questions.id),
    choiceOrder: text('choice_order').notNull(),
    status: text('status').notNull(),
    messageRef: text('message_ref'),
    startedAt: ms('started_at').notNull(),
    endsAt: ms('ends_at').notNull(),
  },
  (t) => [index('challenges_status_ends_idx').on(t.status, t.endsAt)],
);

/** Each member's first click in a challenge. */
export const challengeResponses = pgTable(
  'challenge_responses',
  {
    /** Arrival order: two clicks in the same millisecond keep the order they were recorded in. */
    id: id(),
    challengeId: integer('challenge_id')
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    chosen: integer('chosen').notNull(),
    isCorrect: boolean('is_correct').notNull(),
    at: ms('at').notNull(),
  },
  (t) => [uniqueIndex('challenge_responses_unique').on(t.challengeId, t.memberId)],
);
