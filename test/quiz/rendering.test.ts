import { describe, expect, it } from 'vitest';
import { LIMITS as DISCORD, renderMessage as renderDiscord } from '../../adapters/discord/render.js';
import { LIMITS as SLACK, renderMessage as renderSlack } from '../../adapters/slack/render.js';
import { ACTION_ID_MAX, type NeutralMessage } from '../../src/core/index.js';
import { actions, parseAction } from '../../src/core/actions.js';
import { challengeMessage, endChallenge } from '../../src/core/quiz/challenge.js';
import { answerQuiz, gradeQuiz, quizMessage, revealQuiz } from '../../src/core/quiz/drill.js';
import type { Challenge, QuizAttempt } from '../../src/core/quiz/quiz-store.js';
import { CH, createHarness } from '../support/core-harness.js';
import { member, workspace } from './quiz-helpers.js';

/** The largest id `parseAction` accepts (12 digits), so every id below fits too. */
const BIG = 999_999_999_999;

/** Platform limits every quiz message must meet without being split: one Slack post, one Discord message. */
function expectFits(m: NeutralMessage) {
  if (m.title) expect(m.title.length).toBeLessThanOrEqual(Math.min(SLACK.headerChars, DISCORD.title));
  expect(m.text.length).toBeLessThanOrEqual(Math.min(SLACK.sectionChars, DISCORD.description));
  if (m.footer) expect(m.footer.length).toBeLessThanOrEqual(Math.min(SLACK.fieldChars, DISCORD.footer));
  expect(m.buttons?.length ?? 0).toBeLessThanOrEqual(DISCORD.buttonsPerRow);
  for (const b of m.buttons ?? []) {
    expect(b.label.length).toBeLessThanOrEqual(Math.min(SLACK.buttonChars, DISCORD.buttonLabel));
    expect(b.actionId.length).toBeLessThanOrEqual(Math.min(ACTION_ID_MAX, DISCORD.customId));
    expect(parseAction(b.actionId)).toBeDefined();
  }
  expect(renderSlack(m)).toHaveLength(1);
  expect(renderDiscord(m)).toHaveLength(1);
}

describe('quiz rendering within platform limits', () => {
  it('builds every quiz action id under 100 characters and parses it back', () => {
    expect(parseAction(actions.quizChoice(BIG, 3))).toEqual({ kind: 'quiz', attemptId: BIG, choice: 3 });
    expect(parseAction(actions.quizReveal(BIG))).toEqual({ kind: 'reveal', attemptId: BIG });
    expect(parseAction(actions.quizGrade(BIG, 4))).toEqual({ kind: 'grade', attemptId: BIG, rating: 4 });
    expect(parseAction(actions.quizNext('review', BIG))).toEqual({ kind: 'next', quizKind: 'review', afterAttemptId: BIG });
    expect(parseAction(actions.quizNext('quiz', BIG))).toEqual({ kind: 'next', quizKind: 'quiz', afterAttemptId: BIG });
    expect(parseAction(actions.challengeChoice(BIG, 0))).toEqual({ kind: 'challenge', challengeId: BIG, choice: 0 });
    expect(parseAction('dojo:grade:1:5')).toBeUndefined();
    expect(parseAction('dojo:next:later:1')).toBeUndefined();
    for (const id of [
      actions.quizChoice(BIG, 3),
      actions.quizGrade(BIG, 4),
      actions.quizNext('review', BIG),
      actions.challengeChoice(BIG, 3),
    ]) {
      expect(id.length).toBeLessThanOrEqual(ACTION_ID_MAX);
    }
  });

  it('fits every shipped question as a quiz, its feedback, its key points, its grade and its challenge', async () => {
    const h = createHarness();
    await h.command('boss', 'setup', { admin: true });
    const ws = await workspace(h);
    const me = await member(h, 'boss');
    const channel = (await h.repos.channels.findByRef(ws.id, CH))!;
    const questions = (await h.repos.content.listEligible(ws.id, {})).filter((q) => q.type === 'mcq' || q.body.keyPoints?.length);
    expect(questions.length).toBeGreaterThan(50);
    for (const q of questions) {
      const attempt = await h.repos.quiz.startAttempt({
        memberId: me.id,
        questionId: q.id,
        kind: 'review',
        choiceOrder: q.type === 'mcq' ? [3, 1, 0, 2] : [],
        createdAt: h.clock.ms,
      });
      expectFits(quizMessage(q, { ...attempt, id: BIG } satisfies QuizAttempt));
      if (q.type === 'mcq') {
        expectFits((await h.core((t) => answerQuiz(t, ws, me, attempt.id, 0))).private[0]!);
        const ch: Challenge = {
          id: BIG,
          channelId: channel.id,
          questionId: q.id,
          choiceOrder: [2, 0, 3, 1],
          status: 'running',
          messageRef: null,
          startedAt: 0,
          endsAt: 600_000,
        };
        expectFits(challengeMessage(ch, q, channel, ws));
      } else {
        expectFits((await h.core((t) => revealQuiz(t, me, attempt.id))).private[0]!);
        expectFits((await h.core((t) => gradeQuiz(t, ws, me, attempt.id, 3))).private[0]!);
      }
    }
  });

  it('fits challenge results with many correct members', async () => {
    const h = createHarness();
    await h.command('boss', 'setup', { admin: true });
    await h.command('boss', 'challenge 15');
    const ch = (await h.repos.quiz.runningChallenges())[0]!;
    const q = (await h.repos.content.get(ch.questionId))!;
    const right = ch.choiceOrder.findIndex((o) => q.body.choices![o]!.correct);
    for (let i = 0; i < 40; i++)
      await h.as(`member-${String(i).padStart(2, '0')}-with-a-long-display-name`, {
        kind: 'button-pressed',
        actionId: actions.challengeChoice(ch.id, right),
      });
    h.clock.advance(15_000);
    await h.core((t) => endChallenge(t, ch));
    const results = h.port.posts.at(-1)!.message;
    expect(results.title).toMatch(/^Challenge results/);
    expect(results.text).toContain('**Got it (40/40):** member-00-with-a-long-display-name (first, +8)');
    expectFits(results);
  });
});
