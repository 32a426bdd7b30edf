import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NeutralMessage } from '../../src/core/index.js';
import { LETTERS } from '../../src/core/quiz/pick.js';
import type { Challenge } from '../../src/core/quiz/quiz-store.js';
import { CH, createHarness, type Harness, type Posted } from '../support/core-harness.js';
import { ledger, member, MINUTE, only, press } from './quiz-helpers.js';
import { tempDir } from '../support/temp-dir.js';

const SECOND = 1000;

async function practiceChannel(h: Harness) {
  await h.command('boss', 'setup', { admin: true });
  const ws = (await h.repos.workspaces.findByRef('test', 'T1' as never))!;
  return (await h.repos.channels.findByRef(ws.id, CH))!;
}

/** Starts a challenge and returns its public post and row. */
async function startChallenge(h: Harness, args = '30') {
  const before = h.port.posts.length;
  const reply = only(await h.command('alice', `challenge ${args}`));
  const posted = h.port.posts.slice(before).filter((p) => p.message.marker?.startsWith('challenge:'));
  expect(posted).toHaveLength(1);
  const id = Number(posted[0]!.message.marker!.split(':')[1]);
  // A copy: the recording port edits its own entry when the post is updated at the end.
  return { reply, post: { ...posted[0]!, message: structuredClone(posted[0]!.message) }, challenge: (await h.repos.quiz.challenge(id))! };
}

/** The letter of the right choice, and one wrong one, as shown in the challenge. */
async function letters(h: Harness, ch: Challenge) {
  const q = (await h.repos.content.get(ch.questionId))!;
  const right = ch.choiceOrder.findIndex((o) => q.body.choices![o]!.correct);
  return { right: LETTERS[right]!, wrong: LETTERS[(right + 1) % 4]!, other: LETTERS[(right + 2) % 4]!, question: q };
}

const click = (h: Harness, user: string, post: Posted, label: string) => press(h, user, post.message, label);
const results = (h: Harness, post: Posted) => h.port.inThread(post.ref).map((p) => p.message);
const responses = (h: Harness, ch: Challenge) => h.repos.quiz.responses(ch.id);

