import { DateTime } from 'luxon';
import type { Period } from './types.js';

const periodCache = new Map<string, { week: string; month: string }>();

/** ISO week and month keys of an instant in the workspace's zone (cached per minute: awards come in bursts). */
export function periodOf(at: number, zone: string): { week: string; month: string } {
  const key = `${zone}|${Math.floor(at / 60_000)}`;
  const hit = periodCache.get(key);
  if (hit) return hit;
  if (periodCache.size > 10_000) periodCache.clear();
  const d = DateTime.fromMillis(at, { zone });
  const value = { week: `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`, month: d.toFormat('yyyy-LL') };
  periodCache.set(key, value);
  return value;
}

/** The totals key of a leaderboard period at `now`. */
export function periodKey(period: Period, now: number, zone: string, season: number): string {
  if (period === 'all') return 'all';
  if (period === 'season') return `s:${season}`;
  const p = periodOf(now, zone);
  return period === 'week' ? `w:${p.week}` : `m:${p.month}`;
}

export const PERIODS: Period[] = ['week', 'month', 'season', 'all'];

export const periodLabel = (p: Period) => ({ week: 'this week', month: 'this month', season: 'this season', all: 'all time' })[p];
