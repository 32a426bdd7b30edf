import { DateTime } from 'luxon';
import type { Channel } from './types.js';

export interface Schedule {
  days: number[];
  time: string;
  timezone: string;
}

export interface Slot {
  /** The channel-local date, e.g. "2026-11-27": one scheduled round per local day. */
  key: string;
  at: number;
}

/**
 * The instant of the local `time` on local `date`. A time skipped by a DST spring-forward
 * moves forward by the gap; an ambiguous fall-back time takes one fixed occurrence. Either
 * way each local day yields exactly one instant.
 */
export function slotOn(date: DateTime, schedule: Schedule): Slot {
  const [h, m] = schedule.time.split(':').map(Number) as [number, number];
  const local = DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour: h, minute: m }, { zone: schedule.timezone });
  return { key: date.toISODate()!, at: local.toMillis() };
}

const localDay = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).startOf('day');

/** The most recent slot at or before `now`, looking back at most a week. */
export function latestSlot(schedule: Schedule, now: number): Slot | undefined {
  if (!schedule.days.length) return undefined;
  let day = localDay(now, schedule.timezone);
  for (let i = 0; i < 8; i++, day = day.minus({ days: 1 })) {
    if (!schedule.days.includes(day.weekday)) continue;
    const slot = slotOn(day, schedule);
    if (slot.at <= now) return slot;
  }
  return undefined;
}

/** The first slot strictly after `after`. */
export function nextSlot(schedule: Schedule, after: number): Slot | undefined {
  if (!schedule.days.length) return undefined;
  let day = localDay(after, schedule.timezone);
  for (let i = 0; i < 9; i++, day = day.plus({ days: 1 })) {
    if (!schedule.days.includes(day.weekday)) continue;
    const slot = slotOn(day, schedule);
    if (slot.at > after) return slot;
  }
  return undefined;
}

const HOUR = 3_600_000;

/** When a round posted at `slotAt` closes: a fixed length, or one hour before the next post. */
export function closeTime(channel: Pick<Channel, 'roundHours'> & Schedule, slotAt: number): number {
  if (channel.roundHours) return slotAt + channel.roundHours * HOUR;
  const next = nextSlot(channel, slotAt);
  const until = next ? next.at - HOUR : slotAt + 24 * HOUR;
  return Math.max(until, slotAt + HOUR);
}

/** When a blind round stops taking answers and reveals them for voting. */
export function revealTime(channel: Pick<Channel, 'blindHours'>, slotAt: number, closesAt: number): number {
  return Math.min(slotAt + channel.blindHours * HOUR, closesAt - HOUR / 2);
}

/**
 * The slot a channel should post now, if any: the latest slot, not before the channel became
 * active, whose answer window is still open. Older missed slots are skipped on purpose.
 */
export function dueSlot(channel: Channel, now: number): Slot | undefined {
  const slot = latestSlot(channel, now);
  if (!slot || slot.at < channel.activeSince) return undefined;
  if (now >= closeTime(channel, slot.at)) return undefined;
  return slot;
}

export const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** "1,2,3,4,5" → "mon-fri"; other sets are listed. */
export function describeDays(days: number[]): string {
  const sorted = [...days].sort((a, b) => a - b);
  if (!sorted.length) return 'never';
  const contiguous = sorted.every((d, i) => i === 0 || d === sorted[i - 1]! + 1);
  const name = (d: number) => WEEKDAY_NAMES[d - 1]!;
  if (contiguous && sorted.length > 2) return `${name(sorted[0]!)}-${name(sorted.at(-1)!)}`;
  return sorted.map(name).join(',');
}

/** Parses "mon-fri", "mon,wed,fri", "daily", "weekdays"; undefined when malformed. */
export function parseDays(text: string): number[] | undefined {
  const t = text.toLowerCase().trim();
  if (t === 'daily' || t === 'everyday') return [1, 2, 3, 4, 5, 6, 7];
  if (t === 'weekdays') return [1, 2, 3, 4, 5];
  const idx = (n: string) => WEEKDAY_NAMES.indexOf(n.slice(0, 3) as (typeof WEEKDAY_NAMES)[number]) + 1;
  const out = new Set<number>();
  for (const part of t.split(',')) {
    const [a, b] = part.split('-');
    const from = a ? idx(a) : 0;
    if (!from) return undefined;
    if (b === undefined) {
      out.add(from);
      continue;
    }
    const to = idx(b);
    if (!to || to < from) return undefined;
    for (let d = from; d <= to; d++) out.add(d);
  }
  return [...out].sort((x, y) => x - y);
}

export const isValidZone = (zone: string) => DateTime.local().setZone(zone).isValid;

export const isValidTime = (t: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(t);

/** Formats an instant in a zone for members: "Mon 30 Nov 09:00 UTC". */
export const formatWhen = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat('ccc d LLL HH:mm ZZZZ');
