import { actions } from '../actions.js';
import { categoryLabel } from '../categories.js';
import { nowMs, type Tx } from '../context.js';
import { DojoUserError } from '../errors.js';
import { assertOwned } from '../ownership.js';
import type { NeutralMessage, Reply } from '../messages.js';
import { formatWhen } from '../schedule.js';
import { awardPoints } from '../scoring.js';
import type { Member, Question, Workspace } from '../types.js';
import { RATING_LABELS, scheduleReview } from './fsrs.js';
import { LETTERS, pickWeighted, shuffledIndexes } from './pick.js';
import type { AttemptKind, QuizAttempt } from './quiz-store.js';

export interface QuizFilter {
  category?: string;
  difficulty?: string;
  type?: Question['type'];
}

/**
 * How long the question served last is held back when it is the only thing left to ask. FSRS
 * learning steps bring a missed card back after a minute; without a pause the member would see
 * it twice in a row, while a review days later (the whole point) must still be served.
 */
export const REPEAT_GAP_MS = 60 * 60_000;

const fits = (q: Question, f: QuizFilter) =>
  (!f.category || q.category === f.category) && (!f.difficulty || q.difficulty === f.difficulty) && (!f.type || q.type === f.type);

/** The member's last served question, and until when it is held back. */
async function lastServed(ctx: Tx, member: Member): Promise<{ questionId: string; heldUntil: number } | undefined> {
  const last = await ctx.db.quiz.latestAttempt(member.id);
  return last ? { questionId: last.questionId, heldUntil: (last.answeredAt ?? last.createdAt) + REPEAT_GAP_MS } : undefined;
}

/**
 * The next private question for a member: due reviews first (oldest due), then a question
 * they have never seen, weighted toward their weakest categories. The question served last is
 * skipped whenever anything else can be asked, and within REPEAT_GAP_MS even when nothing can.
 */
export async function nextQuizQuestion(
  ctx: Tx,
  ws: Workspace,
  member: Member,
  filter: QuizFilter,
  reviewOnly: boolean,
): Promise<{ question: Question; kind: AttemptKind } | undefined> {
  const now = nowMs(ctx);
  const last = await lastServed(ctx, member);
  const held = (q: Question) => q.id === last?.questionId && now < last.heldUntil;
  // A pack disabled for the workspace (or a retired question) serves no reviews either.
  const enabled = new Set((await ctx.db.content.listEligible(ws.id, {})).map((q) => q.id));
  const due: Question[] = [];
  for (const card of await ctx.db.quiz.dueCards(member.id, now, 50)) {
    const q = await ctx.db.content.get(card.questionId);
    if (q && enabled.has(q.id) && fits(q, filter)) due.push(q);
  }
  const review = due.find((q) => q.id !== last?.questionId) ?? due.find((q) => !held(q));
  if (review) return { question: review, kind: 'review' };
  if (reviewOnly) return undefined;
  const pool = (
    await ctx.db.content.listEligible(ws.id, {
      categories: filter.category ? [filter.category] : undefined,
      difficulty: filter.difficulty,
      type: filter.type,
    })
  ).filter((q) => q.type === 'mcq' || q.body.keyPoints?.length);
  const others = pool.filter((q) => q.id !== last?.questionId);
  const seen = await ctx.db.quiz.cardQuestionIds(member.id);
  const fresh = others.filter((q) => !seen.has(q.id));
  const candidates = fresh.length ? fresh : others.length ? others : pool.filter((q) => !held(q));
  const question = pickWeighted(candidates, await ctx.db.quiz.accuracy(member.id), ctx.random);
  return question ? { question, kind: 'drill' } : undefined;
}

/** When `/dojo review` will next have something to serve (a held-back last question counts from its gap). */
async function nextReviewAt(ctx: Tx, ws: Workspace, member: Member, now: number): Promise<number | undefined> {
  const last = await lastServed(ctx, member);
  const enabled = new Set((await ctx.db.content.listEligible(ws.id, {})).map((q) => q.id));
  // Only the last question can be held back, so the two earliest cards still served decide.
  const times = (await ctx.db.quiz.dueCards(member.id, Number.MAX_SAFE_INTEGER, 50))
    .filter((c) => enabled.has(c.questionId))
    .slice(0, 2)
    .map((c) => (c.questionId === last?.questionId ? Math.max(c.due, last.heldUntil) : c.due));
  return times.length ? Math.max(now, Math.min(...times)) : undefined;
}

