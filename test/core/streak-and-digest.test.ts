import { describe, expect, it } from 'vitest';
import { messageRef } from '../../src/core/index.js';
import { createHarness } from '../support/core-harness.js';

async function playDay(h: ReturnType<typeof createHarness>, iso: string, answerers: string[]) {
  h.clock.set(`${iso}T09:00:00Z`);
  await h.dojo.tick();
  const q = h.port.questions().at(-1)!;
  for (const u of answerers)
    await h.as(u, { kind: 'reply-posted', thread: q.ref, message: messageRef(`${iso}-${u}`), text: `answer ${u}` });
  return q;
}

describe('streaks in play', () => {
  it('award +2 per consecutive scheduled round, skip weekends, and forgive one miss a week', async () => {
    const h = createHarness();
    await h.command('admin', 'setup', { admin: true });
    await playDay(h, '2026-11-30', ['ann']);
    await playDay(h, '2026-12-01', ['ann']);
    await playDay(h, '2026-12-02', ['ann']);
    await playDay(h, '2026-12-03', []);
    await playDay(h, '2026-12-04', ['ann']);
    await playDay(h, '2026-12-07', ['ann']);
    h.clock.set('2026-12-08T08:00:00Z');
    await h.dojo.tick();
    const streaks = h.db.$client.prepare("SELECT points FROM score_ledger WHERE reason LIKE 'streak-%' ORDER BY id").pluck().all();
    expect(streaks).toEqual([2, 4, 6, 8]);
    expect((await h.command('ann', 'stats')).private[0]!.text).toMatch(/streak:\*\* 5 rounds/);
  });
});

describe('weekly digest', () => {
  it("precedes the first question of a week with last week's top five, once", async () => {
    const h = createHarness();
    await h.command('admin', 'setup digest=on', { admin: true });
    await playDay(h, '2026-12-02', ['ann', 'ben']);
    await playDay(h, '2026-12-03', ['ann']);
    await playDay(h, '2026-12-07', []);
    const digest = h.port.posts.filter((p) => p.message.title?.startsWith('Weekly digest'));
    expect(digest).toHaveLength(1);
    expect(digest[0]!.message.text).toMatch(/1\. ann — 20\n 2\. ben — 10/);
    await h.dojo.tick();
    expect(h.port.posts.filter((p) => p.message.title?.startsWith('Weekly digest'))).toHaveLength(1);
  });
});
