import type { PeerReviewRepo } from '../../core/store.js';
import type { Db } from '../db.js';
import { rowStatement } from '../row-statement.js';
import { coveredText, toPeerReview } from '../rows.js';
import { peerReviews } from '../schema/index.js';
import type { Sync } from '../sync-repos.js';

export function peerReviewRepo(db: Db): Sync<PeerReviewRepo> {
  const c = db.$client;
  const insertStmt = c.prepare(
    `INSERT INTO peer_reviews (answer_id, reviewer_id, round_id, covered, comment, points, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (answer_id, reviewer_id) DO NOTHING`,
  );
  const updateStmt = c.prepare('UPDATE peer_reviews SET covered = ?, comment = ?, updated_at = ? WHERE answer_id = ? AND reviewer_id = ?');
  const findStmt = rowStatement(db, peerReviews, 'answer_id = ? AND reviewer_id = ?');
  const byAnswerStmt = rowStatement(db, peerReviews, 'answer_id = ? ORDER BY created_at, reviewer_id');
  const byRoundStmt = rowStatement(db, peerReviews, 'round_id = ? ORDER BY created_at, reviewer_id');
  const byReviewerStmt = rowStatement(db, peerReviews, 'reviewer_id = ? ORDER BY created_at, answer_id');
  const forAuthorStmt = rowStatement(
    db,
    peerReviews,
    'answer_id IN (SELECT id FROM answers WHERE member_id = ?) ORDER BY created_at, answer_id, reviewer_id',
  );
  const pointedStmt = c.prepare('SELECT count(*) FROM peer_reviews WHERE reviewer_id = ? AND round_id = ? AND points > 0').pluck();
  const removeStmt = c.prepare('DELETE FROM peer_reviews WHERE answer_id = ? AND reviewer_id = ?');
  return {
    insert(r) {
      const { changes } = insertStmt.run(
        r.answerId,
        r.reviewerId,
        r.roundId,
        coveredText(r.covered),
        r.comment,
        r.points,
        r.createdAt,
        r.createdAt,
      );
      return changes ? { ...r, covered: [...r.covered], updatedAt: r.createdAt } : undefined;
    },
    update(answerId, reviewerId, covered, comment, now) {
      updateStmt.run(coveredText(covered), comment, now, answerId, reviewerId);
    },
    find(answerId, reviewerId) {
      const r = findStmt.get(answerId, reviewerId);
      return r && toPeerReview(r);
    },
    listByAnswer: (answerId) => byAnswerStmt.all(answerId).map(toPeerReview),
    listByRound: (roundId) => byRoundStmt.all(roundId).map(toPeerReview),
    listByReviewer: (reviewerId) => byReviewerStmt.all(reviewerId).map(toPeerReview),
    listForAuthor: (memberId) => forAuthorStmt.all(memberId).map(toPeerReview),
    countPointedInRound: (reviewerId, roundId) => pointedStmt.get(reviewerId, roundId) as number,
    remove(answerId, reviewerId) {
      removeStmt.run(answerId, reviewerId);
    },
  };
}