/** The private question: lettered choice buttons for an MCQ, or "Reveal key points" for an open one. */
export function quizMessage(question: Question, attempt: QuizAttempt): NeutralMessage {
  const head = `${categoryLabel(question.category)} · ${question.difficulty}${attempt.kind === 'review' ? ' · review' : ''}`;
  if (question.type === 'mcq') {
    const choices = question.body.choices ?? [];
    return {
      title: `Quiz · ${head}`,
      text: `${question.prompt}\n\n${attempt.choiceOrder.map((orig, i) => `**${LETTERS[i]}.** ${choices[orig]!.text}`).join('\n')}`,
      buttons: attempt.choiceOrder.map((_, i) => ({ label: LETTERS[i]!, actionId: actions.quizChoice(attempt.id, i) })),
    };
  }
  return {
    title: `Quiz · ${head}`,
    text: `${question.prompt}\n\nThink through your answer (or say it aloud), then reveal the key points and grade yourself.`,
    buttons: [{ label: 'Reveal key points', actionId: actions.quizReveal(attempt.id), style: 'primary' }],
  };
}

/** Serves one question privately; `reviewOnly` for /dojo review. */
export async function startQuiz(ctx: Tx, ws: Workspace, member: Member, filter: QuizFilter, reviewOnly: boolean): Promise<Reply> {
  const now = nowMs(ctx);
  const next = await nextQuizQuestion(ctx, ws, member, filter, reviewOnly);
  if (!next) {
    if (reviewOnly) {
      const at = await nextReviewAt(ctx, ws, member, now);
      return {
        private: [
          {
            text:
              at !== undefined
                ? `Nothing is due right now. Your next review is due ${formatWhen(at, ws.timezone)}.`
                : 'Nothing to review yet — try `/dojo quiz` first.',
          },
        ],
      };
    }
    throw new DojoUserError('no-quiz', 'No quiz questions match that. Try another category or difficulty.');
  }
  const { question, kind } = next;
  const n = question.type === 'mcq' ? (question.body.choices?.length ?? 0) : 0;
  const attempt = await ctx.db.quiz.startAttempt({
    memberId: member.id,
    questionId: question.id,
    kind,
    choiceOrder: shuffledIndexes(n, ctx.random),
    createdAt: now,
  });
  return { private: [quizMessage(question, attempt)] };
}

const STALE = 'That question has moved on — use the newest one, or /dojo quiz for another.';

/** The "Next question" / "Next review" button: only on the member's newest answered question. */
export async function nextQuiz(
  ctx: Tx,
  ws: Workspace,
  member: Member,
  next: { quizKind: 'quiz' | 'review'; afterAttemptId?: number },
): Promise<Reply> {
  if (next.afterAttemptId !== undefined) {
    const after = await ownAttempt(ctx, member, next.afterAttemptId);
    if (!after || after.memberId !== member.id) throw new DojoUserError('not-yours', 'That quiz question was for someone else.');
    if ((await ctx.db.quiz.latestAttempt(member.id))?.id !== after.id) throw new DojoUserError('stale', STALE);
  }
  return next.quizKind === 'review'
    ? await startQuiz(ctx, ws, member, {}, true)
    : await startQuiz(ctx, ws, member, await rememberedFilter(ctx, member), false);
}

/** The member's own attempt; another workspace's is refused as a foreign delivery, another member's as not theirs. */
async function ownAttempt(ctx: Tx, member: Member, attemptId: number): Promise<QuizAttempt | undefined> {
  const attempt = await ctx.db.quiz.attempt(attemptId);
  if (attempt && attempt.memberId !== member.id)
    assertOwned({ id: member.workspaceId }, (await ctx.db.members.get(attempt.memberId)).workspaceId, 'quiz question');
  return attempt;
}

async function liveAttempt(ctx: Tx, member: Member, attemptId: number): Promise<QuizAttempt> {
  const attempt = await ownAttempt(ctx, member, attemptId);
  if (!attempt || attempt.memberId !== member.id) throw new DojoUserError('not-yours', 'That quiz question was for someone else.');
  if (attempt.answeredAt !== null) throw new DojoUserError('already-answered', 'You already answered that one.');
  if ((await ctx.db.quiz.latestAttempt(member.id))?.id !== attempt.id) throw new DojoUserError('stale', STALE);
  return attempt;
}

const dueText = (due: number, zone: string) => `Next review: ${formatWhen(due, zone)}.`;

const nextButtons = (attempt: QuizAttempt) => [
  {
    label: attempt.kind === 'review' ? 'Next review' : 'Next question',
    actionId: actions.quizNext(attempt.kind === 'review' ? 'review' : 'quiz', attempt.id),
  },
];

const filterKey = (member: Member) => `quiz.filter:${member.id}`;

/** `/dojo quiz [category] [difficulty] [mcq|open]`: serves a question and remembers the filter for "Next question". */
export async function quizCommand(ctx: Tx, ws: Workspace, member: Member, filter: QuizFilter): Promise<Reply> {
  const reply = await startQuiz(ctx, ws, member, filter, false);
  await ctx.db.meta.set(filterKey(member), JSON.stringify(filter), nowMs(ctx));
  return reply;
}

