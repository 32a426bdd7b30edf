import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NeutralMessage } from '../../src/core/index.js';
import { createHarness } from '../support/core-harness.js';
import { LETTERS } from '../../src/core/quiz/pick.js';
import {
  answer,
  attemptRows,
  card,
  lastAttempt,
  ledger,
  letterFor,
  member,
  DAY,
  MINUTE,
  only,
  press,
  quizUntil,
  workspace,
} from './quiz-helpers.js';

describe('private drills', () => {
  it('shows a multiple-choice question privately with one button per choice', async () => {
    const h = createHarness();
    const shown = await quizUntil(h, 'alice', 'mcq');
    const { question, attempt } = await lastAttempt(h, 'alice');
    expect(shown.title).toMatch(/^Quiz · .+ · (easy|medium|hard)$/);
    expect(shown.text).toContain(question.prompt);
    expect(shown.buttons!.map((b) => b.label)).toEqual(['A', 'B', 'C', 'D']);
    for (const [i, original] of attempt.choiceOrder.entries()) {
      expect(shown.text).toContain(`**${LETTERS[i]}.** ${question.body.choices![original]!.text}`);
    }
    expect(h.port.posts).toEqual([]);
  });

  it('answers a right choice at once with the explanation, the right choice and the next review', async () => {
    const h = createHarness();
    const shown = await quizUntil(h, 'alice', 'mcq');
    const { question, attempt } = await lastAttempt(h, 'alice');
    const right = await letterFor(h, 'alice', true);
    const feedback = only(await press(h, 'alice', shown, right));
    const rightText = question.body.choices!.find((c) => c.correct)!.text;
    expect(feedback.title).toBe(`✅ Correct — ${right}`);
    expect(feedback.text).toContain(`**${right}.** ${rightText}`);
    expect(feedback.text).toContain(question.body.explanation!);
    expect(feedback.text).toContain('Next review: Thu 3 Dec 08:00 UTC.');
    expect(feedback.buttons!.map((b) => b.label)).toEqual(['Next question']);
    expect(await h.repos.quiz.attempt(attempt.id)).toMatchObject({ isCorrect: true, rating: 3, answeredAt: h.clock.ms });
    expect(h.port.posts).toEqual([]);
  });

  it('answers a wrong choice with "not quite", the right letter, what was picked and an early review', async () => {
    const h = createHarness();
    const shown = await quizUntil(h, 'alice', 'mcq');
    const { question } = await lastAttempt(h, 'alice');
    const right = await letterFor(h, 'alice', true);
    const wrong = await letterFor(h, 'alice', false);
    const feedback = only(await press(h, 'alice', shown, wrong));
    expect(feedback.title).toBe(`❌ Not quite — the answer is ${right}`);
    expect(feedback.text).toContain(`**${right}.** ${question.body.choices!.find((c) => c.correct)!.text}`);
    expect(feedback.text).toContain(question.body.explanation!);
    expect(feedback.text).toContain(`You picked ${wrong}. Next review: Tue 1 Dec 08:00 UTC.`);
    expect(await card(h, 'alice', question.id)).toMatchObject({ reps: 1, due: h.clock.ms + DAY });
  });

  it('shows an open question with "Reveal key points", then the key points with Again/Hard/Good/Easy', async () => {
    const h = createHarness();
    const shown = await quizUntil(h, 'alice', 'open');
    const { question, attempt } = await lastAttempt(h, 'alice');
    expect(shown.text).toContain(question.prompt);
    expect(shown.buttons!.map((b) => b.label)).toEqual(['Reveal key points']);
    const revealed = only(await press(h, 'alice', shown, 'Reveal key points'));
    expect(revealed.title).toBe('Key points');
    expect(revealed.text.startsWith(`- ${question.body.keyPoints![0]}`)).toBe(true);
    for (const k of question.body.keyPoints!) expect(revealed.text).toContain(`- ${k}`);
    expect(revealed.buttons!.map((b) => b.label)).toEqual(['Again', 'Hard', 'Good', 'Easy']);
    expect(await card(h, 'alice', question.id)).toBeUndefined();
    const graded = only(await press(h, 'alice', revealed, 'Good'));
    expect(graded.text).toBe('Graded Good. Next review: Thu 3 Dec 08:00 UTC.');
    expect(graded.buttons!.map((b) => b.label)).toEqual(['Next question']);
    expect(await h.repos.quiz.attempt(attempt.id)).toMatchObject({ rating: 3, isCorrect: null });
    expect(await card(h, 'alice', question.id)).toMatchObject({ reps: 1, due: h.clock.ms + 3 * DAY });
  });

  it('refuses a second press of the same or another choice with a short note and changes nothing', async () => {
    const h = createHarness();
    const shown = await quizUntil(h, 'alice', 'mcq');
    const { question } = await lastAttempt(h, 'alice');
    await press(h, 'alice', shown, await letterFor(h, 'alice', true));
    const rows = await attemptRows(h, 'alice');
    const before = await card(h, 'alice', question.id);
    h.clock.advance(MINUTE);
    for (const label of [await letterFor(h, 'alice', true), await letterFor(h, 'alice', false)]) {
      expect(only(await press(h, 'alice', shown, label)).text).toBe('You already answered that one.');
    }
    expect(await attemptRows(h, 'alice')).toEqual(rows);
    expect(await card(h, 'alice', question.id)).toEqual(before);
  });

  it("refuses an older question's buttons once a newer question was served, and changes nothing", async () => {
    const h = createHarness();
    const older = await quizUntil(h, 'alice', 'mcq');
    const olderQuestion = (await lastAttempt(h, 'alice')).question;
    const olderRight = await letterFor(h, 'alice', true);
    const newer = only(await h.command('alice', 'quiz'));
    const rows = await attemptRows(h, 'alice');
    const note = only(await press(h, 'alice', older, olderRight));
    expect(note.text).toMatch(/^That question has moved on/);
    expect(note.buttons).toBeUndefined();
    expect(await attemptRows(h, 'alice')).toEqual(rows);
    expect(await card(h, 'alice', olderQuestion.id)).toBeUndefined();
    expect(newer.buttons!.length).toBeGreaterThan(0);
  });

  it('refuses a second reveal and a second grade of an open question', async () => {
    const h = createHarness();
    const shown = await quizUntil(h, 'alice', 'open');
    const { question } = await lastAttempt(h, 'alice');
    const revealed = only(await press(h, 'alice', shown, 'Reveal key points'));
    expect(only(await press(h, 'alice', shown, 'Reveal key points')).text).toMatch(/^Already revealed/);
    await press(h, 'alice', revealed, 'Easy');
    const rows = await attemptRows(h, 'alice');
    const before = await card(h, 'alice', question.id);
    expect(only(await press(h, 'alice', revealed, 'Again')).text).toBe('You already answered that one.');
    expect(only(await press(h, 'alice', shown, 'Reveal key points')).text).toBe('You already answered that one.');
    expect(await attemptRows(h, 'alice')).toEqual(rows);
    expect(await card(h, 'alice', question.id)).toEqual(before);
  });

  it('serves one new question for "Next question" and refuses that button a second time', async () => {
    const h = createHarness();
    const shown = await quizUntil(h, 'alice', 'mcq');
    const feedback = await answer(h, 'alice', shown, 'Good');
    const first = only(await press(h, 'alice', feedback, 'Next question'));
    expect(first.title).toMatch(/^Quiz · /);
    const rows = await attemptRows(h, 'alice');
    expect(only(await press(h, 'alice', feedback, 'Next question')).text).toMatch(/^That question has moved on/);
    expect(await attemptRows(h, 'alice')).toEqual(rows);
  });

  it("refuses another member's quiz buttons", async () => {
    const h = createHarness();
    const shown = await quizUntil(h, 'alice', 'mcq');
    const rows = await attemptRows(h, 'alice');
    expect(only(await press(h, 'bob', shown, 'A')).text).toBe('That quiz question was for someone else.');
    expect(await attemptRows(h, 'alice')).toEqual(rows);
  });

  it('filters by category, difficulty and type, and "Next question" keeps the filter', async () => {
    const h = createHarness();
    for (let i = 0; i < 12; i++) {
      await h.command('alice', 'quiz security hard');
      expect((await lastAttempt(h, 'alice')).question).toMatchObject({ category: 'security', difficulty: 'hard' });
    }
    const shown = await quizUntil(h, 'alice', 'mcq', 'sec hard');
    const feedback = await answer(h, 'alice', shown, 'Good');
    for (let i = 0, next = feedback; i < 5; i++) {
      const q = only(await press(h, 'alice', next, 'Next question'));
      expect((await lastAttempt(h, 'alice')).question).toMatchObject({ category: 'security', difficulty: 'hard' });
      next = await answer(h, 'alice', q, (await lastAttempt(h, 'alice')).question.type === 'mcq' ? 'Good' : 'Hard');
    }
    for (const type of ['mcq', 'open'] as const) {
      for (let i = 0; i < 5; i++) {
        await h.command('alice', `quiz ${type} nodejs`);
        expect((await lastAttempt(h, 'alice')).question).toMatchObject({ type, category: 'nodejs' });
      }
    }
    expect(only(await h.command('alice', 'quiz astrology')).text).toMatch(
      /^I don't know "astrology" \(options: easy, medium, hard, mcq, open; categories: .*\bsecurity\b.*\)\.\nUsage: `\/dojo quiz /,
    );
  });
});

