import { describe, expect, it } from 'vitest';
import { channelRef, type Observer } from '../../src/core/index.js';
import { createHarness, WS } from '../support/core-harness.js';
import { tempDir } from '../support/temp-dir.js';

/** An observer that counts what it is told, keyed like the metrics' labels. */
function counting(): Observer & { counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const add = (key: string, n = 1) => counts.set(key, (counts.get(key) ?? 0) + n);
  return {
    counts,
    delivery: (platform, kind, outcome) => add(`delivery ${platform} ${kind} ${outcome}`),
    scheduled: (what, n) => add(`scheduled ${what}`, n),
    outbox: (what, kind) => add(`outbox ${what} ${kind}`),
  };
}

describe('what the core reports for operators’ metrics', () => {
  it('counts deliveries by outcome: handled, duplicate, refused', async () => {
    const seen = counting();
    const h = createHarness({ observer: seen });
    await h.as('ann', { kind: 'command', text: 'help', deliveryId: 'd-1' } as never);
    await h.as('ann', { kind: 'command', text: 'help', deliveryId: 'd-1' } as never);
    await h.as('ann', { kind: 'command', text: 'setup', deliveryId: 'd-2' } as never);
    expect(Object.fromEntries(seen.counts)).toMatchObject({
      'delivery test command handled': 1,
      'delivery test command duplicate': 1,
      'delivery test command refused': 1,
    });
  });

  it('counts each due slot on every instance that found it unposted, and the post once, on the instance that made it', async () => {
    const path = `${tempDir('dojo-observe-')}/dojo.sqlite`;
    const [seenA, seenB] = [counting(), counting()];
    const a = createHarness({ path, observer: seenA });
    await a.command('admin', 'setup', { admin: true });
    const b = createHarness({ path, content: false, observer: seenB });
    a.clock.set('2026-11-30T09:00:00Z');
    b.clock.set('2026-11-30T09:00:00Z');
    await Promise.all([a.dojo.tick(), b.dojo.tick()]);
    const posted = (seenA.counts.get('scheduled slot-posted') ?? 0) + (seenB.counts.get('scheduled slot-posted') ?? 0);
    expect(posted).toBe(1);
    expect((seenA.counts.get('scheduled slot-due') ?? 0) + (seenB.counts.get('scheduled slot-due') ?? 0)).toBeGreaterThanOrEqual(1);
    expect((seenA.counts.get('outbox sent post') ?? 0) + (seenB.counts.get('outbox sent post') ?? 0)).toBe(1);
    a.clock.set('2026-12-01T08:00:00Z');
    await a.dojo.tick();
    expect(seenA.counts.get('scheduled round-closed')).toBe(1);
  });

  it('counts a message taken over from a sender whose lease ran out, then sent once', async () => {
    const seen = counting();
    const h = createHarness({ observer: seen });
    await h.command('admin', 'setup', { admin: true });
    const ws = (await h.repos.workspaces.findByRef('test', WS))!;
    const item = { platform: 'test', out: { kind: 'post', channel: channelRef('C1'), message: { text: 'left behind' } } };
    const now = h.clock.ms;
    await h.store.tx(async (db) => {
      await db.outbox.add(ws.id, JSON.stringify(item), now);
      // Another instance leased it and died mid-send: its lease runs out in a minute.
      await db.outbox.claimDue('dead-instance', now, now + 60_000, 10);
    });
    await h.dojo.drain();
    expect(h.port.posts.filter((p) => p.message.text === 'left behind')).toHaveLength(0);
    h.clock.advance(61_000);
    await h.dojo.drain();
    expect(h.port.posts.filter((p) => p.message.text === 'left behind')).toHaveLength(1);
    expect(seen.counts.get('outbox taken-over post')).toBe(1);
    expect(seen.counts.get('outbox sent post')).toBe(1);
  });
});
