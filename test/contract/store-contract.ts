import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelRef, messageRef, userRef, workspaceRef, type Repos, type Store } from '../../src/core/index.js';
import { defaultChannelSettings, defaultSettings } from '../../src/core/settings.js';
import type { Award, Installation } from '../../src/core/types.js';

/** A fresh, migrated, empty store of one engine, and how to throw it away. */
export interface EngineUnderTest {
  name: string;
  open(): Promise<{ store: Store; close(): Promise<void> }>;
}

const NOW = Date.parse('2026-11-30T09:00:00Z');

async function seed(db: Repos, tag: string) {
  const ws = await db.workspaces.ensure({
    platform: 'test',
    ref: workspaceRef(`T-${tag}`),
    name: tag,
    timezone: 'UTC',
    settings: defaultSettings(),
    now: NOW,
  });
  const alice = await db.members.ensure(ws.id, { ref: userRef(`alice-${tag}`), name: 'alice', isBot: false }, NOW);
  const bob = await db.members.ensure(ws.id, { ref: userRef(`bob-${tag}`), name: 'bob', isBot: false }, NOW);
  const channel = await db.channels.upsert({
    workspaceId: ws.id,
    ref: channelRef(`C-${tag}`),
    name: 'practice',
    settings: defaultChannelSettings('UTC'),
    now: NOW,
  });
  await db.content.ensurePack({ id: `pack-${tag}`, title: 'Contract pack', version: '1', description: '', workspaceId: null }, NOW);
  await db.content.addQuestion(
    `pack-${tag}`,
    {
      id: `q-${tag}`,
      type: 'open',
      category: 'nodejs',
      difficulty: 'easy',
      tags: [],
      prompt: 'What is the event loop?',
      body: { keyPoints: ['a', 'b', 'c', 'd'], modelAnswer: 'It runs callbacks.', followUps: ['x', 'y'] },
    },
    NOW,
  );
  return { ws, alice, bob, channel, questionId: `q-${tag}` };
}

/** An open round in the seeded channel with alice's answer in it (`messageRef` optional). */
async function roundWithAnswer(db: Repos, s: Awaited<ReturnType<typeof seed>>, opts: { slot?: string; text?: string; ref?: string } = {}) {
  const round = (await db.rounds.claim({
    channelId: s.channel.id,
    slot: opts.slot ?? 's',
    questionId: s.questionId,
    isScheduled: false,
    mode: 'open',
    slotAt: NOW,
    revealAt: null,
    closesAt: NOW + 1,
  }))!;
  const answer = (await db.answers.insert({
    roundId: round.id,
    memberId: s.alice.id,
    text: opts.text ?? 'a',
    source: 'thread',
    messageRef: opts.ref ? messageRef(opts.ref) : null,
    now: NOW,
  }))!;
  return { round, answer };
}

const award = (ws: { id: number; season: number }, memberId: number, key: string, points: number): Award => ({
  workspaceId: ws.id,
  memberId,
  awardKey: key,
  points,
  reason: 'contract',
  category: 'nodejs',
  roundId: null,
  week: '2026-W49',
  month: '2026-11',
  season: ws.season,
  at: NOW,
});

/**
 * Repository and transaction behaviour every engine must have. The core relies on each of these,
 * so an engine that passes can replace another without a change to the core.
 */
