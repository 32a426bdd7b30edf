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
  status: 'posting' | 'running' | 'ended';
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

/** Storage for drills, reviews and challenges. */
export interface QuizStore {
  card(memberId: MemberId, questionId: QuestionId): ReviewCard | undefined;
  saveCard(card: ReviewCard): void;
  /** Due cards, oldest due first. */
  dueCards(memberId: MemberId, now: number, limit: number): ReviewCard[];
  countDue(memberId: MemberId, now: number): number;
  nextDue(memberId: MemberId): number | undefined;
  startAttempt(input: Omit<QuizAttempt, 'id' | 'chosen' | 'isCorrect' | 'rating' | 'revealedAt' | 'answeredAt'>): QuizAttempt;
  attempt(id: number): QuizAttempt | undefined;
  latestAttempt(memberId: MemberId): QuizAttempt | undefined;
  /** Sets the outcome once; false when it already had one. */
  finishAttempt(id: number, outcome: { chosen: number | null; isCorrect: boolean | null; rating: number | null; now: number }): boolean;
  markRevealed(id: number, now: number): boolean;
  /** Answered attempts per category: [category, answered, correct, reviews]. */
  accuracy(memberId: MemberId): { category: string; answered: number; correct: number; reviews: number }[];
  createChallenge(input: Omit<Challenge, 'id' | 'messageRef' | 'status'>): Challenge;
  challenge(id: number): Challenge | undefined;
  setChallengePosted(id: number, ref: MessageRef): void;
  /** Moves a running challenge to ended; false when it already was. */
  endChallenge(id: number): boolean;
  runningChallenges(): Challenge[];
  liveChallenge(channelId: ChannelId): Challenge | undefined;
  respond(challengeId: number, response: ChallengeResponse): boolean;
  responses(challengeId: number): ChallengeResponse[];
}
