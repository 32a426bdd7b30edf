import type { ChannelRef, MessageRef, Platform, UserRef, WorkspaceRef } from './refs.js';

export type WorkspaceId = number;
export type MemberId = number;
export type ChannelId = number;
export type RoundId = number;
export type AnswerId = number;
export type QuestionId = string;

export interface PointsConfig {
  answer: number;
  upvote: number;
  /** Upvotes per answer that earn points; later ones still count as votes. */
  upvoteCap: number;
  top: [number, number, number];
  challengeCorrect: number;
  challengeFirst: number;
  streakStep: number;
  streakMax: number;
  /** Points for giving a peer review of an answer, for the first `reviewCap` reviews a member gives per round. */
  review: number;
  reviewCap: number;
  /** Points for an answer that at least two reviewers rate as covering every key point (awarded at close). */
  completeness: number;
}

export interface WorkspaceSettings {
  admins: string[];
  points: PointsConfig;
  /** Private drills add leaderboard points when on. */
  drillPoints: boolean;
}

export interface Workspace {
  id: WorkspaceId;
  platform: Platform;
  ref: WorkspaceRef;
  name: string;
  timezone: string;
  settings: WorkspaceSettings;
  season: number;
  status: 'active' | 'removed';
}

/**
 * An app installation in one workspace (Slack's "Add to Slack"): where, by whom and with what
 * scopes, and the platform's installation record with its tokens, sealed by the adapter so the
 * store never holds a token in clear.
 */
export interface Installation {
  platform: Platform;
  workspace: WorkspaceRef;
  /** The organisation the workspace belongs to (Slack Enterprise Grid id), if any. */
  enterpriseRef: string | null;
  /** Installed for a whole organisation rather than one workspace. */
  isOrgWide: boolean;
  botUserRef: UserRef;
  scopes: string[];
  installerRef: UserRef | null;
  /** The adapter's sealed (encrypted and authenticated) installation record. */
  sealed: string;
  installedAt: number;
}

export interface Member {
  id: MemberId;
  workspaceId: WorkspaceId;
  userRef: UserRef;
  displayName: string;
  isBot: boolean;
  nudge: boolean;
}

export type RoundMode = 'open' | 'blind';

export type RankBy = 'votes' | 'coverage';

export interface Channel {
  id: ChannelId;
  workspaceId: WorkspaceId;
  ref: ChannelRef;
  name: string;
  /** ISO weekdays, 1 = Monday. */
  days: number[];
  /** Local "HH:MM". */
  time: string;
  timezone: string;
  categories: string[];
  mode: RoundMode;
  voteEmoji: string;
  /** Fixed round length in hours, or null for "until one hour before the next post". */
  roundHours: number | null;
  blindHours: number;
  /** Votes a member may give per round; 0 = no cap. */
  voteCap: number;
  digest: boolean;
  /** How the close summary ranks answers: by votes (ties broken by review coverage) or by coverage. */
  rankBy: RankBy;
  paused: boolean;
  activeSince: number;
}

export type ChannelSettings = Pick<
  Channel,
  'days' | 'time' | 'timezone' | 'categories' | 'mode' | 'voteEmoji' | 'roundHours' | 'blindHours' | 'voteCap' | 'digest' | 'rankBy'
>;

export type QuestionType = 'open' | 'mcq';
export type Difficulty = 'easy' | 'medium' | 'hard';

export interface Choice {
  text: string;
  correct: boolean;
}

export interface QuestionBody {
  keyPoints?: string[];
  modelAnswer?: string;
  followUps?: string[];
  structure?: string;
  diagram?: string;
  choices?: Choice[];
  explanation?: string;
}

export interface Question {
  id: QuestionId;
  packId: string;
  type: QuestionType;
  category: string;
  difficulty: Difficulty;
  tags: string[];
  prompt: string;
  body: QuestionBody;
  retiredAt: number | null;
}

export interface Pack {
  id: string;
  title: string;
  version: string;
  description: string;
  workspaceId: WorkspaceId | null;
}

export type RoundStatus = 'posting' | 'open' | 'revealed' | 'closed' | 'skipped' | 'failed';

export interface Round {
  id: RoundId;
  channelId: ChannelId;
  slot: string;
  questionId: QuestionId;
  isScheduled: boolean;
  status: RoundStatus;
  mode: RoundMode;
  messageRef: MessageRef | null;
  summaryRef: MessageRef | null;
  slotAt: number;
  revealAt: number | null;
  closesAt: number;
  closedAt: number | null;
}

export type AnswerSource = 'thread' | 'form';

export interface Answer {
  id: AnswerId;
  roundId: RoundId;
  memberId: MemberId;
  text: string;
  source: AnswerSource;
  messageRef: MessageRef | null;
  postedRef: MessageRef | null;
  createdAt: number;
  editedAt: number | null;
}

export type VoteSource = 'reaction' | 'button';

/** A standing vote. */
export interface Vote {
  answerId: AnswerId;
  voterId: MemberId;
  source: VoteSource;
  points: number;
  /** Which cast of this voter on this answer it is (1, or more after retractions); part of its award keys. */
  casts: number;
}

/** A member's peer review of a teammate's answer: which key points (1-based) it covers, and a comment. */
export interface PeerReview {
  answerId: AnswerId;
  reviewerId: MemberId;
  roundId: RoundId;
  covered: number[];
  comment: string;
  /** What giving it earned the reviewer, so taking it back undoes exactly that. */
  points: number;
  createdAt: number;
  updatedAt: number;
}

export interface Award {
  workspaceId: WorkspaceId;
  memberId: MemberId;
  awardKey: string;
  points: number;
  reason: string;
  category: string;
  roundId: RoundId | null;
  week: string;
  month: string;
  season: number;
  at: number;
}

export type Period = 'week' | 'month' | 'season' | 'all';

export interface Standing {
  memberId: MemberId;
  displayName: string;
  points: number;
  rank: number;
}

export interface Suggestion {
  id: number;
  workspaceId: WorkspaceId;
  memberId: MemberId | null;
  text: string;
  category: string;
  status: 'pending' | 'approved' | 'rejected';
  createdAt: number;
}