describe('quiz buttons pressed in any order', () => {
  it('keep each card in step with the answered attempts, however often and late any button is pressed', async () => {
    const h = createHarness({ seed: 11 });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constant(-1), fc.nat(40)), { minLength: 1, maxLength: 25 }),
        fc.array(fc.nat(9), { minLength: 25, maxLength: 25 }),
        async (steps, buttons) => {
          const user = `p${++run}`;
          const shown: NeutralMessage[] = [];
          for (const [i, step] of steps.entries()) {
            h.clock.advance(MINUTE);
            if (step === -1 || !shown.length) {
              shown.push(...(await h.command(user, 'quiz')).private);
              continue;
            }
            const message = shown[step % shown.length]!;
            const choices = message.buttons ?? [];
            if (!choices.length) continue;
            const b = choices[buttons[i]! % choices.length]!;
            shown.push(...(await h.as(user, { kind: 'button-pressed', actionId: b.actionId })).private);
          }
          const id = (await member(h, user)).id;
          const rows = h.db.$client
            .prepare(
              'SELECT question_id AS q, count(*) AS n FROM quiz_attempts WHERE member_id = ? AND answered_at IS NOT NULL GROUP BY question_id',
            )
            .all(id) as { q: string; n: number }[];
          const cards = h.db.$client.prepare('SELECT question_id AS q, reps AS n FROM reviews WHERE member_id = ?').all(id) as {
            q: string;
            n: number;
          }[];
          const byQ = (xs: { q: string; n: number }[]) => Object.fromEntries(xs.map((x) => [x.q, x.n]));
          expect(byQ(cards)).toEqual(byQ(rows));
        },
      ),
      { numRuns: 40, seed: 7 },
    );
  });
});

