import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { userRef } from '../../src/core/index.js';
import { homeView } from '../../src/core/home.js';
import { REPEAT_GAP_MS } from '../../src/core/quiz/drill.js';
import { createHarness, type Harness } from '../support/core-harness.js';
import { answer, card, DAY, lastAttempt, member, MINUTE, only, press, quizUntil, workspace, type Grade } from './quiz-helpers.js';

const when = (ms: number) => DateTime.fromMillis(ms, { zone: 'UTC' }).toFormat('ccc d LLL HH:mm ZZZZ');

/** Serves the question through `/dojo review`, grades it, and returns the interval the stored card got. */
async function review(h: Harness, user: string, questionId: string, grade: Grade): Promise<number> {
  const shown = only(await h.command(user, 'review'));
  expect(shown.title).toMatch(/ · review$/);
  expect((await lastAttempt(h, user)).question.id).toBe(questionId);
  await answer(h, user, shown, grade);
  return (await card(h, user, questionId))!.due - h.clock.ms;
}

describe('spaced repetition', () => {
  it('grows the interval with each Good or Easy and shrinks it after Again, as stored on the card', async () => {
    const h = createHarness();
    const shown = await quizUntil(h, 'alice', 'open');
    const q = (await lastAttempt(h, 'alice')).question;
    await answer(h, 'alice', shown, 'Good');
    const intervals = [(await card(h, 'alice', q.id))!.due - h.clock.ms];
    const step = async (grade: Grade) => {
      const c = (await card(h, 'alice', q.id))!;
      h.clock.ms = Math.max(c.due, c.lastReviewAt! + REPEAT_GAP_MS);
      intervals.push(await review(h, 'alice', q.id, grade));
    };
    await step('Good');
    await step('Good');
    await step('Easy');
    await step('Again');
    await step('Good');
    await step('Good');
    const [learn, g1, g2, easy, again, r1, r2] = intervals as [number, number, number, number, number, number, number];
    // Interview practice, not cramming: a first Good comes back in days, a lapse the next day.
    expect(learn).toBe(3 * DAY);
    expect(g1).toBeGreaterThan(learn);
    expect(g2).toBeGreaterThan(g1);
    expect(easy).toBeGreaterThan(g2);
    expect(again).toBeLessThan(easy);
    expect(r1).toBeGreaterThan(again);
    expect(r1).toBeLessThan(easy);
    expect(r2).toBeGreaterThan(r1);
    expect(await card(h, 'alice', q.id)).toMatchObject({ reps: 7, lapses: 1 });
  });

  it('serves a missed multiple-choice question again the next day, then spaces it out once it is right', async () => {
    const h = createHarness();
    const shown = await quizUntil(h, 'alice', 'mcq');
    const q = (await lastAttempt(h, 'alice')).question;
    await answer(h, 'alice', shown, 'Again');
    expect((await card(h, 'alice', q.id))!.due - h.clock.ms).toBe(DAY);
    expect(only(await h.command('alice', 'review')).text).toMatch(/^Nothing is due right now\. Your next review is due Tue 1 Dec/);
    h.clock.advance(DAY);
    const again = await review(h, 'alice', q.id, 'Good');
    expect(again).toBeGreaterThanOrEqual(2 * DAY);
    h.clock.advance(again);
    const good = await review(h, 'alice', q.id, 'Good');
    expect(good).toBeGreaterThan(again);
  });
});

