import type { ChannelRef, MessageRef, Platform, UserRef, WorkspaceRef } from './refs.js';
import type {
  Answer,
  AnswerId,
  AnswerSource,
  Award,
  Channel,
  ChannelId,
  ChannelSettings,
  Member,
  MemberId,
  Pack,
  Question,
  QuestionId,
  Round,
  RoundId,
  RoundMode,
  RoundStatus,
  Suggestion,
  Vote,
  VoteSource,
  Workspace,
  WorkspaceId,
  WorkspaceSettings,
} from './types.js';
import type { QuizStore } from './quiz/quiz-store.js';

/** The parts of an answer, its round and its channel that casting a vote reads. */
export interface VoteTarget {
  answer: Pick<Answer, 'id' | 'memberId' | 'roundId'>;
  round: Pick<Round, 'id' | 'status' | 'mode' | 'questionId' | 'channelId'>;
  channel: Pick<Channel, 'voteEmoji' | 'voteCap'>;
  pointedVotes: number;
}

/** The store's write lock is held elsewhere and the caller asked not to wait for it; nothing was done. */
export class StoreBusyError extends Error {
  constructor() {
    super('the database is busy');
  }
}

/**
 * Storage as the core needs it. Methods are synchronous: the SQLite driver is, and it keeps
 * transactions free of awaits. `tx` runs its function in one immediate transaction (nested
 * calls join the outer one). Waiting for the write lock blocks the process, so a caller that
 * must answer quickly passes `wait: false` and gets a StoreBusyError instead of waiting.
 */
export interface Store {
  /**
   * `wait: false`: fail with StoreBusyError rather than wait for the write lock. `savepoint: false`:
   * inside another transaction, run fn as part of it without a savepoint of its own (for work
   * that never throws after it has written, so there is nothing of its own to take back).
   */
  tx<T>(fn: () => T, opts?: { wait?: boolean; savepoint?: boolean }): T;
  /** Runs reads against one consistent snapshot; never waits for the write lock (fn must not write). */
  read<T>(fn: () => T): T;
  workspaces: WorkspaceRepo;
  members: MemberRepo;
  channels: ChannelRepo;
  content: ContentRepo;
  rounds: RoundRepo;
  answers: AnswerRepo;
  votes: VoteRepo;
  scores: ScoreRepo;
  events: EventRepo;
  suggestions: SuggestionRepo;
  meta: MetaRepo;
  quiz: QuizStore;
}

export interface WorkspaceRepo {
  ensure(input: {
    platform: Platform;
    ref: WorkspaceRef;
    name: string;
    timezone: string;
    settings: WorkspaceSettings;
    now: number;
  }): Workspace;
  findByRef(platform: Platform, ref: WorkspaceRef): Workspace | undefined;
  /** The workspace with one of its members, in one read (every delivery asks). */
  findWithMember(platform: Platform, ref: WorkspaceRef, userRef: UserRef): { workspace: Workspace; member: Member | undefined } | undefined;
  get(id: WorkspaceId): Workspace;
  saveSettings(id: WorkspaceId, settings: WorkspaceSettings): void;
  setStatus(id: WorkspaceId, status: Workspace['status']): void;
  setTimezone(id: WorkspaceId, timezone: string): void;
  startSeason(id: WorkspaceId): number;
}

export interface MemberRepo {
  /** Inserts or refreshes the display name; returns the row. */
  ensure(workspaceId: WorkspaceId, user: { ref: UserRef; name: string; isBot: boolean }, now: number): Member;
  get(id: MemberId): Member;
  findByRef(workspaceId: WorkspaceId, ref: UserRef): Member | undefined;
  /** Matches a raw platform id typed by a member against stored refs ("U1" finds "slack:U1"). */
  findByRawId(workspaceId: WorkspaceId, rawId: string): Member | undefined;
  findByName(workspaceId: WorkspaceId, name: string): Member | undefined;
  setNudge(id: MemberId, on: boolean): void;
  listNudged(): Member[];
  /** Deletes the member and, by cascade, everything keyed to them. */
  remove(id: MemberId): void;
}

