import { describe, expect, it } from 'vitest';
import { streakBonus, streakLength } from '../../src/core/streaks.js';

const day = (iso: string, answered: boolean) => ({ slotAt: Date.parse(`${iso}T09:00:00Z`), answered });

describe('streaks', () => {
  it('count scheduled rounds, so weekends and holidays without rounds never break them', () => {
    const history = [day('2026-12-07', true), day('2026-12-04', true), day('2026-12-03', true)];
    expect(streakLength(history, 'UTC')).toBe(3);
  });

  it('forgive one missed round per week and break on the second', () => {
    const oneMiss = [day('2026-12-04', true), day('2026-12-03', false), day('2026-12-02', true), day('2026-12-01', true)];
    expect(streakLength(oneMiss, 'UTC')).toBe(3);
    const twoMisses = [day('2026-12-04', true), day('2026-12-03', false), day('2026-12-02', false), day('2026-12-01', true)];
    expect(streakLength(twoMisses, 'UTC')).toBe(1);
    const missesInTwoWeeks = [day('2026-12-08', true), day('2026-12-07', false), day('2026-12-04', false), day('2026-12-03', true)];
    expect(streakLength(missesInTwoWeeks, 'UTC')).toBe(2);
  });

  it('pay +2 per consecutive round after the first, capped at +10', () => {
    expect([1, 2, 3, 6, 9].map((s) => streakBonus(s, 2, 10))).toEqual([0, 2, 4, 10, 10]);
  });
});