describe('drill points and accuracy', () => {
  it('adds no leaderboard points by default, but counts every answer in accuracy per category', async () => {
    const h = createHarness();
    await answer(h, 'alice', await quizUntil(h, 'alice', 'mcq', 'security'), 'Good');
    await answer(h, 'alice', await quizUntil(h, 'alice', 'mcq', 'security'), 'Again');
    await answer(h, 'alice', await quizUntil(h, 'alice', 'mcq', 'nodejs'), 'Good');
    await answer(h, 'alice', await quizUntil(h, 'alice', 'open', 'nodejs'), 'Hard');
    expect(await ledger(h, 'alice')).toEqual([]);
    const stats = only(await h.command('alice', 'stats')).text;
    expect(stats).toContain('**Points:** 0 this week');
    expect(stats).toContain('**Quiz accuracy:** Node.js Advanced: 1/2 · Security: 1/2');
    expect(await h.repos.quiz.accuracy((await lastAttempt(h, 'alice')).attempt.memberId)).toEqual([
      { category: 'nodejs', answered: 2, correct: 1, reviews: 0, reviewsCorrect: 0 },
      { category: 'security', answered: 2, correct: 1, reviews: 0, reviewsCorrect: 0 },
    ]);
  });

  it('adds points for right answers once an admin turns drill-points on, and only once per answer', async () => {
    const h = createHarness();
    expect(only(await h.command('alice', 'config drill-points=on')).text).toMatch(/Only admins/);
    await h.command('boss', 'config drill-points=on', { admin: true });
    expect((await workspace(h)).settings.drillPoints).toBe(true);
    const shown = await quizUntil(h, 'alice', 'mcq', 'security');
    await press(h, 'alice', shown, await letterFor(h, 'alice', true));
    await press(h, 'alice', shown, await letterFor(h, 'alice', true));
    await answer(h, 'alice', await quizUntil(h, 'alice', 'mcq', 'security'), 'Again');
    expect((await ledger(h, 'alice')).map((a) => ({ points: a.points, reason: a.reason, category: a.category }))).toEqual([
      { points: 5, reason: 'drill', category: 'security' },
    ]);
    expect(only(await h.command('alice', 'top')).text).toMatch(/1\. alice — 5/);
    expect(only(await h.command('alice', 'stats')).text).toContain('**Quiz accuracy:** Security: 1/2');
    await h.command('boss', 'config drill-points=off', { admin: true });
    await answer(h, 'alice', await quizUntil(h, 'alice', 'mcq', 'security'), 'Good');
    expect(await ledger(h, 'alice')).toHaveLength(1);
  });
});