describe('/dojo review', () => {
  it('serves due items one at a time, oldest due first, then says when the next one is due', async () => {
    const h = createHarness();
    const asked: string[] = [];
    for (let i = 0; i < 3; i++) {
      const shown = only(await h.command('alice', 'quiz'));
      asked.push((await lastAttempt(h, 'alice')).question.id);
      await answer(h, 'alice', shown, 'Good');
      h.clock.advance(MINUTE);
    }
    // Due on Thu 3 Dec at 08:00, 08:01 and 08:02; served in that order however they were answered since.
    h.clock.set('2026-12-03T12:00:00Z');
    const served: string[] = [];
    for (let i = 0; i < 3; i++) {
      const reply = await h.command('alice', 'review');
      expect(reply.private).toHaveLength(1);
      expect(reply.private[0]!.title).toMatch(/ · review$/);
      served.push((await lastAttempt(h, 'alice')).question.id);
      expect((await lastAttempt(h, 'alice')).attempt.kind).toBe('review');
      await answer(h, 'alice', reply.private[0]!, 'Good');
    }
    expect(served).toEqual(asked);
    const firstDue = (await card(h, 'alice', asked[0]!))!.due;
    expect(firstDue).toBeGreaterThan(h.clock.ms + DAY);
    const none = only(await h.command('alice', 'review'));
    expect(none.text).toBe(`Nothing is due right now. Your next review is due ${when(firstDue)}.`);
  });

  it('offers "Next review" after a review and stops when nothing is due', async () => {
    const h = createHarness();
    for (let i = 0; i < 2; i++) await answer(h, 'alice', only(await h.command('alice', 'quiz')), 'Good');
    h.clock.advance(4 * DAY);
    const feedback = await answer(h, 'alice', only(await h.command('alice', 'review')), 'Good');
    expect(feedback.buttons!.map((b) => b.label)).toEqual(['Next review']);
    const second = only(await press(h, 'alice', feedback, 'Next review'));
    const done = await answer(h, 'alice', second, 'Good');
    expect(only(await press(h, 'alice', done, 'Next review')).text).toMatch(/^Nothing is due right now\. Your next review is due /);
  });

  it('says there is nothing to review yet before the first quiz', async () => {
    const h = createHarness();
    expect(only(await h.command('alice', 'review')).text).toBe('Nothing to review yet — try `/dojo quiz` first.');
  });

  it('brings a missed question back the next day, not minutes later, and says when', async () => {
    const h = createHarness();
    const shown = await quizUntil(h, 'alice', 'mcq');
    const q = (await lastAttempt(h, 'alice')).question;
    const answeredAt = h.clock.ms;
    await answer(h, 'alice', shown, 'Again');
    h.clock.advance(REPEAT_GAP_MS);
    expect(await h.repos.quiz.countDue((await member(h, 'alice')).id, h.clock.ms)).toBe(0);
    expect(only(await h.command('alice', 'review')).text).toBe(
      `Nothing is due right now. Your next review is due ${when(answeredAt + DAY)}.`,
    );
    h.clock.ms = answeredAt + DAY;
    only(await h.command('alice', 'review'));
    expect(await lastAttempt(h, 'alice')).toMatchObject({ question: { id: q.id }, attempt: { kind: 'review' } });
  });

  it('shows due reviews, reviews done and retention in /dojo stats', async () => {
    const h = createHarness();
    for (let i = 0; i < 3; i++) await answer(h, 'alice', only(await h.command('alice', 'quiz')), 'Good');
    expect(only(await h.command('alice', 'stats')).text).toContain('**Reviews due:** 0 · **reviews done:** 0\n');
    h.clock.advance(4 * DAY);
    expect(only(await h.command('alice', 'stats')).text).toContain('**Reviews due:** 3 · **reviews done:** 0\n');
    expect(only(await h.command('bob', 'stats alice')).text).toContain('**Reviews due:** 3');
    await answer(h, 'alice', only(await h.command('alice', 'review')), 'Good');
    await answer(h, 'alice', only(await h.command('alice', 'review')), 'Again');
    expect(only(await h.command('alice', 'stats')).text).toContain('**Reviews due:** 1 · **reviews done:** 2 · **retention:** 50%\n');
  });
});