describe('team challenges', () => {
  it('posts a public multiple-choice question with one button per choice and a countdown', async () => {
    const h = createHarness();
    await practiceChannel(h);
    const { reply, post, challenge } = await startChallenge(h);
    const { question } = await letters(h, challenge);
    expect(reply.text).toBe('Challenge posted: 30 seconds on the clock.');
    expect(post.channel).toBe(CH);
    expect(post.thread).toBeUndefined();
    expect(post.to).toBeUndefined();
    expect(post.message.title).toMatch(/^⏱ Team challenge · /);
    expect(post.message.text).toContain(question.prompt);
    expect(post.message.buttons!.map((b) => b.label)).toEqual(['A', 'B', 'C', 'D']);
    expect(post.message.footer).toBe(
      '30 s on the clock, results at 08:00:30 UTC. Your first click counts and nobody sees it before the end. Correct +5, first correct +3 more.',
    );
    expect(question.type).toBe('mcq');
    expect(challenge).toMatchObject({ status: 'running', messageRef: post.ref, endsAt: h.clock.ms + 30 * SECOND });
  });

  it('decides "first" by arrival order, even for clicks in the same millisecond, never by member id', async () => {
    const h = createHarness();
    await practiceChannel(h);
    // alice and bob exist (and get their member ids) before zed, who then clicks first.
    await h.command('bob', 'help');
    const { post, challenge } = await startChallenge(h, '15');
    const { right } = await letters(h, challenge);
    h.clock.advance(SECOND);
    await click(h, 'zed', post, right);
    await click(h, 'bob', post, right);
    await click(h, 'alice', post, right);
    expect((await member(h, 'zed')).id).toBeGreaterThan((await member(h, 'bob')).id);
    const at = (await responses(h, challenge)).map((r) => r.at);
    expect(new Set(at).size).toBe(1);
    h.clock.advance(20 * SECOND);
    await h.dojo.tick();
    expect(results(h, post)[0]!.text).toContain('**Got it (3/3):** zed (first, +8), bob (+5), alice (+5)');
    const picks = JSON.parse(only(await h.command('zed', 'export')).code!).challengePicks;
    expect(picks).toEqual([
      { challenge: challenge.id, question: challenge.questionId, choice: expect.any(Number), correct: true, at: expect.any(String) },
    ]);
  });

  it("counts each member's first click only, reveals no choice before the end, then names who got it with +5 and +3 for the first", async () => {
    const h = createHarness();
    await practiceChannel(h);
    const { post, challenge } = await startChallenge(h, '45');
    const { right, wrong, other, question } = await letters(h, challenge);
    const publicBefore = JSON.stringify(h.port.posts);
    h.clock.advance(2 * SECOND);
    expect(only(await click(h, 'bob', post, wrong)).text).toBe(`Locked in: ${wrong}. Results when the timer ends.`);
    h.clock.advance(3 * SECOND);
    expect(only(await click(h, 'carol', post, right)).text).toBe(`Locked in: ${right}. Results when the timer ends.`);
    h.clock.advance(SECOND);
    await click(h, 'alice', post, right);
    await click(h, 'dave', post, other);
    const rows = await responses(h, challenge);
    expect(only(await click(h, 'bob', post, right)).text).toBe('Your first answer is locked in — only the first click counts.');
    expect(only(await click(h, 'carol', post, wrong)).text).toBe('Your first answer is locked in — only the first click counts.');
    expect(await responses(h, challenge)).toEqual(rows);
    // Nothing public changed: no tallies, no names, no edited post.
    expect(JSON.stringify(h.port.posts)).toBe(publicBefore);
    h.clock.advance(30 * SECOND);
    await h.dojo.tick();
    expect(results(h, post)).toEqual([]);
    expect(await ledger(h, 'carol')).toEqual([]);

    h.clock.set('2026-11-30T08:00:45Z');
    await h.dojo.tick();
    const [res] = results(h, post) as [NeutralMessage];
    expect(res.title).toBe(`Challenge results · answer ${right}`);
    expect(res.text).toContain(`**${right}.** ${question.body.choices!.find((c) => c.correct)!.text}`);
    expect(res.text).toContain(question.body.explanation!);
    expect(res.text).toContain('**Got it (2/4):** carol (first, +8), alice (+5)');
    expect(res.text).toMatch(new RegExp(`\\*\\*Picks:\\*\\* .*${right} 2`));
    expect(h.port.posts.find((p) => p.ref === post.ref)!.message.buttons).toEqual([]);
    expect((await h.repos.quiz.challenge(challenge.id))!.status).toBe('ended');
    const points = async (user: string) => (await ledger(h, user)).map((a) => [a.reason, a.points]);
    expect(await points('carol')).toEqual([
      ['challenge', 5],
      ['challenge-first', 3],
    ]);
    expect(await points('alice')).toEqual([['challenge', 5]]);
    expect(await points('bob')).toEqual([]);
    expect(only(await h.command('dave', 'top')).text).toMatch(/1\. carol — 8\n\s*2\. alice — 5/);
    expect(only(await click(h, 'erin', post, right)).text).toBe('This challenge has ended.');
  });

  it('puts points through the ledger exactly once: ticking again changes nothing', async () => {
    const h = createHarness();
    await practiceChannel(h);
    const { post, challenge } = await startChallenge(h, '15');
    const { right } = await letters(h, challenge);
    await click(h, 'alice', post, right);
    await click(h, 'bob', post, right);
    h.clock.advance(15 * SECOND);
    await h.dojo.tick();
    const after = { posts: h.port.posts.length, alice: await ledger(h, 'alice'), bob: await ledger(h, 'bob') };
    for (let i = 0; i < 3; i++) {
      h.clock.advance(MINUTE);
      await h.dojo.tick();
    }
    expect(h.port.posts.length).toBe(after.posts);
    expect(await ledger(h, 'alice')).toEqual(after.alice);
    expect(await ledger(h, 'bob')).toEqual(after.bob);
    const ws = (await h.repos.workspaces.findByRef('test', 'T1' as never))!;
    expect(await h.repos.scores.rebuildTotals(ws.id)).toEqual([]);
  });

  it('uses the workspace point settings in the post and the results', async () => {
    const h = createHarness();
    await practiceChannel(h);
    await h.command('boss', 'config points.challengeCorrect=4 points.challengeFirst=2', { admin: true });
    const { post, challenge } = await startChallenge(h, '20');
    expect(post.message.footer).toMatch(/Correct \+4, first correct \+2 more\.$/);
    await click(h, 'bob', post, (await letters(h, challenge)).right);
    h.clock.advance(20 * SECOND);
    await h.dojo.tick();
    expect(results(h, post)[0]!.text).toContain('**Got it (1/1):** bob (first, +6)');
    expect((await ledger(h, 'bob')).reduce((s, a) => s + a.points, 0)).toBe(6);
  });

  it('reports nobody when nobody got it, and awards nothing', async () => {
    const h = createHarness();
    await practiceChannel(h);
    const { post, challenge } = await startChallenge(h, '15');
    await click(h, 'bob', post, (await letters(h, challenge)).wrong);
    h.clock.advance(15 * SECOND);
    await h.dojo.tick();
    expect(results(h, post)[0]!.text).toContain('**Got it (0/1):** nobody this time');
    expect(await ledger(h, 'bob')).toEqual([]);
  });

  it('refuses challenge lengths outside 15–600 seconds with a short message', async () => {
    const h = createHarness();
    await practiceChannel(h);
    for (const s of ['14', '0', '601', '99999', '1000000000000']) {
      const reply = only(await h.command('alice', `challenge ${s}`));
      // However many digits: a number is a length, refused with the range.
      expect(reply.text.split('\n')[0]).toBe('Pick seconds between 15 and 600.');
      expect(reply.text.length).toBeLessThan(150);
    }
    expect(only(await h.command('alice', 'challenge 601')).text).toBe(
      'Pick seconds between 15 and 600.\nUsage: `/dojo challenge [category] [seconds]`',
    );
    expect(h.port.posts.filter((p) => p.message.marker?.startsWith('challenge:'))).toEqual([]);
    const short = await startChallenge(h, '15s');
    expect(short.challenge.endsAt - short.challenge.startedAt).toBe(15 * SECOND);
    h.clock.advance(15 * SECOND);
    await h.dojo.tick();
    const long = await startChallenge(h, 'security 600');
    expect(long.challenge.endsAt - long.challenge.startedAt).toBe(600 * SECOND);
    expect((await h.repos.content.get(long.challenge.questionId))!.category).toBe('security');
  });

  it('runs one challenge per channel at a time, and never repeats the previous question', async () => {
    const h = createHarness();
    await practiceChannel(h);
    const first = await startChallenge(h, 'api 15');
    expect(only(await h.command('bob', 'challenge')).text).toBe('A challenge is already running here — wait for its results.');
    let previous = first.challenge.questionId;
    for (let i = 0; i < 8; i++) {
      h.clock.advance(15 * SECOND);
      await h.dojo.tick();
      const next = await startChallenge(h, 'api 15');
      expect(next.challenge.questionId).not.toBe(previous);
      previous = next.challenge.questionId;
    }
  });

  it('refuses a challenge outside a practice channel', async () => {
    const h = createHarness();
    expect(only(await h.command('alice', 'challenge')).text).toMatch(/^This is not a practice channel yet\./);
  });

  const challengePosts = (h: Harness) => h.port.posts.filter((p) => p.message.marker?.startsWith('challenge:'));
  // A Saturday: no scheduled round joins the outbox while these tests run its retries out.
  const SATURDAY = '2026-11-28T08:00:00Z';
  /** Moves the clock to each time the outbox has something due and ticks, until it has nothing or `until` is reached. */
  async function runOutbox(h: Harness, until = Number.POSITIVE_INFINITY): Promise<number> {
    let ticks = 0;
    for (let next = await h.repos.outbox.nextDueAt(); next !== undefined && next <= until; next = await h.repos.outbox.nextDueAt()) {
      h.clock.ms = Math.max(h.clock.ms, next);
      await h.dojo.tick();
      ticks++;
    }
    return ticks;
  }

  it('posts a challenge whose post failed once when the outbox retries it, and runs it from there', async () => {
    const h = createHarness();
    await practiceChannel(h);
    h.port.failNext = 1;
    // The challenge is committed before anything is sent, so the command succeeds.
    expect(only(await h.command('alice', 'challenge 90')).text).toBe('Challenge posted: 90 seconds on the clock.');
    expect(challengePosts(h)).toEqual([]);
    const [pending] = await h.repos.quiz.runningChallenges();
    expect(pending).toMatchObject({ status: 'posting', messageRef: null });
    expect(only(await h.command('bob', 'challenge')).text).toBe('A challenge is already running here — wait for its results.');
    // The outbox tries again once its backoff has passed, not before.
    h.clock.advance(29 * SECOND);
    await h.dojo.tick();
    expect(challengePosts(h)).toEqual([]);
    h.clock.advance(SECOND);
    await h.dojo.tick();
    expect(challengePosts(h)).toHaveLength(1);
    const post = challengePosts(h)[0]!;
    const challenge = (await h.repos.quiz.challenge(pending!.id))!;
    expect(challenge).toMatchObject({ status: 'running', messageRef: post.ref });
    await click(h, 'bob', post, (await letters(h, challenge)).right);
    h.clock.ms = challenge.endsAt;
    await h.dojo.tick();
    expect(results(h, post)).toHaveLength(1);
    expect(results(h, post)[0]!.text).toContain('**Got it (1/1):** bob (first, +8)');
    expect(challengePosts(h)).toHaveLength(1);
  });

  it('ends a challenge whose post never went out without results, so it neither blocks the channel nor posts anything later', async () => {
    const h = createHarness({ start: SATURDAY });
    await practiceChannel(h);
    h.port.failNext = 1_000;
    await h.command('alice', 'challenge 15');
    const [pending] = await h.repos.quiz.runningChallenges();
    h.clock.advance(15 * SECOND);
    await h.dojo.tick();
    expect((await h.repos.quiz.challenge(pending!.id))!.status).toBe('ended');
    expect(await h.repos.quiz.liveChallenge(pending!.channelId)).toBeUndefined();
    // The platform comes back: nothing about the unseen challenge appears, and a new one runs.
    h.port.failNext = 0;
    await runOutbox(h, h.clock.ms + 24 * 60 * MINUTE);
    expect(h.port.posts).toEqual([]);
    const { challenge } = await startChallenge(h, '15');
    expect(challenge.status).toBe('running');
  });

  /** Bob answers right, the challenge ends, and posting its results fails once. */
  async function endWithFailedResultsPost() {
    const h = createHarness({ start: SATURDAY });
    await practiceChannel(h);
    const { post, challenge } = await startChallenge(h, '15');
    await click(h, 'bob', post, (await letters(h, challenge)).right);
    h.clock.advance(15 * SECOND);
    h.port.failNext = 1;
    await h.dojo.tick();
    return { h, post, challenge };
  }

  it('posts results again after a failed post, with points still awarded only once', async () => {
    const { h, post, challenge } = await endWithFailedResultsPost();
    expect(results(h, post)).toEqual([]);
    // The end is one transaction: points awarded and the challenge ended even though its results are not out yet.
    expect(await ledger(h, 'bob')).toHaveLength(2);
    expect((await h.repos.quiz.challenge(challenge.id))!.status).toBe('ended');
    // A new challenge may start while those results wait, and the tick knows when to retry them.
    expect(await h.repos.quiz.liveChallenge(challenge.channelId)).toBeUndefined();
    expect(await h.dojo.nextDueAt()).toBe(challenge.endsAt + 30 * SECOND);
    h.clock.advance(29 * SECOND);
    await h.dojo.tick();
    expect(results(h, post)).toEqual([]);
    h.clock.ms = challenge.endsAt + 30 * SECOND;
    await h.dojo.tick();
    await h.dojo.tick();
    expect(results(h, post)).toHaveLength(1);
    expect(results(h, post)[0]!.text).toContain('bob (first, +8)');
    expect(await ledger(h, 'bob')).toHaveLength(2);
    expect((await h.repos.quiz.challenge(challenge.id))!.status).toBe('ended');
  });

  it('gives up posting results after the outbox runs out of attempts, keeping the points', async () => {
    const { h, post, challenge } = await endWithFailedResultsPost();
    h.port.failNext = 1_000;
    // Eight attempts in all, the later ones further apart; then nothing is left to send.
    expect(await runOutbox(h)).toBe(7);
    expect(await h.repos.outbox.countPending()).toBe(0);
    h.port.failNext = 0;
    h.clock.advance(24 * 60 * MINUTE);
    await h.dojo.tick();
    expect(results(h, post)).toEqual([]);
    expect((await h.repos.quiz.challenge(challenge.id))!.status).toBe('ended');
    expect(await h.repos.quiz.runningChallenges()).toEqual([]);
    expect(await ledger(h, 'bob')).toHaveLength(2);
  });

  it('ends the challenge of a removed workspace quietly', async () => {
    const h = createHarness();
    await practiceChannel(h);
    const { post, challenge } = await startChallenge(h, '15');
    await click(h, 'bob', post, (await letters(h, challenge)).right);
    await h.as('boss', { kind: 'workspace-removed' });
    h.clock.advance(15 * SECOND);
    await h.dojo.tick();
    expect(results(h, post)).toEqual([]);
    expect((await h.repos.quiz.challenge(challenge.id))!.status).toBe('ended');
    expect(await ledger(h, 'bob')).toEqual([]);
  });
});

