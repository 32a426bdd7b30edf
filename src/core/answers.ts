import { nowMs, type Tx } from './context.js';
import { say } from './outbox.js';
import { DojoUserError } from './errors.js';
import { assertOwnAnswer, assertOwnRound } from './ownership.js';
import type { MessageRef } from './refs.js';
import { answerCopyMessage } from './render-round.js';
import { awardPoints } from './scoring.js';
import { retractVotesOnAnswer } from './votes.js';
import { retractReviewsOnAnswer } from './peer-reviews.js';
import type { Answer, AnswerSource, Member, Round, Workspace } from './types.js';

/** Answers longer than this are refused: it keeps posts and summaries within platform limits. */
export const MAX_ANSWER_CHARS = 4000;

/** 'posting': the question is out on the platform (a member can see it) a moment before its post is recorded. */
export const isTakingAnswers = (round: Pick<Round, 'status'>) => round.status === 'open' || round.status === 'posting';

/**
 * The least an answer needs to earn points: a few letters or digits, so "." or a lone emoji
 * earns nothing. Kept low on purpose: a terse real answer ("CQRS") must still count.
 */
export const MIN_ANSWER_LETTERS = 3;

/** Why a text is too slight to count as an answer, or undefined when it is fine. */
export function effortProblem(text: string): string | undefined {
  const letters = text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  if (letters >= MIN_ANSWER_LETTERS) return undefined;
  return `That is too short to count as an answer (at least ${MIN_ANSWER_LETTERS} letters or digits).`;
}

/**
 * Why a text cannot count as an answer (too long, too slight), or undefined when it can. A thread
 * reply is told it counts once edited; a form answer is told to submit again.
 */
export function answerRefusal(text: string, viaReply: boolean): DojoUserError | undefined {
  if (text.length > MAX_ANSWER_CHARS)
    return new DojoUserError(
      'answer-too-long',
      `Answers can be at most ${MAX_ANSWER_CHARS} characters; yours has ${text.length}. ${viaReply ? `Edit your reply to at most ${MAX_ANSWER_CHARS} characters and it counts.` : 'Shorten it and submit again.'}`,
    );
  const effort = effortProblem(text);
  if (effort)
    return new DojoUserError(
      'answer-too-short',
      `${effort} ${viaReply ? 'Edit your reply into a real answer and it counts.' : 'Write a real answer and submit again.'}`,
    );
  return undefined;
}

/**
 * A refused thread reply: editing it into a valid answer makes it count (handle-event onEdit).
 * Written by a delivery that answers with the refusal instead of throwing it, so it commits.
 */
export async function rememberRefused(ctx: Tx, messageRef: MessageRef, round: Round): Promise<void> {
  await ctx.db.meta.set(`refused-answer:${messageRef}`, String(round.id), nowMs(ctx));
}

/** The round a refused reply was meant for, if that message was refused as an answer. */
export async function refusedRound(ctx: Tx, ws: Workspace, messageRef: MessageRef): Promise<Round | undefined> {
  const id = await ctx.db.meta.get(`refused-answer:${messageRef}`);
  if (!id) return undefined;
  const round = await ctx.db.rounds.get(Number(id) as Round['id']);
  await assertOwnRound(ctx, ws, round);
  return round;
}

export const forgetRefused = (ctx: Tx, messageRef: MessageRef) => ctx.db.meta.remove(`refused-answer:${messageRef}`);

/**
 * Records a member's answer to a live round and awards the answer points, once. Returns
 * undefined when the member already answered (later replies are discussion).
 */
export async function recordAnswer(
  ctx: Tx,
  ws: Workspace,
  round: Round,
  member: Member,
  input: { text: string; source: AnswerSource; messageRef: MessageRef | null },
): Promise<Answer | undefined> {
  const text = input.text.trim();
  if (!text) return undefined;
  if (!isTakingAnswers(round)) throw new DojoUserError('answers-closed', 'This round is no longer taking answers.');
  const refusal = answerRefusal(text, input.messageRef !== null);
  if (refusal) throw refusal;
  const now = nowMs(ctx);
  const question = (await ctx.db.content.get(round.questionId))!;
  const answer = await ctx.db.answers.insert({
    roundId: round.id,
    memberId: member.id,
    text,
    source: input.source,
    messageRef: input.messageRef,
    now,
  });
  if (!answer) return undefined;
  await awardPoints(
    ctx,
    ws,
    {
      memberId: member.id,
      awardKey: `answer:${answer.id}`,
      points: ws.settings.points.answer,
      reason: 'answer',
      category: question.category,
      roundId: round.id,
    },
    now,
  );
  return answer;
}

/** Form answers are repeated by the bot in the thread (open rounds) so peers can upvote them. */
export async function postAnswerCopy(ctx: Tx, ws: Workspace, round: Round, answer: Answer, member: Member): Promise<void> {
  if (round.mode === 'blind') return;
  const channel = await ctx.db.channels.get(round.channelId);
  const message = answerCopyMessage(answer, { ref: member.userRef, name: member.displayName });
  await say(
    ctx,
    ws,
    { kind: 'reply', channel: channel.ref, thread: { round: round.id }, message },
    { kind: 'answer-copy-posted', answerId: answer.id },
  );
}

/**
 * Follows an edit of the member's answer message while the round is live: 'edited', or why not
 * ('not-an-answer' for discussion replies, which stay silent; 'closed'; 'invalid' text).
 */
export async function editAnswer(
  ctx: Tx,
  ws: Workspace,
  messageRef: MessageRef,
  text: string,
): Promise<'edited' | 'not-an-answer' | 'closed' | 'invalid'> {
  const answer = await ctx.db.answers.findByMessage(messageRef);
  if (!answer || answer.messageRef !== messageRef) return 'not-an-answer';
  await assertOwnAnswer(ctx, ws, answer);
  const round = await ctx.db.rounds.get(answer.roundId);
  if (!isTakingAnswers(round)) return 'closed';
  if (!text.trim() || answerRefusal(text.trim(), true)) return 'invalid';
  await ctx.db.answers.updateText(answer.id, text.trim(), nowMs(ctx));
  return 'edited';
}

/**
 * A deleted answer message removes the answer, its votes and the points they earned, while
 * the round is live; after close the results stand.
 */
export async function deleteAnswer(ctx: Tx, ws: Workspace, messageRef: MessageRef): Promise<boolean> {
  const answer = await ctx.db.answers.findByMessage(messageRef);
  if (!answer || answer.messageRef !== messageRef) return false;
  await assertOwnAnswer(ctx, ws, answer);
  return withdrawAnswer(ctx, ws, answer);
}

/** Removes an answer, its votes and reviews and the points they earned while the round is live; false after close. */
export async function withdrawAnswer(ctx: Tx, ws: Workspace, answer: Answer): Promise<boolean> {
  const round = await ctx.db.rounds.get(answer.roundId);
  if (round.status !== 'open' && round.status !== 'revealed') return false;
  const now = nowMs(ctx);
  const question = (await ctx.db.content.get(round.questionId))!;
  await retractVotesOnAnswer(ctx, ws, answer, question.category, now);
  await retractReviewsOnAnswer(ctx, ws, answer, question.category, now);
  await awardPoints(
    ctx,
    ws,
    {
      memberId: answer.memberId,
      awardKey: `answer-removed:${answer.id}`,
      points: -ws.settings.points.answer,
      reason: 'answer-removed',
      category: question.category,
      roundId: round.id,
    },
    now,
  );
  await ctx.db.answers.remove(answer.id);
  return true;
}
