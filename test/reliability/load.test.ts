import { describe, expect, it } from 'vitest';
import { messageRef } from '../../src/core/index.js';
import { seededRandom } from '../../src/random.js';
import { createHarness } from '../support/core-harness.js';

describe('load', () => {
  it('200 members answering and voting in one round are all recorded and the summary is right', async () => {
    const h = createHarness();
    await h.command('admin', 'setup', { admin: true });
    await h.command('admin', 'ask', { admin: true });
    const thread = h.port.questions()[0]!.ref;
    const members = Array.from({ length: 200 }, (_, i) => `m${i}`);
    await Promise.all(
      members.map((m) =>
        h.as(m, { kind: 'reply-posted', thread, message: messageRef(`a-${m}`), text: `answer from ${m}`, deliveryId: `r-${m}` }),
      ),
    );
    const random = seededRandom(3);
    const expected = new Map<string, Set<string>>();
    const votes: Promise<unknown>[] = [];
    for (const voter of members) {
      for (let k = 0; k < 5; k++) {
        const author = members[Math.floor(random.next() * members.length)]!;
        if (author === voter) continue;
        if (!expected.has(author)) expected.set(author, new Set());
        expected.get(author)!.add(voter);
        votes.push(h.as(voter, { kind: 'reaction-added', message: messageRef(`a-${author}`), emoji: '+1', deliveryId: `v-${voter}-${k}` }));
      }
    }
    await Promise.all(votes);
    const c = h.db.$client;
    expect(c.prepare('SELECT count(*) FROM answers').pluck().get()).toBe(200);
    expect(c.prepare('SELECT count(*) FROM votes WHERE retracted_at IS NULL').pluck().get()).toBe(
      [...expected.values()].reduce((n, s) => n + s.size, 0),
    );
    await h.command('admin', 'close', { admin: true });
    const ranked = [...expected.entries()].sort((a, b) => b[1].size - a[1].size);
    const summary = h.port.inThread(thread)[0]!.message.text;
    expect(summary).toContain(`🥇 **${ranked[0]![0]}** · ${ranked[0]![1].size} votes`);
    const ws = (await h.repos.workspaces.findByRef('test', 'T1' as never))!;
    expect(await h.repos.scores.rebuildTotals(ws.id)).toEqual([]);
  });
});
