import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { messageRef } from '../../src/core/index.js';
import { competitionRanks } from '../../src/core/ranking.js';
import { createHarness } from '../support/core-harness.js';

const USERS = ['ann', 'ben', 'cat', 'dan'];

type Op =
  | { kind: 'reply'; user: string }
  | { kind: 'vote' | 'unvote'; user: string; author: string }
  | { kind: 'button'; user: string; author: string }
  | { kind: 'delete'; user: string }
  | { kind: 'close' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('reply' as const), user: fc.constantFrom(...USERS) }),
  fc.record({
    kind: fc.constantFrom('vote' as const, 'unvote' as const),
    user: fc.constantFrom(...USERS),
    author: fc.constantFrom(...USERS),
  }),
  fc.record({ kind: fc.constant('button' as const), user: fc.constantFrom(...USERS), author: fc.constantFrom(...USERS) }),
  fc.record({ kind: fc.constant('delete' as const), user: fc.constantFrom(...USERS) }),
  fc.constant({ kind: 'close' as const }),
);

function totalsMatchLedger(h: ReturnType<typeof createHarness>) {
  const c = h.db.$client;
  const ledger = c
    .prepare('SELECT member_id AS m, SUM(points) AS p FROM score_ledger GROUP BY member_id HAVING SUM(points) <> 0 ORDER BY member_id')
    .all();
  const totals = c
    .prepare(
      "SELECT member_id AS m, points AS p FROM score_totals WHERE period = 'all' AND category = '' AND points <> 0 ORDER BY member_id",
    )
    .all();
  expect(totals).toEqual(ledger);
}

describe('scoring invariants', () => {
  it('keeps totals equal to the ledger under any sequence of answers, votes, retractions, deletions and closes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 40 }), async (ops) => {
        const h = createHarness({ content: true });
        await h.command('admin', 'setup', { admin: true });
        h.clock.set('2026-11-30T09:00:00Z');
        await h.dojo.tick();
        const thread = h.port.questions()[0]!.ref;
        let n = 0;
        for (const op of ops) {
          n++;
          if (op.kind === 'reply')
            await h.as(op.user, { kind: 'reply-posted', thread, message: messageRef(`${op.user}-${n}`), text: `answer ${n}` });
          else if (op.kind === 'delete') {
            const a = h.db.$client
              .prepare('SELECT a.message_ref FROM answers a JOIN members m ON m.id = a.member_id WHERE m.user_ref = ?')
              .pluck()
              .get(op.user) as string | undefined;
            if (a) await h.as(op.user, { kind: 'reply-deleted', message: messageRef(a) });
          } else if (op.kind === 'close') await h.command('admin', 'close', { admin: true });
          else {
            const a = h.db.$client
              .prepare('SELECT a.id, a.message_ref AS ref FROM answers a JOIN members m ON m.id = a.member_id WHERE m.user_ref = ?')
              .get(op.author) as { id: number; ref: string } | undefined;
            if (!a) continue;
            if (op.kind === 'button') await h.as(op.user, { kind: 'button-pressed', actionId: `dojo:upvote:${a.id}` });
            else
              await h.as(op.user, {
                kind: op.kind === 'vote' ? 'reaction-added' : 'reaction-removed',
                message: messageRef(a.ref),
                emoji: '+1',
              });
          }
        }
        totalsMatchLedger(h);
        const ws = (await h.repos.workspaces.findByRef('test', 'T1' as never))!;
        expect(await h.repos.scores.rebuildTotals(ws.id)).toEqual([]);
        h.db.$client.close();
      }),
      { numRuns: 40 },
    );
  });

  it('applying the same delivery twice equals applying it once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...USERS), fc.constantFrom(...USERS), fc.boolean()), { maxLength: 20 }),
        async (votes) => {
          const once = createHarness();
          const twice = createHarness();
          for (const h of [once, twice]) {
            await h.command('admin', 'setup', { admin: true });
            h.clock.set('2026-11-30T09:00:00Z');
            await h.dojo.tick();
            const thread = h.port.questions()[0]!.ref;
            for (const u of USERS)
              await h.as(u, { kind: 'reply-posted', thread, message: messageRef(`m-${u}`), text: `answer by ${u}`, deliveryId: `r-${u}` });
            let i = 0;
            for (const [voter, author, add] of votes) {
              i++;
              const event = {
                kind: add ? 'reaction-added' : 'reaction-removed',
                message: messageRef(`m-${author}`),
                emoji: '+1',
                deliveryId: `v-${i}`,
              } as const;
              await h.as(voter, event);
              if (h === twice) await h.as(voter, event);
            }
          }
          const dump = (h: typeof once) => h.db.$client.prepare('SELECT award_key, points FROM score_ledger ORDER BY award_key').all();
          expect(dump(twice)).toEqual(dump(once));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('ranks equal points equally and skips the tied places (1, 2, 2, 4)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 30 }), (raw) => {
        const sorted = [...raw].sort((a, b) => b - a);
        const ranks = competitionRanks(sorted);
        sorted.forEach((p, i) => expect(ranks[i]).toBe(1 + sorted.filter((q) => q > p).length));
      }),
    );
    expect(competitionRanks([30, 20, 20, 10])).toEqual([1, 2, 2, 4]);
  });

  it('a rebuild reports and repairs totals that drifted from the ledger', async () => {
    const h = createHarness();
    await h.command('admin', 'setup', { admin: true });
    h.clock.set('2026-11-30T09:00:00Z');
    await h.dojo.tick();
    await h.as('ann', { kind: 'reply-posted', thread: h.port.questions()[0]!.ref, message: messageRef('x'), text: 'answer' });
    h.db.$client.prepare("UPDATE score_totals SET points = 99 WHERE period = 'all' AND category = ''").run();
    const reply = await h.command('admin', 'config rebuild', { admin: true });
    expect(reply.private[0]!.text).toMatch(/1 total\(s\) differed.*\n- member \d+ all all: 99 → 10/);
    expect((await h.command('admin', 'config rebuild', { admin: true })).private[0]!.text).toMatch(/already matched/);
  });
});
