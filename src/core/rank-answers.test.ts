import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coverageOf } from './peer-review-render.js';
import { rankAnswers } from './rank-answers.js';
import { competitionRanks } from './ranking.js';

const answers = fc.array(fc.record({ votes: fc.nat(6), covered: fc.nat(4), reviews: fc.nat(3) }), { maxLength: 12 });

const build = (list: { votes: number; covered: number; reviews: number }[]) => {
  const rows = list.map((a, i) => ({ id: i + 1, votes: a.votes, createdAt: i }));
  const coverage = new Map(
    list.flatMap((a, i) =>
      a.reviews
        ? [
            [
              i + 1,
              coverageOf(
                Array.from({ length: a.reviews }, () => ({ covered: Array.from({ length: a.covered }, (_, k) => k + 1) })),
                4,
              ),
            ] as const,
          ]
        : [],
    ),
  );
  return { rows, coverage };
};

describe('ranking a round’s answers', () => {
  it('without reviews, ranks by votes exactly as before: competition ranks, an answer needs a vote to place', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(6), { maxLength: 12 }), (votes) => {
        const rows = votes.map((v, i) => ({ id: i + 1, votes: v, createdAt: i }));
        const placed = rankAnswers(rows, new Map(), 'votes');
        const sorted = [...votes].sort((a, b) => b - a);
        const ranks = competitionRanks(sorted);
        expect(placed.map((p) => p.answer.votes)).toEqual(sorted);
        expect(placed.map((p) => p.place)).toEqual(sorted.map((v, i) => (v > 0 ? ranks[i]! : 99)));
      }),
    );
  });

  it('places an answer above another exactly when it is ahead on the primary key, or level on it and ahead on the other', () => {
    fc.assert(
      fc.property(answers, fc.constantFrom('votes' as const, 'coverage' as const), (list, rankBy) => {
        const { rows, coverage } = build(list);
        const placed = rankAnswers(rows, coverage, rankBy).filter((p) => p.place < 99);
        const key = (p: (typeof placed)[number]) => {
          const covered = p.coverage?.covered.length ?? 0;
          return rankBy === 'votes' ? [p.answer.votes, covered] : [covered, p.answer.votes];
        };
        for (const a of placed)
          for (const b of placed) {
            const [a1, a2] = key(a);
            const [b1, b2] = key(b);
            const ahead = a1! > b1! || (a1 === b1 && a2! > b2!);
            const level = a1 === b1 && a2 === b2;
            if (ahead) expect(a.place).toBeLessThan(b.place);
            if (level) expect(a.place).toBe(b.place);
          }
        // An answer places by votes only with a vote, by coverage only with a review.
        for (const p of placed) expect(rankBy === 'votes' ? p.answer.votes > 0 : (p.coverage?.reviews ?? 0) > 0).toBe(true);
      }),
    );
  });
});
