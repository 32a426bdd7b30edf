import { describe, expect, it } from 'vitest';
import type { ChannelRef, NeutralMessage } from '../../src/core/index.js';
import { createHarness } from '../support/core-harness.js';
import { tempDir } from '../support/temp-dir.js';

describe('posting a round', () => {
  it('a crash between posting and recording the round never posts that slot twice', async () => {
    const h = createHarness();
    await h.command('admin', 'setup', { admin: true });
    const post = h.port.postMessage.bind(h.port);
    let crashAfterPost = true;
    h.port.postMessage = async (channel: ChannelRef, message: NeutralMessage) => {
      const ref = await post(channel, message);
      if (crashAfterPost) {
        crashAfterPost = false;
        throw new Error('connection lost after the platform accepted the post');
      }
      return ref;
    };
    h.clock.set('2026-11-30T09:00:00Z');
    await h.dojo.tick();
    expect(h.db.$client.prepare('SELECT status FROM rounds').pluck().all()).toEqual(['posting']);
    h.clock.advance(61_000);
    await h.dojo.tick();
    expect(h.port.questions()).toHaveLength(1);
    expect(h.db.$client.prepare('SELECT status, message_ref FROM rounds').all()).toEqual([
      { status: 'open', message_ref: h.port.questions()[0]!.ref },
    ]);
  });

  it('a restarted process finishes a claimed but unposted round once', async () => {
    const path = `${tempDir('dojo-claim-')}/d.sqlite`;
    const first = createHarness({ path });
    await first.command('admin', 'setup', { admin: true });
    first.port.failNext = 1;
    first.clock.set('2026-11-30T09:00:00Z');
    await first.dojo.tick();
    first.db.$client.close();
    const second = createHarness({ path, content: false });
    second.clock.set('2026-11-30T09:02:00Z');
    await second.dojo.tick();
    await second.dojo.tick();
    expect(second.port.questions()).toHaveLength(1);
    expect(second.db.$client.prepare('SELECT count(*) FROM rounds').pluck().get()).toBe(1);
  });
});
