import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { PeerReviewRepo } from '../../../core/store.js';
import { coveredText, toPeerReview } from '../../rows.js';
import type { PgDb } from '../db.js';
import { answers, peerReviews } from '../schema.js';

export function peerReviewRepo(db: PgDb): PeerReviewRepo {
  const ordered = (where: ReturnType<typeof eq>) =>
    db.select().from(peerReviews).where(where).orderBy(asc(peerReviews.createdAt), asc(peerReviews.answerId), asc(peerReviews.reviewerId));
  return {
    async insert(r) {
      const rows = await db
        .insert(peerReviews)
        .values({ ...r, covered: coveredText(r.covered), updatedAt: r.createdAt })
        .onConflictDoNothing({ target: [peerReviews.answerId, peerReviews.reviewerId] })
        .returning();
      return rows[0] && toPeerReview(rows[0]);
    },
    async update(answerId, reviewerId, covered, comment, now) {
      await db
        .update(peerReviews)
        .set({ covered: coveredText(covered), comment, updatedAt: now })
        .where(and(eq(peerReviews.answerId, answerId), eq(peerReviews.reviewerId, reviewerId)));
    },
    async find(answerId, reviewerId) {
      const [r] = await db
        .select()
        .from(peerReviews)
        .where(and(eq(peerReviews.answerId, answerId), eq(peerReviews.reviewerId, reviewerId)));
      return r && toPeerReview(r);
    },
    listByAnswer: async (answerId) => (await ordered(eq(peerReviews.answerId, answerId))).map(toPeerReview),
    listByRound: async (roundId) => (await ordered(eq(peerReviews.roundId, roundId))).map(toPeerReview),
    listByReviewer: async (reviewerId) => (await ordered(eq(peerReviews.reviewerId, reviewerId))).map(toPeerReview),
    async listForAuthor(memberId) {
      const own = db.select({ id: answers.id }).from(answers).where(eq(answers.memberId, memberId));
      return (await ordered(inArray(peerReviews.answerId, own) as ReturnType<typeof eq>)).map(toPeerReview);
    },
    async countPointedInRound(reviewerId, roundId) {
      // Transactions run side by side here: the reviewer's row is locked so two reviews given at
      // once cannot both read a count under the cap (see the vote cap in rounds.ts).
      await db.execute(sql`SELECT 1 FROM members WHERE id = ${reviewerId} FOR NO KEY UPDATE`);
      const { rows } = await db.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM peer_reviews WHERE reviewer_id = ${reviewerId} AND round_id = ${roundId} AND points > 0`,
      );
      return rows[0]!.n;
    },
    async remove(answerId, reviewerId) {
      await db.delete(peerReviews).where(and(eq(peerReviews.answerId, answerId), eq(peerReviews.reviewerId, reviewerId)));
    },
  };
}
