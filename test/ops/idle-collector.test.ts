import { afterEach, describe, expect, it } from 'vitest';
import { startIdleCollector } from '../../src/ops/idle-collector.js';
import { waitFor } from '../support/wait-for.js';

const MB = 2 ** 20;
let stop: (() => void) | undefined;
afterEach(() => stop?.());

/** Objects that live long enough to reach the old generation, then are dropped. */
async function leaveGarbage(mb: number): Promise<void> {
  let held: number[][] | undefined = [];
  for (let i = 0; i < mb * 16; i++) held.push(Array.from({ length: 8_000 }, (_, j) => i + j));
  // A few turns of the event loop with allocation in between promote them out of the young generation.
  for (let t = 0; t < 3; t++) await new Promise((r) => setTimeout(r, 20));
  held = undefined;
}

describe('idle collector', () => {
  it('collects once at start, then again after a burst once the process is quiet, and never while it is busy', async () => {
    const freed: number[] = [];
    stop = startIdleCollector({ intervalMs: 100, minGrowthBytes: 8 * MB, onCollect: (bytes) => freed.push(bytes) });
    // What loading left behind goes at once.
    expect(freed).toHaveLength(1);
    await leaveGarbage(48);
    // Busy: the event loop is held for whole intervals; the check that runs right after sees it.
    const until = Date.now() + 350;
    while (Date.now() < until) Math.sqrt(Math.random());
    await new Promise((r) => setImmediate(r));
    expect(freed).toHaveLength(1);
    await waitFor(() => freed.length === 2, 'an idle collection after the burst', 10_000);
    expect(freed[1]!).toBeGreaterThan(8 * MB);
  });
});
