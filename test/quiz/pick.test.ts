import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Random } from '../../src/core/index.js';
import { nextQuizQuestion } from '../../src/core/quiz/drill.js';
import { pickWeighted, shuffledIndexes } from '../../src/core/quiz/pick.js';
import type { Question } from '../../src/core/types.js';
import { createHarness } from '../support/core-harness.js';
import { answer, DAY, HOUR, lastAttempt, member, MINUTE, only, press, quizUntil, workspace } from './quiz-helpers.js';

/** A Random that returns the given values in turn. */
const scripted = (...values: number[]): Random => ({ next: () => values.shift() ?? 0 });

const q = (id: string, category: string) => ({ id, category }) as Question;

describe('choosing the next question', () => {
  it('splits the draw by category weight 1 + 2 × error rate, untried categories counting as half wrong', () => {
    const pool = [q('a1', 'alpha'), q('a2', 'alpha'), q('b1', 'beta'), q('g1', 'gamma')];
    // alpha all wrong → 3, beta all right → 1, gamma untried → 2; total 6, so alpha owns [0, 0.5), beta [0.5, 0.667), gamma the rest.
    const accuracy = [
      { category: 'alpha', answered: 4, correct: 0 },
      { category: 'beta', answered: 2, correct: 2 },
    ];
    expect(pickWeighted(pool, accuracy, scripted(0.49, 0.99))!.id).toBe('a2');
    expect(pickWeighted(pool, accuracy, scripted(0.5, 0))!.id).toBe('b1');
    expect(pickWeighted(pool, accuracy, scripted(0.666, 0))!.id).toBe('b1');
    expect(pickWeighted(pool, accuracy, scripted(0.667, 0))!.id).toBe('g1');
    expect(pickWeighted(pool, accuracy, scripted(0.9999, 0))!.id).toBe('g1');
    expect(pickWeighted([], accuracy, scripted(0.5))).toBeUndefined();
  });

  it('weights new questions toward the weakest categories over many seeded draws', async () => {
    const h = createHarness({ seed: 42 });
    await h.command('alice', 'stats');
    const ws = await workspace(h);
    const alice = await member(h, 'alice');
    const pool = (await h.repos.content.listEligible(ws.id, {})).filter((x) => x.type === 'mcq' || x.body.keyPoints?.length);
    const inCategory = (c: string) => pool.filter((x) => x.category === c);
    // Security: 4 of 4 wrong; Node.js: 4 of 4 right (attempts only, so no card takes a question out of the pool).
    for (const [category, isCorrect] of [
      ['security', false],
      ['nodejs', true],
    ] as const) {
      for (const question of inCategory(category).slice(0, 4)) {
        const a = await h.repos.quiz.startAttempt({
          memberId: alice.id,
          questionId: question.id,
          kind: 'drill',
          choiceOrder: [],
          createdAt: h.clock.ms,
        });
        await h.repos.quiz.finishAttempt(a.id, { chosen: null, isCorrect, rating: isCorrect ? 3 : 1, now: h.clock.ms });
      }
    }
    const categories = [...new Set(pool.map((x) => x.category))];
    const weight = (c: string) => (c === 'security' ? 3 : c === 'nodejs' ? 1 : 2);
    const total = categories.reduce((s, c) => s + weight(c), 0);
    const draws = 3000;
    const counts = new Map<string, number>();
    await h.core(async (t) => {
      for (let i = 0; i < draws; i++) {
        const next = (await nextQuizQuestion(t, ws, alice, {}, false))!;
        expect(next.kind).toBe('drill');
        counts.set(next.question.category, (counts.get(next.question.category) ?? 0) + 1);
      }
    });
    for (const c of categories) expect(Math.abs((counts.get(c) ?? 0) / draws - weight(c) / total)).toBeLessThan(0.02);
    const security = counts.get('security')!;
    const nodejs = counts.get('nodejs')!;
    for (const c of categories.filter((x) => x !== 'security' && x !== 'nodejs')) {
      expect(counts.get(c)!).toBeLessThan(security);
      expect(counts.get(c)!).toBeGreaterThan(nodejs);
    }
  }, 90_000);

  it('serves a due review before any new question, and marks it as a review', async () => {
    const h = createHarness();
    const shown = await quizUntil(h, 'alice', 'mcq', 'databases');
    const missed = (await lastAttempt(h, 'alice')).question;
    await answer(h, 'alice', shown, 'Again');
    await answer(h, 'alice', only(await h.command('alice', 'quiz security')), 'Good');
    h.clock.advance(DAY);
    const next = only(await h.command('alice', 'quiz'));
    expect(await lastAttempt(h, 'alice')).toMatchObject({ question: { id: missed.id }, attempt: { kind: 'review' } });
    expect(next.title).toMatch(/^Quiz · Database Design \(MongoDB \+ MySQL\) · \w+ · review$/);
    // A filter that the due question does not fit gives a new question instead.
    await h.command('alice', 'quiz nodejs');
    expect(await lastAttempt(h, 'alice')).toMatchObject({ question: { category: 'nodejs' }, attempt: { kind: 'drill' } });
  });

  it('never serves the same question twice in a row within a sitting, whatever the member presses', async () => {
    const h = createHarness({ seed: 3 });
    let run = 0;
    type Op = { kind: 'quiz' | 'review' | 'right' | 'wrong' | 'next' } | { kind: 'wait'; minutes: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.constantFrom<Op>({ kind: 'quiz' }, { kind: 'review' }, { kind: 'right' }, { kind: 'wrong' }, { kind: 'next' }),
      fc.integer({ min: 0, max: 4 }).map((minutes): Op => ({ kind: 'wait', minutes })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        const user = `m${++run}`;
        const start = h.clock.ms;
        let shown = only(await h.command(user, 'quiz'));
        const served = [(await lastAttempt(h, user)).attempt.id];
        for (const o of ops) {
          if (o.kind === 'wait') h.clock.advance(o.minutes * MINUTE);
          else if (o.kind === 'quiz' || o.kind === 'review') shown = only(await h.command(user, o.kind));
          else if (o.kind === 'next') {
            const label = shown.buttons?.find((b) => b.label.startsWith('Next'))?.label;
            if (label) shown = only(await press(h, user, shown, label));
          } else if (shown.buttons?.length && !shown.buttons[0]!.label.startsWith('Next')) {
            shown = await answer(h, user, shown, o.kind === 'right' ? 'Good' : 'Again');
          }
          const latest = (await lastAttempt(h, user)).attempt.id;
          if (latest !== served.at(-1)) served.push(latest);
        }
        expect(h.clock.ms - start).toBeLessThan(HOUR);
        const questions: string[] = [];
        for (const id of served) questions.push((await h.repos.quiz.attempt(id))!.questionId);
        for (let i = 1; i < questions.length; i++) expect(questions[i]).not.toBe(questions[i - 1]);
      }),
      { numRuns: 60, seed: 20261130 },
    );
  });

  it('shuffles choices into a permutation driven by the injected randomness', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8 }),
        fc.array(fc.double({ min: 0, max: 0.9999999, noNaN: true }), { maxLength: 10 }),
        (n, values) => {
          const order = shuffledIndexes(n, scripted(...values));
          expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        },
      ),
    );
  });
});
