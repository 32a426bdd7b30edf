import type { ChannelRef, MessageRef, Platform, UserRef, WorkspaceRef } from './refs.js';
import type {
  Answer,
  AnswerId,
  AnswerSource,
  Award,
  Channel,
  ChannelId,
  Installation,
  ChannelSettings,
  Member,
  MemberId,
  Pack,
  PeerReview,
  Question,
  QuestionId,
  Round,
  RoundId,
  RoundMode,
  RoundStatus,
  Suggestion,
  Vote,
  Workspace,
  WorkspaceId,
  WorkspaceSettings,
} from './types.js';
import type { QuizStore } from './quiz/quiz-store.js';
import type { DashboardRepo } from './dashboard-store.js';

/** The parts of an answer, its round and its channel that casting a vote reads. */
export interface VoteTarget {
  answer: Pick<Answer, 'id' | 'memberId' | 'roundId'>;
  round: Pick<Round, 'id' | 'status' | 'mode' | 'questionId' | 'channelId'>;
  channel: Pick<Channel, 'voteEmoji' | 'voteCap' | 'workspaceId'>;
  pointedVotes: number;
  /** The reacting member's latest cast on the answer, read with the count; undefined when they never voted on it. */
  lastCast: LastCast | undefined;
}

/** A voter's latest cast of a vote on one answer: standing, or retracted (the next cast may follow). */
export interface LastCast {
  casts: number;
  standing: boolean;
}

/**
 * Hands a transaction a write to make after its function has returned, just before the commit:
 * for a write nothing in the transaction reads back. The store issues such writes together with
 * the commit (a pipelining store sends them all in one round trip), and a failed one rolls the
 * transaction back. Such a write is one repository call: it issues its statements when called.
 */
export type CommitWith = (write: () => Promise<unknown>) => void;

/** Everything a transaction can read and write, one repository per aggregate. */
export interface Repos {
  workspaces: WorkspaceRepo;
  installations: InstallationRepo;
  members: MemberRepo;
  channels: ChannelRepo;
  content: ContentRepo;
  rounds: RoundRepo;
  answers: AnswerRepo;
  votes: VoteRepo;
  peerReviews: PeerReviewRepo;
  scores: ScoreRepo;
  deliveries: DeliveryRepo;
  outbox: OutboxRepo;
  suggestions: SuggestionRepo;
  meta: MetaRepo;
  quiz: QuizStore;
  /** Read-only views for the web dashboard. */
  dashboard: DashboardRepo;
}

/**
 * Storage as the core needs it, whatever the engine. `tx` runs `fn` in one transaction: it
 * commits when the promise resolves and rolls back when it rejects, and the promise `tx`
 * returns settles only after that. `fn` awaits nothing but the repositories it is handed
 * (never the network), and those repositories are valid only until it settles.
 */
export interface Store {
  /** Runs `fn` as one transaction: once `fn` resolves, the writes it gave `commitWith` run, and then it commits. */
  tx<T>(fn: (db: Repos, commitWith: CommitWith) => Promise<T>): Promise<T>;
  /** Finishes the transactions already started and closes the engine; later calls fail. */
  close(): Promise<void>;
}

export interface WorkspaceRepo {
  ensure(input: {
    platform: Platform;
    ref: WorkspaceRef;
    name: string;
    timezone: string;
    settings: WorkspaceSettings;
    now: number;
  }): Promise<Workspace>;
  findByRef(platform: Platform, ref: WorkspaceRef): Promise<Workspace | undefined>;
  /** The workspace with one of its members, in one read (as DeliveryRepo.start reads them). */
  findWithMember(
    platform: Platform,
    ref: WorkspaceRef,
    userRef: UserRef,
  ): Promise<{ workspace: Workspace; member: Member | undefined } | undefined>;
  get(id: WorkspaceId): Promise<Workspace>;
  saveSettings(id: WorkspaceId, settings: WorkspaceSettings): Promise<void>;
  setStatus(id: WorkspaceId, status: Workspace['status']): Promise<void>;
  setTimezone(id: WorkspaceId, timezone: string): Promise<void>;
  startSeason(id: WorkspaceId): Promise<number>;
}

/** App installations, one per (platform, workspace); a reinstall replaces the earlier one. */
export interface InstallationRepo {
  save(installation: Installation): Promise<void>;
  find(platform: Platform, workspace: WorkspaceRef): Promise<Installation | undefined>;
  /** False when there was none. */
  remove(platform: Platform, workspace: WorkspaceRef): Promise<boolean>;
}

