import { createEmptyCard, fsrs, generatorParameters, Rating, type Grade } from 'ts-fsrs';
import type { MemberId, QuestionId } from '../types.js';
import type { ReviewCard } from './quiz-store.js';

/**
 * Fuzz off: the same answers at the same times always give the same schedule. Short-term
 * (learning) steps off: ts-fsrs's defaults bring a card back after 1 and 10 minutes, made for
 * cramming vocabulary in one sitting; interview practice is a question a day, so a first Good
 * comes back in about three days, Easy in about a week, and even Again waits until tomorrow.
 */
const scheduler = fsrs(generatorParameters({ enable_fuzz: false, enable_short_term: false }));

export const RATINGS = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy } as const;
export const RATING_LABELS: Record<number, string> = { 1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy' };

/** Applies one review outcome (1 Again … 4 Easy) to a member's card, creating it on first sight. */
export function scheduleReview(
  previous: ReviewCard | undefined,
  memberId: MemberId,
  questionId: QuestionId,
  rating: number,
  now: number,
): ReviewCard {
  const card = previous ? JSON.parse(previous.card) : createEmptyCard(new Date(now));
  const next = scheduler.next(card, new Date(now), rating as Grade).card;
  return {
    memberId,
    questionId,
    card: JSON.stringify(next),
    due: next.due.getTime(),
    reps: next.reps,
    lapses: next.lapses,
    lastReviewAt: now,
  };
}
