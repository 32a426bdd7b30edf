import type { MessageRef } from '../refs.js';
import type { ChannelId, MemberId, QuestionId } from '../types.js';

export interface ReviewCard {
  memberId: MemberId;
  questionId: QuestionId;
  /** Serialised ts-fsrs card. */
  card: string;
  due: number;
  reps: number;
  lapses: number;
  lastReviewAt: number | null;
}

export type AttemptKind = 'drill' | 'review';

export interface QuizAttempt {
  id: number;
  memberId: MemberId;
  questionId: QuestionId;
  kind: AttemptKind;
  choiceOrder: number[];
  chosen: number | null;
  isCorrect: boolean | null;
  rating: number | null;
  revealedAt: number | null;
  createdAt: number;
  answeredAt: number | null;
}

export interface Challenge {
  id: number;
  channelId: ChannelId;
  questionId: QuestionId;
  choiceOrder: number[];
  /** posting → running → closing (points awarded, results not yet posted) → ended. */
  status: 'posting' | 'running' | 'closing' | 'ended';
  messageRef: MessageRef | null;
  startedAt: number;
  endsAt: number;
}

export interface ChallengeResponse {
  memberId: MemberId;
  chosen: number;
  isCorrect: boolean;
  at: number;
}

export interface QuizAccuracy {
  category: string;
  answered: number;
  correct: number;
  reviews: number;
  reviewsCorrect: number;
}

/** Storage for drills, reviews and challenges. */
export interface QuizStore {
  card(memberId: MemberId, questionId: QuestionId): Promise<ReviewCard | undefined>;
  saveCard(card: ReviewCard): Promise<void>;
  /** Ids of every question the member has a card for (has answered at least once). */
  cardQuestionIds(memberId: MemberId): Promise<Set<QuestionId>>;
  /** Due cards, oldest due first. */
  dueCards(memberId: MemberId, now: number, limit: number): Promise<ReviewCard[]>;
  countDue(memberId: MemberId, now: number): Promise<number>;
  /** Earliest due time among the member's cards on active questions. */
  nextDue(memberId: MemberId): Promise<number | undefined>;
  startAttempt(input: Omit<QuizAttempt, 'id' | 'chosen' | 'isCorrect' | 'rating' | 'revealedAt' | 'answeredAt'>): Promise<QuizAttempt>;
  attempt(id: number): Promise<QuizAttempt | undefined>;
  latestAttempt(memberId: MemberId): Promise<QuizAttempt | undefined>;
  /** Sets the outcome once; false when it already had one. */
  finishAttempt(
    id: number,
    outcome: { chosen: number | null; isCorrect: boolean | null; rating: number | null; now: number },
  ): Promise<boolean>;
  markRevealed(id: number, now: number): Promise<boolean>;
  /** Answered attempts per category; `reviewsCorrect` are reviews answered right or graded Good/Easy. */
  accuracy(memberId: MemberId): Promise<QuizAccuracy[]>;
  createChallenge(input: Omit<Challenge, 'id' | 'messageRef' | 'status'>): Promise<Challenge>;
  challenge(id: number): Promise<Challenge | undefined>;
  setChallengePosted(id: number, ref: MessageRef): Promise<void>;
  /** Claims the end of a posting or running challenge (→ closing); false when already claimed. */
  closeChallenge(id: number): Promise<boolean>;
  /** Marks a challenge ended once its results are out (or it was abandoned). */
  finishChallenge(id: number): Promise<void>;
  /** Challenges not ended yet (posting, running or closing), soonest end first. */
  runningChallenges(): Promise<Challenge[]>;
  /** The channel's challenge still taking clicks (posting or running). */
  liveChallenge(channelId: ChannelId): Promise<Challenge | undefined>;
  /** The channel's most recent challenge of any status. */
  latestChallenge(channelId: ChannelId): Promise<Challenge | undefined>;
  respond(challengeId: number, response: ChallengeResponse): Promise<boolean>;
  /** The challenge's clicks in the order they were recorded (arrival order, never the member id). */
  responses(challengeId: number): Promise<ChallengeResponse[]>;
  /** Every challenge pick of one member, oldest first (for `/dojo export`). */
  responsesOf(memberId: MemberId): Promise<(ChallengeResponse & { challengeId: number; questionId: QuestionId })[]>;
}