export interface MemberRepo {
  /** Inserts or refreshes the display name; returns the row. */
  ensure(workspaceId: WorkspaceId, user: { ref: UserRef; name: string; isBot: boolean }, now: number): Promise<Member>;
  get(id: MemberId): Promise<Member>;
  findByRef(workspaceId: WorkspaceId, ref: UserRef): Promise<Member | undefined>;
  /** Matches a raw platform id typed by a member against stored refs ("U1" finds "slack:U1"). */
  findByRawId(workspaceId: WorkspaceId, rawId: string): Promise<Member | undefined>;
  findByName(workspaceId: WorkspaceId, name: string): Promise<Member | undefined>;
  setNudge(id: MemberId, on: boolean): Promise<void>;
  listNudged(): Promise<Member[]>;
  /** Deletes the member and, by cascade, everything keyed to them. */
  remove(id: MemberId): Promise<void>;
}

export interface ChannelRepo {
  findByRef(workspaceId: WorkspaceId, ref: ChannelRef): Promise<Channel | undefined>;
  get(id: ChannelId): Promise<Channel>;
  upsert(input: { workspaceId: WorkspaceId; ref: ChannelRef; name: string; settings: ChannelSettings; now: number }): Promise<Channel>;
  setPaused(id: ChannelId, paused: boolean, now: number): Promise<void>;
  /** Channels of active workspaces that are not paused. */
  listScheduled(): Promise<Channel[]>;
  listForWorkspace(workspaceId: WorkspaceId): Promise<Channel[]>;
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
  loadPack(input: PackInput, now: number, opts?: { retireMissing: boolean }): Promise<{ added: number; updated: number; retired: number }>;
  addQuestion(packId: string, question: Omit<Question, 'retiredAt' | 'packId'>, now: number): Promise<void>;
  ensurePack(pack: Pack, now: number): Promise<void>;
  get(id: QuestionId): Promise<Question | undefined>;
  listPacks(workspaceId: WorkspaceId): Promise<(Pack & { enabled: boolean; questionCount: number })[]>;
  setPackEnabled(workspaceId: WorkspaceId, packId: string, enabled: boolean): Promise<void>;
  /** Active questions from the workspace's enabled packs. */
  listEligible(
    workspaceId: WorkspaceId,
    filter: { type?: Question['type']; categories?: string[]; difficulty?: string },
  ): Promise<Question[]>;
  categories(): Promise<string[]>;
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
  }): Promise<Round | undefined>;
  get(id: RoundId): Promise<Round>;
  findBySlot(channelId: ChannelId, slot: string): Promise<Round | undefined>;
  findByMessage(ref: MessageRef): Promise<Round | undefined>;
  /** The channel's round that is still taking answers or votes. */
  findLive(channelId: ChannelId): Promise<Round | undefined>;
  markPosted(id: RoundId, ref: MessageRef): Promise<void>;
  setSummaryRef(id: RoundId, ref: MessageRef): Promise<void>;
  setStatus(id: RoundId, from: RoundStatus[], to: RoundStatus, now: number): Promise<boolean>;
  listDue(status: RoundStatus, field: 'closesAt' | 'revealAt', now: number): Promise<Round[]>;
  /** Earliest pending close/reveal time, for the playground's clock. */
  nextDueTime(): Promise<number | undefined>;
  /** Each question the channel has used, with when it was last used. */
  questionUse(channelId: ChannelId): Promise<{ questionId: QuestionId; lastAt: number }[]>;
  /** Closed or live scheduled rounds of a channel, newest first. */
  scheduledHistory(channelId: ChannelId, limit: number): Promise<Round[]>;
}

export interface AnswerRepo {
  insert(input: {
    roundId: RoundId;
    memberId: MemberId;
    text: string;
    source: AnswerSource;
    messageRef: MessageRef | null;
    now: number;
  }): Promise<Answer | undefined>;
  get(id: AnswerId): Promise<Answer | undefined>;
  findByMember(roundId: RoundId, memberId: MemberId): Promise<Answer | undefined>;
  findByMessage(ref: MessageRef): Promise<Answer | undefined>;
  /**
   * What a reaction on a message needs to become a vote, in one read (every reaction asks): the
   * answer behind it, the round's state, the channel's voting rules and how many of the answer's
   * votes earned points, and the latest cast of `voter` (a member of the answer's workspace) on it.
   * A store whose transactions run side by side reads the count and the cast under a lock on the
   * answer that every vote on it takes, so both stay true until the transaction ends.
   */
  findVoteTarget(ref: MessageRef, voter: UserRef): Promise<VoteTarget | undefined>;
  setPostedRef(id: AnswerId, ref: MessageRef): Promise<void>;
  updateText(id: AnswerId, text: string, now: number): Promise<void>;
  remove(id: AnswerId): Promise<void>;
  listByRound(roundId: RoundId): Promise<(Answer & { votes: number; authorName: string; authorRef: UserRef })[]>;
  listForMember(memberId: MemberId): Promise<Answer[]>;
  countsForMember(memberId: MemberId): Promise<{ answers: number; votesReceived: number }>;
  /** Which of the given rounds the member answered. */
  answeredRounds(memberId: MemberId, roundIds: RoundId[]): Promise<Set<RoundId>>;
}

