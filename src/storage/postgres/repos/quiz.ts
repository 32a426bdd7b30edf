import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { QuizAccuracy, QuizStore, ReviewCard } from '../../../core/quiz/quiz-store.js';
import type { PgDb } from '../db.js';
import { challengeResponses, challenges, questions, quizAttempts, reviews } from '../schema.js';
import { toAttempt, toChallenge } from '../../rows.js';

/** Statuses listed explicitly (not `<> 'ended'`) so the (status, ends_at) index is used. */
const NOT_ENDED = ['posting', 'running', 'closing'];
const TAKING_CLICKS = ['posting', 'running'];

export function quizRepo(db: PgDb): QuizStore {
  const dueWhere = (memberId: number, now?: number) =>
    and(eq(reviews.memberId, memberId), now === undefined ? undefined : lte(reviews.due, now), isNull(questions.retiredAt));
  return {
    async card(memberId, questionId) {
      const [r] = await db
        .select()
        .from(reviews)
        .where(and(eq(reviews.memberId, memberId), eq(reviews.questionId, questionId)));
      return r as ReviewCard | undefined;
    },
    async saveCard(card) {
      await db
        .insert(reviews)
        .values(card)
        .onConflictDoUpdate({ target: [reviews.memberId, reviews.questionId], set: card });
    },
    async cardQuestionIds(memberId) {
      const rows = await db.select({ id: reviews.questionId }).from(reviews).where(eq(reviews.memberId, memberId));
      return new Set(rows.map((r) => r.id));
    },
    async dueCards(memberId, now, limit) {
      const rows = await db
        .select({ r: reviews })
        .from(reviews)
        .innerJoin(questions, eq(questions.id, reviews.questionId))
        .where(dueWhere(memberId, now))
        .orderBy(asc(reviews.due), sql`${reviews.questionId} COLLATE "C"`)
        .limit(limit);
      return rows.map((x) => x.r);
    },
    async countDue(memberId, now) {
      const [r] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(reviews)
        .innerJoin(questions, eq(questions.id, reviews.questionId))
        .where(dueWhere(memberId, now));
      return r?.n ?? 0;
    },
    async nextDue(memberId) {
      const [r] = await db
        .select({ t: sql<number | null>`min(${reviews.due})`.mapWith(Number) })
        .from(reviews)
        .innerJoin(questions, eq(questions.id, reviews.questionId))
        .where(dueWhere(memberId));
      return r?.t ?? undefined;
    },
    async startAttempt(input) {
      const [r] = await db
        .insert(quizAttempts)
        .values({ ...input, choiceOrder: JSON.stringify(input.choiceOrder) })
        .returning();
      return toAttempt(r!);
    },
    async attempt(id) {
      const [r] = await db.select().from(quizAttempts).where(eq(quizAttempts.id, id));
      return r && toAttempt(r);
    },
    async latestAttempt(memberId) {
      const [r] = await db.select().from(quizAttempts).where(eq(quizAttempts.memberId, memberId)).orderBy(desc(quizAttempts.id)).limit(1);
      return r && toAttempt(r);
    },
    async finishAttempt(id, o) {
      const r = await db
        .update(quizAttempts)
        .set({ chosen: o.chosen, isCorrect: o.isCorrect, rating: o.rating, answeredAt: o.now })
        .where(and(eq(quizAttempts.id, id), isNull(quizAttempts.answeredAt)));
      return r.rowCount === 1;
    },
    async markRevealed(id, now) {
      const r = await db
        .update(quizAttempts)
        .set({ revealedAt: now })
        .where(and(eq(quizAttempts.id, id), isNull(quizAttempts.revealedAt)));
      return r.rowCount === 1;
    },
    async accuracy(memberId) {
      const right = sql.raw('(a.is_correct IS TRUE OR (a.is_correct IS NULL AND a.rating >= 3))');
      const { rows } = await db.execute<QuizAccuracy & Record<string, unknown>>(sql`
        SELECT q.category AS category, count(*)::int AS answered,
               SUM(CASE WHEN ${right} THEN 1 ELSE 0 END)::int AS correct,
               SUM(CASE WHEN a.kind = 'review' THEN 1 ELSE 0 END)::int AS reviews,
               SUM(CASE WHEN a.kind = 'review' AND ${right} THEN 1 ELSE 0 END)::int AS "reviewsCorrect"
          FROM quiz_attempts a JOIN questions q ON q.id = a.question_id
         WHERE a.member_id = ${memberId} AND a.answered_at IS NOT NULL
         GROUP BY q.category ORDER BY q.category COLLATE "C"`);
      return rows.map(({ category, answered, correct, reviews, reviewsCorrect }) => ({
        category,
        answered,
        correct,
        reviews,
        reviewsCorrect,
      }));
    },
    async createChallenge(input) {
      const [r] = await db
        .insert(challenges)
        .values({ ...input, choiceOrder: JSON.stringify(input.choiceOrder), status: 'posting' })
        .returning();
      return toChallenge(r!);
    },
    async challenge(id) {
      const [r] = await db.select().from(challenges).where(eq(challenges.id, id));
      return r && toChallenge(r);
    },
    async setChallengePosted(id, ref) {
      await db
        .update(challenges)
        .set({ messageRef: ref, status: 'running' })
        .where(and(eq(challenges.id, id), eq(challenges.status, 'posting')));
    },
    async closeChallenge(id) {
      const r = await db
        .update(challenges)
        .set({ status: 'closing' })
        .where(and(eq(challenges.id, id), inArray(challenges.status, TAKING_CLICKS)));
      return r.rowCount === 1;
    },
    async finishChallenge(id) {
      await db.update(challenges).set({ status: 'ended' }).where(eq(challenges.id, id));
    },
    async runningChallenges() {
      const rows = await db
        .select()
        .from(challenges)
        .where(inArray(challenges.status, NOT_ENDED))
        .orderBy(challenges.endsAt, challenges.id);
      return rows.map(toChallenge);
    },
    async liveChallenge(channelId) {
      const [r] = await db
        .select()
        .from(challenges)
        .where(and(eq(challenges.channelId, channelId), inArray(challenges.status, TAKING_CLICKS)))
        .orderBy(challenges.id)
        .limit(1);
      return r && toChallenge(r);
    },
    async latestChallenge(channelId) {
      const [r] = await db.select().from(challenges).where(eq(challenges.channelId, channelId)).orderBy(desc(challenges.id)).limit(1);
      return r && toChallenge(r);
    },
    async respond(challengeId, resp) {
      const r = await db
        .insert(challengeResponses)
        .values({ challengeId, ...resp })
        .onConflictDoNothing();
      return r.rowCount === 1;
    },
    async responses(challengeId) {
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
          // Arrival order: the time recorded, then the insert order; never the member id.
          .orderBy(challengeResponses.at, challengeResponses.id)
      );
    },
    async responsesOf(memberId) {
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
        .orderBy(challengeResponses.at, challengeResponses.id);
    },
  };
}
