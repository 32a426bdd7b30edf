/**
 * Stored rows as the core's types, for both engines: the SQLite and PostgreSQL schemas have the
 * same columns (test/storage/schema-parity.test.ts), so one mapping serves both.
 */
import { createHash } from 'node:crypto';
import type { Challenge, QuizAttempt } from '../core/quiz/quiz-store.js';
import { parseSettings } from '../core/settings.js';
import type { ChannelRef, MessageRef, UserRef, WorkspaceRef } from '../core/refs.js';
import type {
  Difficulty,
  Question,
  QuestionType,
  AnswerSource,
  RoundStatus,
  VoteSource,
  Answer,
  Channel,
  Installation,
  Member,
  PeerReview,
  Round,
  Suggestion,
  Vote,
  Workspace,
} from '../core/types.js';
import type {
  answers,
  challenges,
  channels,
  installations,
  members,
  peerReviews,
  questions,
  quizAttempts,
  rounds,
  suggestions,
  votes,
  workspaces,
} from './schema/index.js';

export const toWorkspace = (r: typeof workspaces.$inferSelect): Workspace => ({
  id: r.id,
  platform: r.platform,
  ref: r.ref as WorkspaceRef,
  name: r.name,
  timezone: r.timezone,
  settings: parseSettings(r.settings),
  season: r.season,
  status: r.status === 'removed' ? 'removed' : 'active',
});

export const toInstallation = (r: typeof installations.$inferSelect): Installation => ({
  platform: r.platform,
  workspace: r.workspaceRef as WorkspaceRef,
  enterpriseRef: r.enterpriseRef,
  isOrgWide: r.isOrgWide,
  botUserRef: r.botUserRef as UserRef,
  scopes: r.scopes ? r.scopes.split(',') : [],
  installerRef: r.installerRef as UserRef | null,
  sealed: r.sealed,
  installedAt: r.installedAt,
});

/** The row an installation is stored as (both engines). */
export const installationRow = (i: Installation) => ({
  platform: i.platform,
  workspaceRef: i.workspace,
  enterpriseRef: i.enterpriseRef,
  isOrgWide: i.isOrgWide,
  botUserRef: i.botUserRef,
  scopes: i.scopes.join(','),
  installerRef: i.installerRef,
  sealed: i.sealed,
  installedAt: i.installedAt,
});

export const toMember = (r: typeof members.$inferSelect): Member => ({
  id: r.id,
  workspaceId: r.workspaceId,
  userRef: r.userRef as UserRef,
  displayName: r.displayName,
  isBot: r.isBot,
  nudge: r.nudge,
});

export const toChannel = (r: typeof channels.$inferSelect): Channel => ({
  id: r.id,
  workspaceId: r.workspaceId,
  ref: r.ref as ChannelRef,
  name: r.name,
  days: r.days ? r.days.split(',').map(Number) : [],
  time: r.time,
  timezone: r.timezone,
  categories: r.categories ? r.categories.split(',') : [],
  mode: r.mode === 'blind' ? 'blind' : 'open',
  voteEmoji: r.voteEmoji,
  roundHours: r.roundHours,
  blindHours: r.blindHours,
  voteCap: r.voteCap,
  digest: r.digest,
  rankBy: r.rankBy === 'coverage' ? 'coverage' : 'votes',
  paused: r.paused,
  activeSince: r.activeSince,
});

export const toRound = (r: typeof rounds.$inferSelect): Round => ({
  ...r,
  status: r.status as RoundStatus,
  mode: r.mode === 'blind' ? 'blind' : 'open',
  messageRef: r.messageRef as MessageRef | null,
  summaryRef: r.summaryRef as MessageRef | null,
});

export const toAnswer = (r: typeof answers.$inferSelect): Answer => ({
  ...r,
  source: r.source as AnswerSource,
  messageRef: r.messageRef as MessageRef | null,
  postedRef: r.postedRef as MessageRef | null,
});

export const toVote = (r: typeof votes.$inferSelect): Vote => ({
  answerId: r.answerId,
  voterId: r.voterId,
  source: r.source as VoteSource,
  points: r.points,
  casts: r.casts,
});

/** Key point numbers stored as "1,3,4". */
export const coveredText = (covered: readonly number[]) => covered.join(',');

export const toPeerReview = (r: typeof peerReviews.$inferSelect): PeerReview => ({
  ...r,
  covered: r.covered ? r.covered.split(',').map(Number) : [],
});

export const toSuggestion = (r: typeof suggestions.$inferSelect): Suggestion => ({
  id: r.id,
  workspaceId: r.workspaceId,
  memberId: r.memberId,
  text: r.text,
  category: r.category,
  status: r.status as Suggestion['status'],
  createdAt: r.createdAt,
});

export const toAttempt = (r: typeof quizAttempts.$inferSelect): QuizAttempt => ({
  ...r,
  kind: r.kind === 'review' ? 'review' : 'drill',
  choiceOrder: JSON.parse(r.choiceOrder) as number[],
});

export const toChallenge = (r: typeof challenges.$inferSelect): Challenge => ({
  ...r,
  choiceOrder: JSON.parse(r.choiceOrder) as number[],
  status: r.status as Challenge['status'],
  messageRef: r.messageRef as MessageRef | null,
});

export const toQuestion = (r: typeof questions.$inferSelect): Question => ({
  id: r.id,
  packId: r.packId,
  type: r.type as QuestionType,
  category: r.category,
  difficulty: r.difficulty as Difficulty,
  tags: JSON.parse(r.tags) as string[],
  prompt: r.prompt,
  body: JSON.parse(r.body) as Question['body'],
  retiredAt: r.retiredAt,
});

export const hashOf = (q: Omit<Question, 'retiredAt' | 'packId'>) =>
  createHash('sha256')
    .update(JSON.stringify([q.type, q.category, q.difficulty, q.tags, q.prompt, q.body]))
    .digest('hex');
