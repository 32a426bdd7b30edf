import { expect } from 'vitest';
import { userRef, type NeutralMessage, type Reply } from '../../src/core/index.js';
import { LETTERS } from '../../src/core/quiz/pick.js';
import type { Member, Question, Workspace } from '../../src/core/types.js';
import { WS, type Harness } from '../support/core-harness.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const workspace = async (h: Harness): Promise<Workspace> => (await h.repos.workspaces.findByRef('test', WS))!;
export const member = async (h: Harness, user: string): Promise<Member> =>
  (await h.repos.members.findByRef((await workspace(h)).id, userRef(user)))!;

/** The one private message of a reply (quiz replies are always exactly one). */
export function only(reply: Reply): NeutralMessage {
  expect(reply.private).toHaveLength(1);
  return reply.private[0]!;
}

/** Presses the button labelled `label` on `message`, as `user`. */
export function press(h: Harness, user: string, message: NeutralMessage, label: string) {
  const button = message.buttons?.find((b) => b.label === label);
  if (!button) throw new Error(`no [${label}] on ${JSON.stringify(message.buttons?.map((b) => b.label))}`);
  return h.as(user, { kind: 'button-pressed', actionId: button.actionId });
}

/** The member's newest attempt with its question. */
export async function lastAttempt(h: Harness, user: string) {
  const attempt = (await h.repos.quiz.latestAttempt((await member(h, user)).id))!;
  return { attempt, question: (await h.repos.content.get(attempt.questionId))! };
}

/** The letter of the right (or a wrong) choice on the member's newest MCQ. */
export async function letterFor(h: Harness, user: string, right: boolean): Promise<string> {
  const { attempt, question } = await lastAttempt(h, user);
  const at = attempt.choiceOrder.findIndex((o) => question.body.choices![o]!.correct === right);
  return LETTERS[at]!;
}

/** Runs `/dojo quiz` (with `args`) until a question of `type` is served; the seeded randomness makes this repeatable. */
export async function quizUntil(h: Harness, user: string, type: Question['type'], args = ''): Promise<NeutralMessage> {
  for (let i = 0; i < 30; i++) {
    const shown = only(await h.command(user, `quiz ${args}`.trim()));
    if ((await lastAttempt(h, user)).question.type === type) return shown;
  }
  throw new Error(`no ${type} question served in 30 tries`);
}

export type Grade = 'Again' | 'Hard' | 'Good' | 'Easy';

/**
 * Answers whatever question `shown` is: an MCQ right (Good) or wrong (Again), an open one by
 * revealing and self-grading. Returns the feedback message.
 */
export async function answer(h: Harness, user: string, shown: NeutralMessage, grade: Grade): Promise<NeutralMessage> {
  const { question } = await lastAttempt(h, user);
  if (question.type === 'mcq') {
    if (grade !== 'Good' && grade !== 'Again') throw new Error('an MCQ can only be Good (right) or Again (wrong)');
    return only(await press(h, user, shown, await letterFor(h, user, grade === 'Good')));
  }
  const revealed = only(await press(h, user, shown, 'Reveal key points'));
  return only(await press(h, user, revealed, grade));
}

export const card = async (h: Harness, user: string, questionId: string) => h.repos.quiz.card((await member(h, user)).id, questionId);

/** Every quiz attempt row of a member, for "nothing changed" checks. */
export const attemptRows = async (h: Harness, user: string) =>
  h.db.$client.prepare('SELECT * FROM quiz_attempts WHERE member_id = ? ORDER BY id').all((await member(h, user)).id);

export const ledger = async (h: Harness, user: string) => h.repos.scores.ledgerFor((await member(h, user)).id);