describe('due counts in the home view', () => {
  it('shows how many reviews are due, with the command to run', async () => {
    const h = createHarness();
    for (let i = 0; i < 2; i++) await answer(h, 'alice', only(await h.command('alice', 'quiz')), 'Good');
    const actor = { ref: userRef('alice'), name: 'alice', isBot: false, isPlatformAdmin: false };
    const ws = await workspace(h);
    const alice = await member(h, 'alice');
    const home = async () => (await h.core((t) => homeView(t, ws, alice, actor, h.clock.ms)))[0]!.text;
    expect(await home()).toContain('**reviews due:** 0');
    h.clock.advance(4 * DAY);
    expect(await home()).toContain('**reviews due:** 2 — run `/dojo review`');
  });
});

describe('daily review nudge', () => {
  const nudges = (h: Harness, user: string) => h.port.posts.filter((p) => p.to === userRef(user)).map((p) => p.message.text);

  it('is opt-in, tells how many reviews are due at most once per local day, and says nothing when none are due', async () => {
    const h = createHarness();
    for (const user of ['alice', 'carol']) {
      await answer(h, user, await quizUntil(h, user, 'open'), 'Again');
      await answer(h, user, await quizUntil(h, user, 'open'), 'Good');
    }
    expect(only(await h.command('alice', 'review nudge on')).text).toBe('I will tell you once a day when reviews are due.');
    expect(only(await h.command('bob', 'review Nudge ON')).text).toBe('I will tell you once a day when reviews are due.');
    expect(only(await h.command('bob', 'review nudge maybe')).text).toBe(
      'nudge takes on or off (got "maybe").\nUsage: `/dojo review [nudge on|off]`',
    );
    h.clock.set('2026-12-03T08:59:00Z');
    await h.dojo.tick();
    expect(nudges(h, 'alice')).toEqual([]);
    for (const t of ['09:00', '09:01', '13:30', '23:59']) {
      h.clock.set(`2026-12-03T${t}:00Z`);
      await h.dojo.tick();
    }
    expect(nudges(h, 'alice')).toEqual(['You have 2 reviews due. Run `/dojo review` when you have five minutes.']);
    expect(nudges(h, 'bob')).toEqual([]);
    expect(nudges(h, 'carol')).toEqual([]);

    h.clock.set('2026-12-04T09:30:00Z');
    await answer(h, 'alice', only(await h.command('alice', 'review')), 'Easy');
    await h.dojo.tick();
    await h.dojo.tick();
    expect(nudges(h, 'alice')).toHaveLength(2);
    expect(nudges(h, 'alice')[1]).toBe('You have 1 review due. Run `/dojo review` when you have five minutes.');

    await answer(h, 'alice', only(await h.command('alice', 'review')), 'Easy');
    h.clock.set('2026-12-05T09:00:00Z');
    expect(await h.repos.quiz.countDue((await member(h, 'alice')).id, h.clock.ms)).toBe(0);
    await h.dojo.tick();
    expect(nudges(h, 'alice')).toHaveLength(2);

    expect(only(await h.command('alice', 'review nudge off')).text).toBe('Daily review reminders are off.');
    h.clock.set('2026-12-20T09:00:00Z');
    await h.dojo.tick();
    expect(nudges(h, 'alice')).toHaveLength(2);
  });

  it("counts the day in the workspace's timezone", async () => {
    const h = createHarness();
    await h.command('boss', 'config tz=America/New_York', { admin: true });
    await answer(h, 'alice', await quizUntil(h, 'alice', 'mcq'), 'Again');
    await h.command('alice', 'review nudge on');
    // Missed on Mon 30 Nov, due Tue 1 Dec 08:00 UTC; New York's 09:00 that day is 14:00 UTC.
    h.clock.set('2026-12-01T13:59:00Z');
    await h.dojo.tick();
    expect(nudges(h, 'alice')).toEqual([]);
    h.clock.set('2026-12-01T14:00:00Z');
    await h.dojo.tick();
    h.clock.set('2026-12-02T04:00:00Z');
    await h.dojo.tick();
    expect(nudges(h, 'alice')).toEqual(['You have 1 review due. Run `/dojo review` when you have five minutes.']);
  });
});