export interface VoteRepo {
  /**
   * Writes `vote` as its voter's cast number `casts` on the answer: the first one, or the one
   * after a retracted cast. Fails when that is not the next cast (one stands, or came first).
   */
  insert(vote: Vote & { now: number }): Promise<void>;
  /** The voter's latest cast on the answer, standing or retracted (see `countPointed` for the lock). */
  lastCast(answerId: AnswerId, voterId: MemberId): Promise<LastCast | undefined>;
  /** The voter's standing vote on the answer. */
  find(answerId: AnswerId, voterId: MemberId): Promise<Vote | undefined>;
  /** Takes a standing vote back; the voter may cast it again later (as the next cast). */
  retract(answerId: AnswerId, voterId: MemberId, now: number): Promise<void>;
  /** Deletes the vote row outright (its answer or voter is being erased). */
  remove(answerId: AnswerId, voterId: MemberId): Promise<void>;
  listByAnswer(answerId: AnswerId): Promise<Vote[]>;
  countForAnswer(answerId: AnswerId): Promise<number>;
  /** How many of the answer's votes earned points; a store whose transactions run side by side first locks the answer (see findVoteTarget). */
  countPointed(answerId: AnswerId): Promise<number>;
  countByVoterInRound(voterId: MemberId, roundId: RoundId): Promise<number>;
  listByVoter(voterId: MemberId): Promise<Vote[]>;
}

/** Peer reviews of answers: one per reviewer and answer. */
export interface PeerReviewRepo {
  /** Records a first review; undefined when this reviewer's review of the answer already exists. */
  insert(input: Omit<PeerReview, 'updatedAt'>): Promise<PeerReview | undefined>;
  /** Changes what a standing review says (its points stay). */
  update(answerId: AnswerId, reviewerId: MemberId, covered: number[], comment: string, now: number): Promise<void>;
  find(answerId: AnswerId, reviewerId: MemberId): Promise<PeerReview | undefined>;
  listByAnswer(answerId: AnswerId): Promise<PeerReview[]>;
  listByRound(roundId: RoundId): Promise<PeerReview[]>;
  listByReviewer(reviewerId: MemberId): Promise<PeerReview[]>;
  /** Reviews on the member's answers, oldest first. */
  listForAuthor(memberId: MemberId): Promise<PeerReview[]>;
  /** How many of the reviewer's reviews in the round earned points (the per-round cap reads it). */
  countPointedInRound(reviewerId: MemberId, roundId: RoundId): Promise<number>;
  remove(answerId: AnswerId, reviewerId: MemberId): Promise<void>;
}

export interface ScoreRepo {
  /** Appends to the ledger and updates totals; false when the award key was already used. */
  award(award: Award): Promise<boolean>;
  hasAward(awardKey: string): Promise<boolean>;
  top(
    workspaceId: WorkspaceId,
    period: string,
    category: string,
    limit: number,
  ): Promise<{ memberId: MemberId; displayName: string; points: number }[]>;
  /** Competition rank (1 + members with strictly more points) and points; undefined without points. */
  rankOf(
    workspaceId: WorkspaceId,
    period: string,
    category: string,
    memberId: MemberId,
  ): Promise<{ rank: number; points: number } | undefined>;
  /** rankOf with how many members have a standing on that board, read together (one statement on PostgreSQL). */
  standing(
    workspaceId: WorkspaceId,
    period: string,
    category: string,
    memberId: MemberId,
  ): Promise<{ rank: number; points: number; ranked: number } | undefined>;
  /** Recomputes totals from the ledger; returns the rows that differed before the rebuild. */
  rebuildTotals(
    workspaceId: WorkspaceId,
  ): Promise<{ memberId: MemberId; period: string; category: string; before: number; after: number }[]>;
  ledgerFor(memberId: MemberId): Promise<Award[]>;
  sumLedger(workspaceId: WorkspaceId, memberId: MemberId): Promise<number>;
  /** Net points each member earned from one round, highest first. */
  pointsByRound(roundId: RoundId): Promise<{ memberId: MemberId; displayName: string; points: number }[]>;
}

