import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { closeTime, dueSlot, latestSlot, nextSlot, parseDays, describeDays } from '../../src/core/schedule.js';
import type { Channel } from '../../src/core/types.js';
import { createHarness } from '../support/core-harness.js';
import { tempDir } from '../support/temp-dir.js';

const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'America/Santiago', 'Pacific/Chatham', 'UTC'];

const channel = (over: Partial<Channel> = {}): Channel => ({
  id: 1,
  workspaceId: 1,
  ref: 'C' as never,
  name: 'c',
  days: [1, 2, 3, 4, 5],
  time: '09:00',
  timezone: 'UTC',
  categories: [],
  mode: 'open',
  voteEmoji: '+1',
  roundHours: null,
  blindHours: 4,
  voteCap: 0,
  digest: false,
  rankBy: 'votes',
  paused: false,
  activeSince: 0,
  ...over,
});

describe('slot decisions', () => {
  it('gives exactly one slot per scheduled local day, in order, across DST changes in many zones', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom(0, 15, 30, 45),
        fc.integer({ min: Date.parse('2025-01-01'), max: Date.parse('2027-12-01') }),
        (zone, hour, minute, start) => {
          const ch = channel({
            timezone: zone,
            time: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
            days: [1, 2, 3, 4, 5, 6, 7],
          });
          let t = start;
          const keys: string[] = [];
          for (let i = 0; i < 40; i++) {
            const s = nextSlot(ch, t)!;
            expect(s.at).toBeGreaterThan(t);
            expect(DateTime.fromMillis(s.at, { zone }).toISODate()).toBe(s.key);
            keys.push(s.key);
            t = s.at;
          }
          expect(new Set(keys).size).toBe(keys.length);
          for (let i = 1; i < keys.length; i++) {
            expect(DateTime.fromISO(keys[i]!).diff(DateTime.fromISO(keys[i - 1]!), 'days').days).toBe(1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('moves a time skipped by spring-forward to just after the gap, and posts once on fall-back days', () => {
    const ny = channel({ timezone: 'America/New_York', time: '02:30', days: [7] });
    const spring = nextSlot(ny, Date.parse('2026-03-07T12:00:00Z'))!;
    expect(spring.key).toBe('2026-03-08');
    expect(DateTime.fromMillis(spring.at, { zone: 'America/New_York' }).toFormat('HH:mm')).toBe('03:30');
    const berlin = channel({ timezone: 'Europe/Berlin', time: '02:30', days: [7] });
    const fall = nextSlot(berlin, Date.parse('2026-10-24T12:00:00Z'))!;
    expect(fall.key).toBe('2026-10-25');
    expect(nextSlot(berlin, fall.at)!.key).toBe('2026-11-01');
    const sydney = channel({ timezone: 'Australia/Sydney', time: '02:30', days: [7] });
    const au = nextSlot(sydney, Date.parse('2026-10-03T00:00:00Z'))!;
    expect(au.key).toBe('2026-10-04');
    expect(DateTime.fromMillis(au.at, { zone: 'Australia/Sydney' }).toFormat('HH:mm')).toBe('03:30');
  });

  it('catches up a slot missed within the answer window and skips older ones', () => {
    const ch = channel({ timezone: 'Europe/Berlin' });
    const threeHoursLate = DateTime.fromISO('2026-12-02T12:00', { zone: 'Europe/Berlin' }).toMillis();
    expect(dueSlot(ch, threeHoursLate)?.key).toBe('2026-12-02');
    const threeDaysLate = DateTime.fromISO('2026-12-05T12:00', { zone: 'Europe/Berlin' }).toMillis(); // Saturday
    const due = dueSlot(ch, threeDaysLate);
    expect(due?.key).toBe('2026-12-04');
    const afterWeekend = DateTime.fromISO('2026-12-07T08:30', { zone: 'Europe/Berlin' }).toMillis();
    expect(dueSlot(ch, afterWeekend)).toBeUndefined();
  });

  it('never posts a slot from before the channel was set up', () => {
    const setup = Date.parse('2026-11-30T10:00:00Z');
    expect(dueSlot(channel({ activeSince: setup }), setup)).toBeUndefined();
    expect(latestSlot(channel(), setup)?.key).toBe('2026-11-30');
  });

  it('closes a round one hour before the next post, or after a fixed length', () => {
    const friday = Date.parse('2026-12-04T09:00:00Z');
    expect(new Date(closeTime(channel(), friday)).toISOString()).toBe('2026-12-07T08:00:00.000Z');
    expect(new Date(closeTime(channel({ roundHours: 8 }), friday)).toISOString()).toBe('2026-12-04T17:00:00.000Z');
  });

  it('reads and writes day sets', () => {
    expect(parseDays('mon-fri')).toEqual([1, 2, 3, 4, 5]);
    expect(parseDays('mon,wed,fri')).toEqual([1, 3, 5]);
    expect(parseDays('fri-mon')).toBeUndefined();
    expect(parseDays('someday')).toBeUndefined();
    expect(describeDays([1, 2, 3, 4, 5])).toBe('mon-fri');
    expect(describeDays([1, 3])).toBe('mon,wed');
  });
});

describe('the scheduler on a real database', () => {
  it('posts each slot once when two processes tick the same database', async () => {
    const dir = tempDir('dojo-two-');
    const path = `${dir}/dojo.sqlite`;
    const a = createHarness({ path });
    await a.command('admin', 'setup', { admin: true });
    const b = createHarness({ path, content: false });
    a.clock.set('2026-11-30T09:00:00Z');
    b.clock.set('2026-11-30T09:00:00Z');
    await Promise.all([a.dojo.tick(), b.dojo.tick(), a.dojo.tick(), b.dojo.tick()]);
    expect(a.port.questions().length + b.port.questions().length).toBe(1);
    a.clock.set('2026-12-01T09:00:00Z');
    b.clock.set('2026-12-01T09:00:00Z');
    await Promise.all([b.dojo.tick(), a.dojo.tick()]);
    const rounds = a.db.$client.prepare('SELECT slot FROM rounds ORDER BY id').pluck().all();
    expect(rounds).toEqual(['2026-11-30', '2026-12-01']);
  });

  it('after three days of downtime posts only the latest slot still open', async () => {
    const h = createHarness();
    await h.command('admin', 'setup', { admin: true });
    h.clock.set('2026-12-03T10:00:00Z');
    await h.dojo.tick();
    expect(h.db.$client.prepare('SELECT slot FROM rounds').pluck().all()).toEqual(['2026-12-03']);
  });

  it('retries a failed post on the next tick and never posts it twice', async () => {
    const h = createHarness();
    await h.command('admin', 'setup', { admin: true });
    h.clock.set('2026-11-30T09:00:00Z');
    h.port.failNext = 1;
    await h.dojo.tick();
    expect(h.port.questions()).toHaveLength(0);
    h.clock.advance(61_000);
    await h.dojo.tick();
    await h.dojo.tick();
    expect(h.port.questions()).toHaveLength(1);
    expect(h.db.$client.prepare('SELECT status FROM rounds').pluck().all()).toEqual(['open']);
  });

  it('a tick that is still posting is joined, not overlapped, by the next tick', async () => {
    const h = createHarness();
    await h.command('admin', 'setup', { admin: true });
    h.clock.set('2026-11-30T09:00:00Z');
    const first = h.dojo.tick();
    const second = h.dojo.tick();
    expect(second).toBe(first);
    await first;
    expect(h.port.questions()).toHaveLength(1);
  });
});
