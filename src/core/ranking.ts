/**
 * Standard competition ranks ("1224") for points sorted from high to low: equal points share
 * a rank and the next rank skips the tied places.
 */
export function competitionRanks(sortedPoints: readonly number[]): number[] {
  const ranks: number[] = [];
  sortedPoints.forEach((p, i) => {
    ranks.push(i > 0 && sortedPoints[i - 1] === p ? ranks[i - 1]! : i + 1);
  });
  return ranks;
}