export interface ChannelRepo {
  findByRef(workspaceId: WorkspaceId, ref: ChannelRef): Channel | undefined;
  get(id: ChannelId): Channel;
  upsert(input: { workspaceId: WorkspaceId; ref: ChannelRef; name: string; settings: ChannelSettings; now: number }): Channel;
  setPaused(id: ChannelId, paused: boolean, now: number): void;
  /** Channels of active workspaces that are not paused. */
  listScheduled(): Channel[];
  listForWorkspace(workspaceId: WorkspaceId): Channel[];
}

export interface PackInput {
  pack: Omit<Pack, 'workspaceId'> & { workspaceId?: WorkspaceId | null };
  questions: Omit<Question, 'retiredAt' | 'packId'>[];
}

export interface ContentRepo {
  /**
   * Idempotent upsert by stable id; questions missing from the pack are retired unless
   * `retireMissing` is false (used when some files failed to parse, so a typo never retires).
   */
  loadPack(input: PackInput, now: number, opts?: { retireMissing: boolean }): { added: number; updated: number; retired: number };
  addQuestion(packId: string, question: Omit<Question, 'retiredAt' | 'packId'>, now: number): void;
  ensurePack(pack: Pack, now: number): void;
  get(id: QuestionId): Question | undefined;
  listPacks(workspaceId: WorkspaceId): (Pack & { enabled: boolean; questionCount: number })[];
  setPackEnabled(workspaceId: WorkspaceId, packId: string, enabled: boolean): void;
  /** Active questions from the workspace's enabled packs. */
  listEligible(workspaceId: WorkspaceId, filter: { type?: Question['type']; categories?: string[]; difficulty?: string }): Question[];
  categories(): string[];
}

export interface RoundRepo {
  /** Claims (channel, slot); undefined when another process or an earlier run already did. */
  claim(input: {
    channelId: ChannelId;
    slot: string;
    questionId: QuestionId;
    isScheduled: boolean;
    mode: RoundMode;
    slotAt: number;
    revealAt: number | null;
    closesAt: number;
    leaseUntil: number;
  }): Round | undefined;
  get(id: RoundId): Round;
  findBySlot(channelId: ChannelId, slot: string): Round | undefined;
  findByMessage(ref: MessageRef): Round | undefined;
  /** The channel's round that is still taking answers or votes. */
  findLive(channelId: ChannelId): Round | undefined;
  latestForChannel(channelId: ChannelId): Round | undefined;
  markPosted(id: RoundId, ref: MessageRef): void;
  /** Takes the posting/summary lease when it is free; false when another process holds it. */
  takeLease(id: RoundId, now: number, forMs: number): boolean;
  setSummaryRef(id: RoundId, ref: MessageRef): void;
  /** Closed rounds whose summary has not been posted yet (e.g. a failed post). */
  listUnsummarised(since: number): Round[];
  recordPostFailure(id: RoundId, giveUp: boolean): void;
  setStatus(id: RoundId, from: RoundStatus[], to: RoundStatus, now: number): boolean;
  listByStatus(status: RoundStatus): Round[];
  listDue(status: RoundStatus, field: 'closesAt' | 'revealAt', now: number): Round[];
  /** Earliest pending close/reveal time, for the playground's clock. */
  nextDueTime(): number | undefined;
  /** Each question the channel has used, with when it was last used. */
  questionUse(channelId: ChannelId): { questionId: QuestionId; lastAt: number }[];
  /** Closed or live scheduled rounds of a channel, newest first. */
  scheduledHistory(channelId: ChannelId, limit: number): Round[];
  countForQuestion(questionId: QuestionId): number;
}

