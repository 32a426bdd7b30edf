import { DateTime } from 'luxon';
import { periodOf } from '../../core/index.js';

/** The last `count` ISO weeks up to the one holding `now`, oldest first: totals key, short label, start. */
export function lastWeeks(now: number, zone: string, count: number): { key: string; label: string; start: number }[] {
  const thisWeek = DateTime.fromMillis(now, { zone }).startOf('week');
  return Array.from({ length: count }, (_, i) => {
    const start = thisWeek.minus({ weeks: count - 1 - i });
    return { key: `w:${periodOf(start.toMillis(), zone).week}`, label: start.toFormat('d LLL'), start: start.toMillis() };
  });
}

/** Running sums: a member's points up to and including each week. */
export const cumulative = (values: number[]) => {
  let sum = 0;
  return values.map((v) => (sum += v));
};
