import { and, asc, desc, eq, inArray, isNull, lte, min, sql } from 'drizzle-orm';
import type { QuizAccuracy, QuizStore, ReviewCard } from '../../core/quiz/quiz-store.js';
import type { Db } from '../db.js';
import type { Sync } from '../sync-repos.js';
import { challengeResponses, challenges, questions, quizAttempts, reviews } from '../schema/index.js';
import { toAttempt, toChallenge } from '../rows.js';

/** Statuses listed explicitly (not `<> 'ended'`) so the (status, ends_at) index is used. */
const NOT_ENDED = ['posting', 'running', 'closing'];
const TAKING_CLICKS = ['posting', 'running'];

export function quizRepo(db: Db): Sync<QuizStore> {
  return {
    card(memberId, questionId) {
      return db
        .select()
        .from(reviews)
        .where(and(eq(reviews.memberId, memberId), eq(reviews.questionId, questionId)))
        .get() as ReviewCard | undefined;
    },
    saveCard(card) {
      db.insert(reviews)
        .values(card)
        .onConflictDoUpdate({ target: [reviews.memberId, reviews.questionId], set: card })
        .run();
    },
    cardQuestionIds(memberId) {
      return new Set(
        db
          .select({ id: reviews.questionId })
          .from(reviews)
          .where(eq(reviews.memberId, memberId))
          .all()
          .map((r) => r.id),
      );
    },
    dueCards(memberId, now, limit) {
      return db
        .select({ r: reviews })
        .from(reviews)
        .innerJoin(questions, eq(questions.id, reviews.questionId))
        .where(and(eq(reviews.memberId, memberId), lte(reviews.due, now), isNull(questions.retiredAt)))
        .orderBy(asc(reviews.due), asc(reviews.questionId))
        .limit(limit)
        .all()
        .map((x) => x.r);
    },
    countDue(memberId, now) {
      return (
        db
          .select({ n: sql<number>`count(*)` })
          .from(reviews)
          .innerJoin(questions, eq(questions.id, reviews.questionId))
          .where(and(eq(reviews.memberId, memberId), lte(reviews.due, now), isNull(questions.retiredAt)))
          .get()?.n ?? 0
      );
    },
    nextDue(memberId) {
      return (
        db
          .select({ t: min(reviews.due) })
          .from(reviews)
          .innerJoin(questions, eq(questions.id, reviews.questionId))
          .where(and(eq(reviews.memberId, memberId), isNull(questions.retiredAt)))
          .get()?.t ?? undefined
      );
    },
    startAttempt(input) {
      return toAttempt(
        db
          .insert(quizAttempts)
          .values({ ...input, choiceOrder: JSON.stringify(input.choiceOrder) })
          .returning()
          .get(),
      );
    },
    attempt(id) {
      const r = db.select().from(quizAttempts).where(eq(quizAttempts.id, id)).get();
      return r ? toAttempt(r) : undefined;
    },
    latestAttempt(memberId) {
      const r = db.select().from(quizAttempts).where(eq(quizAttempts.memberId, memberId)).orderBy(desc(quizAttempts.id)).get();
      return r ? toAttempt(r) : undefined;
    },
    finishAttempt(id, o) {
      return (
        db
          .update(quizAttempts)
          .set({ chosen: o.chosen, isCorrect: o.isCorrect, rating: o.rating, answeredAt: o.now })
          .where(and(eq(quizAttempts.id, id), isNull(quizAttempts.answeredAt)))
          .run().changes === 1
      );
    },
    markRevealed(id, now) {
      return (
        db
          .update(quizAttempts)
          .set({ revealedAt: now })
          .where(and(eq(quizAttempts.id, id), isNull(quizAttempts.revealedAt)))
          .run().changes === 1
      );
    },
    accuracy(memberId) {
      return db.$client
        .prepare(
          `SELECT q.category AS category, count(*) AS answered,
                  SUM(CASE WHEN a.is_correct = 1 OR (a.is_correct IS NULL AND a.rating >= 3) THEN 1 ELSE 0 END) AS correct,
                  SUM(CASE WHEN a.kind = 'review' THEN 1 ELSE 0 END) AS reviews,
                  SUM(CASE WHEN a.kind = 'review' AND (a.is_correct = 1 OR (a.is_correct IS NULL AND a.rating >= 3)) THEN 1 ELSE 0 END) AS reviewsCorrect
             FROM quiz_attempts a JOIN questions q ON q.id = a.question_id
            WHERE a.member_id = ? AND a.answered_at IS NOT NULL
            GROUP BY q.category ORDER BY q.category`,
        )
        .all(memberId) as QuizAccuracy[];
    },
    createChallenge(input) {
      return toChallenge(
        db
          .insert(challenges)
          .values({ ...input, choiceOrder: JSON.stringify(input.choiceOrder), status: 'posting' })
          .returning()
          .get(),
      );
    },
    challenge(id) {
      const r = db.select().from(challenges).where(eq(challenges.id, id)).get();
      return r ? toChallenge(r) : undefined;
    },
    setChallengePosted(id, ref) {
      db.update(challenges)
        .set({ messageRef: ref, status: 'running' })
        .where(and(eq(challenges.id, id), eq(challenges.status, 'posting')))
        .run();
    },
    closeChallenge(id) {
      return (
        db
          .update(challenges)
          .set({ status: 'closing' })
          .where(and(eq(challenges.id, id), inArray(challenges.status, TAKING_CLICKS)))
          .run().changes === 1
      );
    },
    finishChallenge(id) {
      db.update(challenges).set({ status: 'ended' }).where(eq(challenges.id, id)).run();
    },
    runningChallenges() {
      return db
        .select()
        .from(challenges)
        .where(inArray(challenges.status, NOT_ENDED))
        .orderBy(challenges.endsAt, challenges.id)
        .all()
        .map(toChallenge);
    },
    liveChallenge(channelId) {
      const r = db
        .select()
        .from(challenges)
        .where(and(eq(challenges.channelId, channelId), inArray(challenges.status, TAKING_CLICKS)))
        .get();
      return r ? toChallenge(r) : undefined;
    },
    latestChallenge(channelId) {
      const r = db.select().from(challenges).where(eq(challenges.channelId, channelId)).orderBy(desc(challenges.id)).get();
      return r ? toChallenge(r) : undefined;
    },
    respond(challengeId, resp) {
      return (
        db
          .insert(challengeResponses)
          .values({ challengeId, ...resp })
          .onConflictDoNothing()
          .run().changes === 1
      );
    },
    responsesOf(memberId) {
      return db
        .select({
          challengeId: challengeResponses.challengeId,
          questionId: challenges.questionId,
          memberId: challengeResponses.memberId,
          chosen: challengeResponses.chosen,
          isCorrect: challengeResponses.isCorrect,
          at: challengeResponses.at,
        })
        .from(challengeResponses)
        .innerJoin(challenges, eq(challenges.id, challengeResponses.challengeId))
        .where(eq(challengeResponses.memberId, memberId))
        .orderBy(challengeResponses.at, challengeResponses.id)
        .all();
    },
    responses(challengeId) {
      return (
        db
          .select({
            memberId: challengeResponses.memberId,
            chosen: challengeResponses.chosen,
            isCorrect: challengeResponses.isCorrect,
            at: challengeResponses.at,
          })
          .from(challengeResponses)
          .where(eq(challengeResponses.challengeId, challengeId))
          // Arrival order: by the time recorded, then by the autoincrement id (two clicks in the same
          // millisecond keep the order they were recorded in), never by the member id.
          .orderBy(challengeResponses.at, challengeResponses.id)
          .all()
      );
    },
  };
}