describe('a challenge across a restart', () => {
  /** A first core that starts a 60 s challenge and takes two clicks, then is dropped. */
  async function crashMidCountdown() {
    const path = join(tempDir('dojo-challenge-'), 'dojo.sqlite');
    const first = createHarness({ path });
    await practiceChannel(first);
    const { post, challenge } = await startChallenge(first, '60');
    const { right } = await letters(first, challenge);
    first.clock.advance(10 * SECOND);
    await click(first, 'bob', post, right);
    first.clock.advance(10 * SECOND);
    await click(first, 'carol', post, right);
    first.db.$client.close();
    return { path, post, challenge };
  }

  it('ends on time after the restart', async () => {
    const { path, post, challenge } = await crashMidCountdown();
    const second = createHarness({ path, content: false, start: '2026-11-30T08:00:40Z' });
    await second.dojo.tick();
    expect(second.port.posts).toEqual([]);
    expect(await second.dojo.nextDueAt()).toBe(challenge.endsAt);
    second.clock.set('2026-11-30T08:01:00Z');
    await second.dojo.tick();
    const res = second.port.inThread(post.ref);
    expect(res).toHaveLength(1);
    expect(res[0]!.message.text).toContain('**Got it (2/2):** bob (first, +8), carol (+5)');
    expect((await second.repos.scores.ledgerFor((await member(second, 'bob')).id)).map((a) => a.points)).toEqual([5, 3]);
    second.db.$client.close();
  });

  it('ends at once when it was overdue at boot, and a third boot changes nothing', async () => {
    const { path, post } = await crashMidCountdown();
    const second = createHarness({ path, content: false, start: '2026-11-30T08:30:00Z' });
    await second.dojo.tick();
    expect(second.port.inThread(post.ref)).toHaveLength(1);
    const points = await second.repos.scores.ledgerFor((await member(second, 'carol')).id);
    expect(points.map((a) => a.points)).toEqual([5]);
    second.db.$client.close();
    const third = createHarness({ path, content: false, start: '2026-11-30T08:31:00Z' });
    await third.dojo.tick();
    expect(third.port.posts).toEqual([]);
    expect(await third.repos.scores.ledgerFor((await member(third, 'carol')).id)).toEqual(points);
    third.db.$client.close();
  });
});