export function storeContract(engine: EngineUnderTest): void {
  describe(`the storage contract on ${engine.name}`, () => {
    let store: Store;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ store, close } = await engine.open());
    });
    afterAll(() => close());

    it('commits what a transaction wrote when its function resolves', async () => {
      const { ws } = await store.tx((db) => seed(db, 'commit'));
      expect((await store.tx((db) => db.workspaces.get(ws.id))).name).toBe('commit');
    });

    it('rolls back everything a transaction wrote when its function throws, and rejects with that error', async () => {
      const boom = new Error('boom');
      await expect(
        store.tx(async (db) => {
          await seed(db, 'rollback');
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await store.tx((db) => db.workspaces.findByRef('test', workspaceRef('T-rollback')))).toBeUndefined();
    });

    it('keeps concurrent transactions apart: one that fails takes back only its own writes', async () => {
      const results = await Promise.allSettled([
        store.tx((db) => seed(db, 'side-a')),
        store.tx(async (db) => {
          await seed(db, 'side-b');
          throw new Error('b fails');
        }),
        store.tx((db) => seed(db, 'side-c')),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const found = await store.tx(async (db) =>
        Promise.all(['side-a', 'side-b', 'side-c'].map((t) => db.workspaces.findByRef('test', workspaceRef(`T-${t}`)))),
      );
      expect(found.map((w) => w?.name)).toEqual(['side-a', undefined, 'side-c']);
    });

    it('claims a delivery once; an accepted delivery is claimed by its handler once, and listed until then', async () => {
      expect(await store.tx((db) => db.deliveries.claim('test', 'd-1', NOW))).toBe(true);
      expect(await store.tx((db) => db.deliveries.claim('test', 'd-1', NOW))).toBe(false);
      expect(await store.tx((db) => db.deliveries.accept('test', 'd-1', '{}', NOW))).toBe(false);
      expect(await store.tx((db) => db.deliveries.accept('test', 'd-2', '{"kind":"command"}', NOW))).toBe(true);
      expect(await store.tx((db) => db.deliveries.accept('test', 'd-2', '{}', NOW))).toBe(false);
      const waiting = await store.tx((db) => db.deliveries.listAccepted(NOW + 1, 10));
      expect(waiting.filter((d) => d.deliveryId === 'd-2')).toEqual([
        { platform: 'test', deliveryId: 'd-2', payload: '{"kind":"command"}', at: NOW },
      ]);
      expect(await store.tx((db) => db.deliveries.claim('test', 'd-2', NOW))).toBe(true);
      expect(await store.tx((db) => db.deliveries.claim('test', 'd-2', NOW))).toBe(false);
      expect((await store.tx((db) => db.deliveries.listAccepted(NOW + 1, 10))).map((d) => d.deliveryId)).not.toContain('d-2');
    });

    it('a claim inside a transaction that rolls back is not kept', async () => {
      await expect(
        store.tx(async (db) => {
          await db.deliveries.claim('test', 'd-rolled', NOW);
          throw new Error('later failure');
        }),
      ).rejects.toThrow('later failure');
      expect(await store.tx((db) => db.deliveries.claim('test', 'd-rolled', NOW))).toBe(true);
    });

    it('claims a (channel, slot) once: a second claim finds it taken', async () => {
      const { channel, questionId } = await store.tx((db) => seed(db, 'slot'));
      const claim = () =>
        store.tx((db) =>
          db.rounds.claim({
            channelId: channel.id,
            slot: '2026-11-30',
            questionId,
            isScheduled: true,
            mode: 'open',
            slotAt: NOW,
            revealAt: null,
            closesAt: NOW + 3_600_000,
          }),
        );
      const [first, second] = await Promise.all([claim(), claim()]);
      expect([first, second].filter(Boolean)).toHaveLength(1);
      expect((first ?? second)!.status).toBe('posting');
    });

    it('claims a key once among transactions racing for it, and one that rolls back leaves it free', async () => {
      const claims = await Promise.all(
        Array.from({ length: 6 }, (_, i) => store.tx((db) => db.meta.claim('digest:contract', String(i), NOW))),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.tx((db) => db.meta.get('digest:contract'))).toBe(String(claims.indexOf(true)));
      await expect(
        store.tx(async (db) => {
          expect(await db.meta.claim('nudge:contract', 'x', NOW)).toBe(true);
          throw new Error('later failure');
        }),
      ).rejects.toThrow('later failure');
      expect(await store.tx((db) => db.meta.claim('nudge:contract', 'y', NOW))).toBe(true);
      expect(await store.tx((db) => db.meta.claim('nudge:contract', 'z', NOW))).toBe(false);
    });

    it('counts an award key once and keeps totals equal to the ledger', async () => {
      const { ws, alice, bob } = await store.tx((db) => seed(db, 'ledger'));
      const keys = fc.sample(fc.tuple(fc.constantFrom(alice.id, bob.id), fc.integer({ min: -5, max: 20 }), fc.nat(30)), {
        numRuns: 60,
        seed: 42,
      });
      for (const [memberId, points, k] of keys) await store.tx((db) => db.scores.award(award(ws, memberId, `k:${k}`, points)));
      expect(await store.tx((db) => db.scores.award(award(ws, alice.id, `k:${keys[0]![2]}`, 99)))).toBe(false);
      const { drift, top, sums } = await store.tx(async (db) => ({
        drift: await db.scores.rebuildTotals(ws.id),
        top: await db.scores.top(ws.id, 'all', '', 10),
        sums: [await db.scores.sumLedger(ws.id, alice.id), await db.scores.sumLedger(ws.id, bob.id)],
      }));
      expect(drift).toEqual([]);
      for (const row of top) expect(row.points).toBe(sums[row.memberId === alice.id ? 0 : 1]);
    });

    it('keeps one vote per voter and answer: each cast numbered, a repeated cast refused', async () => {
      const seeded = await store.tx((db) => seed(db, 'vote'));
      const { alice, bob } = seeded;
      const first = await store.tx(async (db) => {
        const { round, answer } = await roundWithAnswer(db, seeded);
        const again = await db.answers.insert({
          roundId: round.id,
          memberId: alice.id,
          text: 'b',
          source: 'thread',
          messageRef: null,
          now: NOW,
        });
        await db.votes.insert({ answerId: answer.id, voterId: bob.id, source: 'reaction', points: 2, casts: 1, now: NOW });
        return { again, answer, last: await db.votes.lastCast(answer.id, bob.id) };
      });
      expect(first.again).toBeUndefined();
      expect(first.last).toEqual({ casts: 1, standing: true });
      const cast = (casts: number) =>
        store.tx((db) => db.votes.insert({ answerId: first.answer.id, voterId: bob.id, source: 'button', points: 2, casts, now: NOW }));
      await expect(cast(1)).rejects.toThrow();
      await expect(cast(2)).rejects.toThrow();
      const recast = await store.tx(async (db) => {
        await db.votes.retract(first.answer.id, bob.id, NOW + 1);
        const retracted = await db.votes.lastCast(first.answer.id, bob.id);
        await db.votes.insert({ answerId: first.answer.id, voterId: bob.id, source: 'button', points: 0, casts: 2, now: NOW + 2 });
        return { retracted, last: await db.votes.lastCast(first.answer.id, bob.id), count: await db.votes.countForAnswer(first.answer.id) };
      });
      expect(recast).toEqual({ retracted: { casts: 1, standing: false }, last: { casts: 2, standing: true }, count: 1 });
      expect(await store.tx((db) => db.votes.find(first.answer.id, bob.id))).toMatchObject({ source: 'button', casts: 2 });
      await expect(cast(2)).rejects.toThrow();
    });

    it('runs the writes handed to commitWith after the function, in order, and takes everything back when one fails', async () => {
      const seeded = await store.tx((db) => seed(db, 'commit-with'));
      const { answer } = await store.tx((db) => roundWithAnswer(db, seeded));
      const seen = await store.tx(async (db, commitWith) => {
        commitWith(() => db.meta.set('commit-with:kept', 'first', NOW));
        commitWith(() => db.meta.set('commit-with:kept', 'second', NOW));
        // Deferred: not written yet while the function runs.
        return db.meta.get('commit-with:kept');
      });
      expect(seen).toBeUndefined();
      expect(await store.tx((db) => db.meta.get('commit-with:kept'))).toBe('second');
      const vote = { answerId: answer.id, voterId: seeded.bob.id, source: 'reaction' as const, points: 2, casts: 1, now: NOW };
      await store.tx(async (db, commitWith) => commitWith(() => db.votes.insert(vote)));
      const failing = store.tx(async (db, commitWith) => {
        await db.meta.set('commit-with:lost', 'yes', NOW);
        commitWith(() => db.votes.insert(vote));
        commitWith(() => db.meta.set('commit-with:after-the-failure', 'yes', NOW));
        return 'returned';
      });
      await expect(failing).rejects.toThrow();
      expect(await store.tx((db) => db.meta.get('commit-with:lost'))).toBeUndefined();
      expect(await store.tx((db) => db.meta.get('commit-with:after-the-failure'))).toBeUndefined();
      expect(await store.tx((db) => db.votes.countForAnswer(answer.id))).toBe(1);
    });

    it('keeps one peer review per reviewer and answer: an edit changes what it says, not its points', async () => {
      const seeded = await store.tx((db) => seed(db, 'review'));
      const { alice, bob } = seeded;
      const out = await store.tx(async (db) => {
        const { round, answer } = await roundWithAnswer(db, seeded);
        const review = {
          answerId: answer.id,
          reviewerId: bob.id,
          roundId: round.id,
          covered: [1, 3],
          comment: 'c',
          points: 2,
          createdAt: NOW,
        };
        const first = await db.peerReviews.insert(review);
        const second = await db.peerReviews.insert({ ...review, covered: [2], points: 2 });
        await db.peerReviews.update(answer.id, bob.id, [1, 2, 4], 'better', NOW + 5);
        return {
          first,
          second,
          found: await db.peerReviews.find(answer.id, bob.id),
          byRound: await db.peerReviews.listByRound(round.id),
          forAuthor: await db.peerReviews.listForAuthor(alice.id),
          pointed: await db.peerReviews.countPointedInRound(bob.id, round.id),
          answerId: answer.id,
        };
      });
      expect(out.first).toMatchObject({ covered: [1, 3], points: 2 });
      expect(out.second).toBeUndefined();
      expect(out.found).toMatchObject({ covered: [1, 2, 4], comment: 'better', points: 2, createdAt: NOW, updatedAt: NOW + 5 });
      expect(out.byRound).toHaveLength(1);
      expect(out.forAuthor).toEqual([out.found]);
      expect(out.pointed).toBe(1);
      await store.tx((db) => db.answers.remove(out.answerId));
      expect(await store.tx((db) => db.peerReviews.listByReviewer(bob.id))).toEqual([]);
    });

    it('finds closed rounds by the words of their answers and questions, each workspace its own, and forgets erased text', async () => {
      const closedRound = async (tag: string, text: string) =>
        store.tx(async (db) => {
          const s = await seed(db, tag);
          const { round, answer } = await roundWithAnswer(db, s, { slot: 'archive', text });
          await db.votes.insert({ answerId: answer.id, voterId: s.bob.id, source: 'reaction', points: 2, casts: 1, now: NOW });
          await db.rounds.setStatus(round.id, ['posting'], 'closed', NOW + 1);
          await db.scores.award(award(s.ws, s.alice.id, `archive-${tag}`, 7));
          return { ...s, round, answer };
        });
      const a = await closedRound('arch-a', 'Idempotency keys stop double charges.');
      const b = await closedRound('arch-b', 'Idempotency in the rival team.');
      const search = (ws: number, words: string[]) => store.tx((db) => db.dashboard.archive(ws as never, { words, limit: 10, offset: 0 }));
      const found = await search(a.ws.id, ['idempotency']);
      expect(found.total).toBe(1);
      expect(found.entries[0]!.answers).toEqual([
        { memberId: a.alice.id, displayName: 'alice', text: 'Idempotency keys stop double charges.', votes: 1 },
      ]);
      expect(found.entries[0]!.question.body.modelAnswer).toBe('It runs callbacks.');
      expect((await search(b.ws.id, ['idempotency'])).entries.map((e) => e.roundId)).toEqual([b.round.id]);
      expect((await search(a.ws.id, ['event', 'loop'])).entries.map((e) => e.roundId)).toEqual([a.round.id]);
      expect((await search(a.ws.id, ['callbacks'])).total).toBe(1);
      expect((await search(a.ws.id, ['rival'])).total).toBe(0);
      await store.tx((db) => db.answers.updateText(a.answer.id, 'Dedupe tables instead.', NOW + 2));
      expect((await search(a.ws.id, ['charges'])).total).toBe(0);
      expect((await search(a.ws.id, ['dedupe'])).total).toBe(1);
      await store.tx((db) => db.answers.remove(a.answer.id));
      expect((await search(a.ws.id, ['dedupe'])).total).toBe(0);
      const views = await store.tx(async (db) => ({
        points: await db.dashboard.periodPoints(a.ws.id, ['w:2026-W49', 'w:2026-W48'], '', [a.alice.id, b.alice.id]),
        activity: await db.dashboard.roundActivity(b.ws.id, NOW - 1),
        coverage: await db.dashboard.categoryCoverage(b.ws.id),
      }));
      expect(views.points).toEqual([{ memberId: a.alice.id, period: 'w:2026-W49', points: 7 }]);
      expect(views.activity).toEqual([{ roundId: b.round.id, slotAt: NOW, answers: 1, voters: 1 }]);
      expect(views.coverage).toEqual([{ category: 'nodejs', rounds: 1, answers: 1 }]);
    });

    it('leases outbox messages to one sender; a lease that ran out is taken over and marked as a retry', async () => {
      const { ws } = await store.tx((db) => seed(db, 'outbox'));
      const ids = await store.tx(async (db) => [await db.outbox.add(ws.id, '{"n":1}', NOW), await db.outbox.add(ws.id, '{"n":2}', NOW)]);
      const a = await store.tx((db) => db.outbox.claimDue('sender-a', NOW, NOW + 60_000, 10));
      expect(a.filter((e) => ids.includes(e.id)).map((e) => [e.item, e.isRetry])).toEqual([
        ['{"n":1}', false],
        ['{"n":2}', false],
      ]);
      expect(
        (await store.tx((db) => db.outbox.claimDue('sender-b', NOW + 1_000, NOW + 61_000, 10))).filter((e) => ids.includes(e.id)),
      ).toEqual([]);
      await store.tx((db) => db.outbox.markSent(ids[0]!, null, NOW + 2_000));
      const b = await store.tx((db) => db.outbox.claimDue('sender-b', NOW + 60_000, NOW + 120_000, 10));
      expect(b.filter((e) => ids.includes(e.id)).map((e) => [e.id, e.isRetry])).toEqual([[ids[1], true]]);
      await store.tx((db) => db.outbox.recordFailure(ids[1]!, NOW + 200_000));
      expect(
        (await store.tx((db) => db.outbox.claimDue('sender-b', NOW + 150_000, NOW + 210_000, 10))).filter((e) => ids.includes(e.id)),
      ).toEqual([]);
      const retried = await store.tx((db) => db.outbox.claimDue('sender-b', NOW + 200_000, NOW + 260_000, 10));
      expect(retried.filter((e) => ids.includes(e.id)).map((e) => e.attempts)).toEqual([1]);
      await store.tx((db) => db.outbox.recordFailure(ids[1]!, null));
      expect(await store.tx((db) => db.outbox.claimDue('sender-b', NOW + 10_000_000, NOW + 10_060_000, 10))).toEqual([]);
    });

    it('lists challenge clicks in arrival order, also within one millisecond, never by member id; a second click is refused', async () => {
      const { ws, alice, bob, channel, questionId } = await store.tx((db) => seed(db, 'clicks'));
      const zed = await store.tx((db) => db.members.ensure(ws.id, { ref: userRef('zed-clicks'), name: 'zed', isBot: false }, NOW));
      const ch = await store.tx((db) =>
        db.quiz.createChallenge({ channelId: channel.id, questionId, choiceOrder: [0, 1], startedAt: NOW, endsAt: NOW + 30_000 }),
      );
      const click = (memberId: typeof alice.id, chosen: number) =>
        store.tx((db) => db.quiz.respond(ch.id, { memberId, chosen, isCorrect: chosen === 0, at: NOW + 1_000 }));
      expect([await click(zed.id, 0), await click(bob.id, 1), await click(alice.id, 0), await click(zed.id, 1)]).toEqual([
        true,
        true,
        true,
        false,
      ]);
      const order = await store.tx((db) => db.quiz.responses(ch.id));
      expect(order.map((r) => r.memberId)).toEqual([zed.id, bob.id, alice.id]);
      expect(order[0]).toMatchObject({ chosen: 0, isCorrect: true, at: NOW + 1_000 });
      expect(await store.tx((db) => db.quiz.responsesOf(zed.id))).toEqual([
        { challengeId: ch.id, questionId, memberId: zed.id, chosen: 0, isCorrect: true, at: NOW + 1_000 },
      ]);
    });

    it('keeps one installation per platform and workspace: a reinstall replaces it, removing it leaves the others', async () => {
      const inst = (workspace: string, sealed: string): Installation => ({
        platform: 'test',
        workspace: workspaceRef(workspace),
        enterpriseRef: workspace.startsWith('E') ? workspace : null,
        isOrgWide: workspace.startsWith('E'),
        botUserRef: userRef(`B-${workspace}`),
        scopes: ['commands', 'chat:write'],
        installerRef: userRef('U-installer'),
        sealed,
        installedAt: NOW,
      });
      await store.tx(async (db) => {
        await db.installations.save(inst('T-inst-1', 'first'));
        await db.installations.save(inst('E-inst-org', 'org'));
        await db.installations.save({ ...inst('T-inst-1', 'other platform'), platform: 'other' });
      });
      await store.tx((db) => db.installations.save({ ...inst('T-inst-1', 'reinstalled'), scopes: ['commands'] }));
      const found = await store.tx((db) => db.installations.find('test', workspaceRef('T-inst-1')));
      expect(found).toEqual({ ...inst('T-inst-1', 'reinstalled'), scopes: ['commands'] });
      expect(await store.tx((db) => db.installations.find('test', workspaceRef('E-inst-org')))).toMatchObject({
        isOrgWide: true,
        enterpriseRef: 'E-inst-org',
        sealed: 'org',
      });
      const [removed, again] = await store.tx(async (db) => [
        await db.installations.remove('test', workspaceRef('T-inst-1')),
        await db.installations.remove('test', workspaceRef('T-inst-1')),
      ]);
      expect([removed, again]).toEqual([true, false]);
      const after = await store.tx(async (db) => [
        await db.installations.find('test', workspaceRef('T-inst-1')),
        await db.installations.find('other', workspaceRef('T-inst-1')),
        await db.installations.find('test', workspaceRef('E-inst-org')),
      ]);
      expect(after.map((i) => i?.sealed)).toEqual([undefined, 'other platform', 'org']);
    });

    it('says which workspace owns the message a vote names, and the reacting member’s last cast on it', async () => {
      const one = await store.tx((db) => seed(db, 'owner-1'));
      const before = await store.tx(async (db) => {
        await roundWithAnswer(db, one, { ref: 'M-owner-1' });
        return db.answers.findVoteTarget(messageRef('M-owner-1'), one.bob.userRef);
      });
      expect(before?.channel.workspaceId).toBe(one.ws.id);
      expect(before?.lastCast).toBeUndefined();
      const after = await store.tx(async (db) => {
        await db.votes.insert({ answerId: before!.answer.id, voterId: one.bob.id, source: 'reaction', points: 2, casts: 1, now: NOW });
        return db.answers.findVoteTarget(messageRef('M-owner-1'), one.bob.userRef);
      });
      expect(after).toMatchObject({ pointedVotes: 1, lastCast: { casts: 1, standing: true } });
      expect((await store.tx((db) => db.answers.findVoteTarget(messageRef('M-owner-1'), one.alice.userRef)))?.lastCast).toBeUndefined();
      expect(await store.tx((db) => db.answers.findVoteTarget(messageRef('M-nobody'), one.bob.userRef))).toBeUndefined();
    });

    it('keeps one workspace’s rows out of another’s reads', async () => {
      const one = await store.tx((db) => seed(db, 'iso-1'));
      const two = await store.tx((db) => seed(db, 'iso-2'));
      await store.tx((db) => db.scores.award(award(one.ws, one.alice.id, 'iso:1', 5)));
      const [top1, top2, byRef] = await store.tx(async (db) => [
        await db.scores.top(one.ws.id, 'all', '', 10),
        await db.scores.top(two.ws.id, 'all', '', 10),
        await db.members.findByRef(two.ws.id, userRef('alice-iso-1')),
      ]);
      expect(top1.map((r) => r.points)).toEqual([5]);
      expect(top2).toEqual([]);
      expect(byRef).toBeUndefined();
    });
  });
}