export interface AnswerRepo {
  insert(input: {
    roundId: RoundId;
    memberId: MemberId;
    text: string;
    source: AnswerSource;
    messageRef: MessageRef | null;
    now: number;
  }): Answer | undefined;
  get(id: AnswerId): Answer | undefined;
  findByMember(roundId: RoundId, memberId: MemberId): Answer | undefined;
  findByMessage(ref: MessageRef): Answer | undefined;
  /**
   * What a reaction on a message needs to become a vote, in one read (every reaction asks): the
   * answer behind it, the round's state, the channel's voting rules and how many of the answer's
   * votes earned points.
   */
  findVoteTarget(ref: MessageRef): VoteTarget | undefined;
  setPostedRef(id: AnswerId, ref: MessageRef): void;
  updateText(id: AnswerId, text: string, now: number): void;
  remove(id: AnswerId): void;
  listByRound(roundId: RoundId): (Answer & { votes: number; authorName: string; authorRef: UserRef })[];
  listForMember(memberId: MemberId): Answer[];
  countsForMember(memberId: MemberId): { answers: number; votesReceived: number };
  /** Which of the given rounds the member answered. */
  answeredRounds(memberId: MemberId, roundIds: RoundId[]): Set<RoundId>;
}

export interface VoteRepo {
  /** Casts a vote; undefined when this voter's vote on this answer already stands. */
  insert(input: { answerId: AnswerId; voterId: MemberId; source: VoteSource; points: number; now: number }): Vote | undefined;
  /** The voter's standing vote on the answer. */
  find(answerId: AnswerId, voterId: MemberId): Vote | undefined;
  /** Takes a standing vote back; the voter may cast it again later (as the next cast). */
  retract(answerId: AnswerId, voterId: MemberId, now: number): void;
  /** Deletes the vote row outright (its answer or voter is being erased). */
  remove(answerId: AnswerId, voterId: MemberId): void;
  listByAnswer(answerId: AnswerId): Vote[];
  countForAnswer(answerId: AnswerId): number;
  countPointed(answerId: AnswerId): number;
  countByVoterInRound(voterId: MemberId, roundId: RoundId): number;
  listByVoter(voterId: MemberId): Vote[];
}

export interface ScoreRepo {
  /** Appends to the ledger and updates totals; false when the award key was already used. */
  award(award: Award): boolean;
  hasAward(awardKey: string): boolean;
  top(
    workspaceId: WorkspaceId,
    period: string,
    category: string,
    limit: number,
  ): { memberId: MemberId; displayName: string; points: number }[];
  /** Competition rank (1 + members with strictly more points) and points; undefined without points. */
  rankOf(workspaceId: WorkspaceId, period: string, category: string, memberId: MemberId): { rank: number; points: number } | undefined;
  countRanked(workspaceId: WorkspaceId, period: string, category: string): number;
  /** Recomputes totals from the ledger; returns the rows that differed before the rebuild. */
  rebuildTotals(workspaceId: WorkspaceId): { memberId: MemberId; period: string; category: string; before: number; after: number }[];
  ledgerFor(memberId: MemberId): Award[];
  sumLedger(workspaceId: WorkspaceId, memberId: MemberId): number;
  /** Net points each member earned from one round, highest first. */
  pointsByRound(roundId: RoundId): { memberId: MemberId; displayName: string; points: number }[];
}

export interface EventRepo {
  /**
   * Claims a delivery for `owner` (this process instance). False when it is done, or in flight
   * in this instance; an unfinished claim of another (crashed) instance is taken over.
   */
  claim(platform: Platform, deliveryId: string, owner: string, now: number, done?: boolean): boolean;
  markDone(platform: Platform, deliveryId: string, now: number): void;
  forget(platform: Platform, deliveryId: string): void;
  prune(before: number): number;
}

export interface SuggestionRepo {
  add(input: { workspaceId: WorkspaceId; memberId: MemberId; text: string; category: string; now: number }): Suggestion;
  listPending(workspaceId: WorkspaceId): Suggestion[];
  get(id: number): Suggestion | undefined;
  decide(id: number, status: 'approved' | 'rejected', questionId: string | null, now: number): boolean;
  listByMember(memberId: MemberId): Suggestion[];
  removeForMember(memberId: MemberId): void;
}

export interface MetaRepo {
  get(key: string): string | undefined;
  set(key: string, value: string, now: number): void;
  remove(key: string): void;
  removePrefix(prefix: string): void;
}
