import type { Coverage } from './peer-review-render.js';
import { competitionRanks } from './ranking.js';
import type { AnswerId, RankBy } from './types.js';

/** An answer placed in a round's results. */
export interface Placed<A> {
  answer: A;
  /** Competition rank among the answers that can place; 99 for one that cannot. */
  place: number;
  coverage: Coverage | undefined;
}

/**
 * Orders a round's answers for its summary and top-three points. By votes, equal votes are
 * broken by how many key points the reviews found (an answer needs a vote to place); by
 * coverage, the other way round (an answer needs a review to place). Answers equal on both
 * share a place (1, 2, 2, 4); earlier answers list first among equals.
 */
export function rankAnswers<A extends { id: AnswerId; votes: number; createdAt: number }>(
  list: readonly A[],
  coverage: ReadonlyMap<AnswerId, Coverage>,
  rankBy: RankBy,
): Placed<A>[] {
  const covered = (a: A) => coverage.get(a.id)?.covered.length ?? 0;
  const canPlace = (a: A) => (rankBy === 'coverage' ? (coverage.get(a.id)?.reviews ?? 0) > 0 : a.votes > 0);
  // Votes and key point counts are far below a million, so one number orders by both; answers
  // that cannot place come last.
  const key = (a: A) => (canPlace(a) ? 1e12 : 0) + (rankBy === 'coverage' ? covered(a) * 1e6 + a.votes : a.votes * 1e6 + covered(a));
  const sorted = [...list].sort((a, b) => key(b) - key(a) || a.createdAt - b.createdAt);
  const ranks = competitionRanks(sorted.map(key));
  return sorted.map((answer, i) => ({ answer, place: canPlace(answer) ? ranks[i]! : 99, coverage: coverage.get(answer.id) }));
}
