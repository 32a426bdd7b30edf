import { actions } from '../actions.js';
import { categoryLabel } from '../categories.js';
import { nowMs, type Ctx } from '../context.js';
import { DojoUserError } from '../errors.js';
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
}

const fits = (q: Question, f: QuizFilter) => (!f.category || q.category === f.category) && (!f.difficulty || q.difficulty === f.difficulty);

/**
 * The next private question for a member: due reviews first (oldest due), then a question
 * they have never seen, weighted toward their weakest categories; never the one just asked.
 */
export function nextQuizQuestion(ctx: Ctx, ws: Workspace, member: Member, filter: QuizFilter, reviewOnly: boolean): { question: Question; kind: AttemptKind } | undefined {
  const now = nowMs(ctx);
  const last = ctx.store.quiz.latestAttempt(member.id)?.questionId;
  for (const card of ctx.store.quiz.dueCards(member.id, now, 50)) {
    const q = ctx.store.content.get(card.questionId);
    if (q && q.id !== last && fits(q, filter)) return { question: q, kind: 'review' };
  }
  if (reviewOnly) return undefined;
  const pool = ctx.store.content
    .listEligible(ws.id, { categories: filter.category ? [filter.category] : undefined, difficulty: filter.difficulty })
    .filter((q) => q.id !== last && (q.type === 'mcq' || q.body.keyPoints?.length));
  const fresh = pool.filter((q) => !ctx.store.quiz.card(member.id, q.id));
  const question = pickWeighted(fresh.length ? fresh : pool, ctx.store.quiz.accuracy(member.id), ctx.random);
  return question ? { question, kind: 'drill' } : undefined;
}

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
export function startQuiz(ctx: Ctx, ws: Workspace, member: Member, filter: QuizFilter, reviewOnly: boolean): Reply {
  const now = nowMs(ctx);
  const next = nextQuizQuestion(ctx, ws, member, filter, reviewOnly);
  if (!next) {
    if (reviewOnly) {
      const due = ctx.store.quiz.nextDue(member.id);
      return { private: [{ text: due ? `Nothing is due. Your next review is due ${formatWhen(due, ws.timezone)}.` : 'Nothing to review yet — try `/dojo quiz` first.' }] };
    }
    throw new DojoUserError('no-quiz', 'No quiz questions match that. Try another category or difficulty.');
  }
  const { question, kind } = next;
  const n = question.type === 'mcq' ? (question.body.choices?.length ?? 0) : 0;
  const attempt = ctx.store.quiz.startAttempt({
    memberId: member.id,
    questionId: question.id,
    kind,
    choiceOrder: shuffledIndexes(n, ctx.random),
    createdAt: now,
  });
  return { private: [quizMessage(question, attempt)] };
}

function liveAttempt(ctx: Ctx, member: Member, attemptId: number): QuizAttempt {
  const attempt = ctx.store.quiz.attempt(attemptId);
  if (!attempt || attempt.memberId !== member.id) throw new DojoUserError('not-yours', 'That quiz question was for someone else.');
  if (attempt.answeredAt !== null) throw new DojoUserError('already-answered', 'You already answered that one.');
  if (ctx.store.quiz.latestAttempt(member.id)?.id !== attempt.id) throw new DojoUserError('stale', 'That question has moved on. Use /dojo quiz for a new one.');
  return attempt;
}

const dueText = (due: number, zone: string) => `Next review: ${formatWhen(due, zone)}.`;

const nextButtons = (kind: AttemptKind) => [{ label: kind === 'review' ? 'Next review' : 'Next question', actionId: actions.quizNext(kind === 'review' ? 'review' : 'quiz') }];

/** An MCQ button press: instant feedback, FSRS (Good when right, Again when wrong). */
export function answerQuiz(ctx: Ctx, ws: Workspace, member: Member, attemptId: number, choice: number): Reply {
  const now = nowMs(ctx);
  const attempt = liveAttempt(ctx, member, attemptId);
  const question = ctx.store.content.get(attempt.questionId)!;
  const choices = question.body.choices ?? [];
  const original = attempt.choiceOrder[choice];
  if (question.type !== 'mcq' || original === undefined) throw new DojoUserError('bad-choice', 'That is not one of the choices.');
  const isCorrect = choices[original]!.correct;
  const rightAt = attempt.choiceOrder.findIndex((o) => choices[o]!.correct);
  const card = ctx.store.tx(() => {
    if (!ctx.store.quiz.finishAttempt(attempt.id, { chosen: original, isCorrect, rating: isCorrect ? 3 : 1, now })) {
      throw new DojoUserError('already-answered', 'You already answered that one.');
    }
    const next = scheduleReview(ctx.store.quiz.card(member.id, question.id), member.id, question.id, isCorrect ? 3 : 1, now);
    ctx.store.quiz.saveCard(next);
    if (isCorrect && ws.settings.drillPoints) {
      awardPoints(ctx, ws, { memberId: member.id, awardKey: `drill:${attempt.id}`, points: ws.settings.points.challengeCorrect, reason: 'drill', category: question.category }, now);
    }
    return next;
  });
  return {
    private: [
      {
        title: isCorrect ? '✅ Correct' : `❌ Not quite — the answer is ${LETTERS[rightAt]}`,
        text: `**${LETTERS[rightAt]}.** ${choices[attempt.choiceOrder[rightAt]!]!.text}\n\n${question.body.explanation ?? ''}\n\n${dueText(card.due, ws.timezone)}`,
        buttons: nextButtons(attempt.kind),
      },
    ],
  };
}

/** Open question: show the key points and model answer, then ask for a self-grade. */
export function revealQuiz(ctx: Ctx, member: Member, attemptId: number): Reply {
  const attempt = liveAttempt(ctx, member, attemptId);
  if (!ctx.store.quiz.markRevealed(attempt.id, nowMs(ctx))) throw new DojoUserError('already-revealed', 'Already revealed — grade yourself with the buttons.');
  const q = ctx.store.content.get(attempt.questionId)!;
  const parts = [
    q.body.keyPoints?.length ? `**Key points**\n${q.body.keyPoints.map((k) => `- ${k}`).join('\n')}` : '',
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
export function gradeQuiz(ctx: Ctx, ws: Workspace, member: Member, attemptId: number, rating: number): Reply {
  const now = nowMs(ctx);
  const attempt = liveAttempt(ctx, member, attemptId);
  if (attempt.revealedAt === null) throw new DojoUserError('not-revealed', 'Reveal the key points first.');
  const card = ctx.store.tx(() => {
    if (!ctx.store.quiz.finishAttempt(attempt.id, { chosen: null, isCorrect: null, rating, now })) {
      throw new DojoUserError('already-answered', 'You already graded that one.');
    }
    const next = scheduleReview(ctx.store.quiz.card(member.id, attempt.questionId), member.id, attempt.questionId, rating, now);
    ctx.store.quiz.saveCard(next);
    return next;
  });
  return { private: [{ text: `Graded ${RATING_LABELS[rating]}. ${dueText(card.due, ws.timezone)}`, buttons: nextButtons(attempt.kind) }] };
}
