import { periodOf } from './periods.js';

export interface RoundAttendance {
  slotAt: number;
  answered: boolean;
}

/**
 * Consecutive scheduled rounds answered, newest first. Calendar gaps never matter (only
 * scheduled rounds are listed); one missed round per ISO week is forgiven, a second breaks it.
 */
export function streakLength(history: RoundAttendance[], zone: string): number {
  let streak = 0;
  const forgiven = new Set<string>();
  for (const round of history) {
    if (round.answered) {
      streak++;
      continue;
    }
    const week = periodOf(round.slotAt, zone).week;
    if (forgiven.has(week)) break;
    forgiven.add(week);
  }
  return streak;
}

/** Bonus for answering a round that extends a streak to `streak` rounds. */
export const streakBonus = (streak: number, step: number, max: number) => Math.min(Math.max(0, streak - 1) * step, max);
