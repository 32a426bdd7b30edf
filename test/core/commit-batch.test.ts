import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageRef } from '../../src/core/index.js';
import { createHarness } from '../support/core-harness.js';
import { tempDir } from '../support/temp-dir.js';

describe('deliveries that arrive together share one commit', () => {
  it('counts each vote once, refuses and dedupes as alone, and a failing delivery takes only its own writes back', async () => {
    const h = createHarness({ path: join(tempDir('dojo-batch-'), 'batch.sqlite') });
    await h.command('admin', 'setup', { admin: true });
    h.clock.set('2026-11-30T09:00:00Z');
    await h.dojo.tick();
    const thread = h.port.questions()[0]!.ref;
    await h.as('alice', { kind: 'reply-posted', thread, message: messageRef('a1'), text: 'Measure, then fix the cause.' });
    const insert = h.store.votes.insert;
    h.store.votes.insert = (input) => {
      if (h.store.members.get(input.voterId).userRef.endsWith('boom')) throw new Error('disk on fire');
      return insert(input);
    };
    const react = (user: string, deliveryId: string) =>
      h.as(user, { kind: 'reaction-added', message: messageRef('a1'), emoji: '+1', deliveryId });
    const settled = await Promise.allSettled([
      ...Array.from({ length: 20 }, (_, i) => react(`voter${i}`, `ev-${i}`)),
      react('voter0', 'ev-0'),
      react('alice', 'ev-self'),
      react('boom', 'ev-boom'),
    ]);
    const value = (i: number) => (settled[i] as PromiseFulfilledResult<Awaited<ReturnType<typeof react>>>).value;
    expect(settled.slice(0, 20).every((s) => s.status === 'fulfilled' && !s.value.duplicate)).toBe(true);
    expect(value(20).duplicate).toBe(true);
    expect(value(21).private[0]!.text).toMatch(/own answer/);
    expect(settled[22]).toMatchObject({ status: 'rejected', reason: new Error('disk on fire') });
    const answer = h.store.answers.findByMessage(messageRef('a1'))!;
    expect(h.store.votes.countForAnswer(answer.id)).toBe(20);
    const ws = h.store.workspaces.findByRef('test', 'T1' as never)!;
    // 10 for the answer, then 2 for each of the first 10 votes (the per-answer cap).
    expect(h.store.scores.sumLedger(ws.id, answer.memberId)).toBe(30);
    expect(h.store.scores.rebuildTotals(ws.id)).toEqual([]);
    // The failed delivery left no claim and no member, so the platform's retry runs it again.
    h.store.votes.insert = insert;
    expect((await react('boom', 'ev-boom')).duplicate).toBeUndefined();
    expect(h.store.votes.countForAnswer(answer.id)).toBe(21);
  });
});