async function rememberedFilter(ctx: Tx, member: Member): Promise<QuizFilter> {
  try {
    const f = JSON.parse((await ctx.db.meta.get(filterKey(member))) ?? '{}') as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return { category: str(f.category), difficulty: str(f.difficulty), type: f.type === 'mcq' || f.type === 'open' ? f.type : undefined };
  } catch {
    return {};
  }
}

/** An MCQ button press: instant feedback, FSRS (Good when right, Again when wrong). */
export async function answerQuiz(ctx: Tx, ws: Workspace, member: Member, attemptId: number, choice: number): Promise<Reply> {
  const now = nowMs(ctx);
  const attempt = await liveAttempt(ctx, member, attemptId);
  const question = (await ctx.db.content.get(attempt.questionId))!;
  const choices = question.body.choices ?? [];
  const original = attempt.choiceOrder[choice];
  if (question.type !== 'mcq' || original === undefined) throw new DojoUserError('bad-choice', 'That is not one of the choices.');
  const isCorrect = choices[original]!.correct;
  const rightAt = attempt.choiceOrder.findIndex((o) => choices[o]!.correct);
  if (!(await ctx.db.quiz.finishAttempt(attempt.id, { chosen: original, isCorrect, rating: isCorrect ? 3 : 1, now }))) {
    throw new DojoUserError('already-answered', 'You already answered that one.');
  }
  const next = scheduleReview(await ctx.db.quiz.card(member.id, question.id), member.id, question.id, isCorrect ? 3 : 1, now);
  await ctx.db.quiz.saveCard(next);
  if (isCorrect && ws.settings.drillPoints) {
    await awardPoints(
      ctx,
      ws,
      {
        memberId: member.id,
        awardKey: `drill:${attempt.id}`,
        points: ws.settings.points.challengeCorrect,
        reason: 'drill',
        category: question.category,
      },
      now,
    );
  }
  const card = next;
  const picked = isCorrect ? '' : `You picked ${LETTERS[choice]}. `;
  return {
    private: [
      {
        title: isCorrect ? `✅ Correct — ${LETTERS[rightAt]}` : `❌ Not quite — the answer is ${LETTERS[rightAt]}`,
        text: `**${LETTERS[rightAt]}.** ${choices[attempt.choiceOrder[rightAt]!]!.text}\n\n${question.body.explanation ?? ''}\n\n${picked}${dueText(card.due, ws.timezone)}`,
        buttons: nextButtons(attempt),
      },
    ],
  };
}

/** Open question: show the key points and model answer, then ask for a self-grade. */
export async function revealQuiz(ctx: Tx, member: Member, attemptId: number): Promise<Reply> {
  const attempt = await liveAttempt(ctx, member, attemptId);
  const q = (await ctx.db.content.get(attempt.questionId))!;
  if (q.type !== 'open') throw new DojoUserError('bad-choice', 'That question is answered with its choice buttons.');
  if (!(await ctx.db.quiz.markRevealed(attempt.id, nowMs(ctx))))
    throw new DojoUserError('already-revealed', 'Already revealed — grade yourself with the buttons.');
  const parts = [
    q.body.keyPoints?.length ? q.body.keyPoints.map((k) => `- ${k}`).join('\n') : '',
    q.body.modelAnswer ? `**Model answer**\n${q.body.modelAnswer}` : '',
    'How well did you cover it?',
  ].filter(Boolean);
  return {
    private: [
      {
        title: 'Key points',
        text: parts.join('\n\n'),
        buttons: [1, 2, 3, 4].map((r) => ({ label: RATING_LABELS[r]!, actionId: actions.quizGrade(attempt.id, r) })),
      },
    ],
  };
}

/** A self-grade after revealing: schedules the next review with FSRS. */
export async function gradeQuiz(ctx: Tx, ws: Workspace, member: Member, attemptId: number, rating: number): Promise<Reply> {
  const now = nowMs(ctx);
  const attempt = await liveAttempt(ctx, member, attemptId);
  if (attempt.revealedAt === null) throw new DojoUserError('not-revealed', 'Reveal the key points first.');
  if (!(await ctx.db.quiz.finishAttempt(attempt.id, { chosen: null, isCorrect: null, rating, now }))) {
    throw new DojoUserError('already-answered', 'You already graded that one.');
  }
  const next = scheduleReview(await ctx.db.quiz.card(member.id, attempt.questionId), member.id, attempt.questionId, rating, now);
  await ctx.db.quiz.saveCard(next);
  const card = next;
  return { private: [{ text: `Graded ${RATING_LABELS[rating]}. ${dueText(card.due, ws.timezone)}`, buttons: nextButtons(attempt) }] };
}