/** A delivery accepted but not handled yet, as `accept` stored it. */
export interface AcceptedDelivery {
  platform: Platform;
  deliveryId: string;
  payload: string;
  at: number;
}

/** What `DeliveryRepo.start` claims and reads for one delivery. */
export interface DeliveryStartInput {
  platform: Platform;
  /** Claimed when present; a delivery without one cannot repeat. */
  deliveryId: string | undefined;
  now: number;
  workspace: WorkspaceRef;
  /** The acting user: their member is read with the workspace, and their last cast with a vote target. */
  actor: UserRef;
  /** A reaction's message: what it would vote on is read too (see AnswerRepo.findVoteTarget). */
  reactionOn: MessageRef | undefined;
}

export interface DeliveryStart {
  /** False when the delivery was handled before: the reads are then of no use. */
  claimed: boolean;
  /** The event's workspace, with the acting member when stored (see WorkspaceRepo.findWithMember). */
  found: { workspace: Workspace; member: Member | undefined } | undefined;
  /** With `reactionOn`: the vote target, or null when the message is no answer. */
  voteTarget?: VoteTarget | null;
}

/** Platform deliveries seen, so that a repeated delivery changes nothing. */
export interface DeliveryRepo {
  /**
   * A delivery's claim and the reads every delivery starts with, in one call (every delivery
   * makes it, so a store may answer it in one statement): `claim`, `findWithMember` and, for a
   * reaction, `findVoteTarget`, with their meanings.
   */
  start(input: DeliveryStartInput): Promise<DeliveryStart>;
  /**
   * Records the delivery as handled; false when it was handled before. A delivery only
   * accepted so far is claimed by this call (its transaction then does the work).
   */
  claim(platform: Platform, deliveryId: string, now: number): Promise<boolean>;
  /** Stores a raw delivery to be handled later; false when it is stored or handled already. */
  accept(platform: Platform, deliveryId: string, payload: string, now: number): Promise<boolean>;
  /** Accepted, unhandled deliveries that arrived before `before`, oldest first. */
  listAccepted(before: number, limit: number): Promise<AcceptedDelivery[]>;
  prune(before: number): Promise<number>;
}

/** One outbound message waiting in the outbox, as `claimDue` hands it out. */
export interface OutboxEntry {
  id: number;
  workspaceId: WorkspaceId;
  /** The message and what follows its sending, as JSON (see core/outbox.ts). */
  item: string;
  attempts: number;
  createdAt: number;
  /** True when an earlier claim of it ran out (the sender may have died mid-send). */
  isRetry: boolean;
}

/** Messages recorded by committed transactions, sent after the commit (the transactional outbox). */
export interface OutboxRepo {
  add(workspaceId: WorkspaceId, item: string, now: number): Promise<number>;
  /**
   * Leases up to `limit` due messages to `owner` until `leaseUntil`, oldest first. Messages
   * leased to another owner are skipped until that lease runs out.
   */
  claimDue(owner: string, now: number, leaseUntil: number, limit: number): Promise<OutboxEntry[]>;
  markSent(id: number, ref: MessageRef | null, now: number): Promise<void>;
  /** Ends the lease after a failed send: retried at `retryAt`, or given up when it is null. */
  recordFailure(id: number, retryAt: number | null): Promise<void>;
  /** Ends the lease without counting an attempt (what the message waits for is not there yet). */
  postpone(id: number, retryAt: number): Promise<void>;
  countPending(): Promise<number>;
  /** The earliest time a pending message is due, for simulated clocks. */
  nextDueAt(): Promise<number | undefined>;
}

export interface SuggestionRepo {
  add(input: { workspaceId: WorkspaceId; memberId: MemberId; text: string; category: string; now: number }): Promise<Suggestion>;
  listPending(workspaceId: WorkspaceId): Promise<Suggestion[]>;
  get(id: number): Promise<Suggestion | undefined>;
  decide(id: number, status: 'approved' | 'rejected', questionId: string | null, now: number): Promise<boolean>;
  listByMember(memberId: MemberId): Promise<Suggestion[]>;
  removeForMember(memberId: MemberId): Promise<void>;
}

export interface MetaRepo {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, now: number): Promise<void>;
  /**
   * Writes `key` only when it is absent and says whether this call wrote it: of several
   * transactions claiming one key at once, on any engine, exactly one gets true.
   */
  claim(key: string, value: string, now: number): Promise<boolean>;
  remove(key: string): Promise<void>;
  removePrefix(prefix: string): Promise<void>;
  /** Every key starting with `prefix`, with its value. */
  entries(prefix: string): Promise<[string, string][]>;
}
