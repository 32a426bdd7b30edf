import { channelPort, nowMs, type Ctx } from './context.js';
import { DojoUserError } from './errors.js';
import type { MessageRef } from './refs.js';
import { answerCopyMessage } from './render-round.js';
import { awardPoints } from './scoring.js';
import { retractVotesOnAnswer } from './votes.js';
import type { Answer, AnswerSource, Member, Round, Workspace } from './types.js';

/** Answers longer than this are refused: it keeps posts and summaries within platform limits. */
export const MAX_ANSWER_CHARS = 4000;

const isTakingAnswers = (round: Round) => round.status === 'open';

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

/** A refused thread reply: editing it into a valid answer makes it count (handle-event onEdit). */
function rememberRefused(ctx: Ctx, messageRef: MessageRef | null, round: Round): void {
  if (messageRef) ctx.store.meta.set(`refused-answer:${messageRef}`, String(round.id), nowMs(ctx));
}

/** The round a refused reply was meant for, if that message was refused as an answer. */
export function refusedRound(ctx: Ctx, messageRef: MessageRef): Round | undefined {
  const id = ctx.store.meta.get(`refused-answer:${messageRef}`);
  return id ? ctx.store.rounds.get(Number(id) as Round['id']) : undefined;
}

export const forgetRefused = (ctx: Ctx, messageRef: MessageRef) => ctx.store.meta.remove(`refused-answer:${messageRef}`);

/**
 * Records a member's answer to a live round and awards the answer points, once. Returns
 * undefined when the member already answered (later replies are discussion).
 */
export function recordAnswer(
  ctx: Ctx,
  ws: Workspace,
  round: Round,
  member: Member,
  input: { text: string; source: AnswerSource; messageRef: MessageRef | null },
): Answer | undefined {
  const text = input.text.trim();
  if (!text) return undefined;
  if (!isTakingAnswers(round)) throw new DojoUserError('answers-closed', 'This round is no longer taking answers.');
  if (text.length > MAX_ANSWER_CHARS) {
    rememberRefused(ctx, input.messageRef, round);
    throw new DojoUserError(
      'answer-too-long',
      `Answers can be at most ${MAX_ANSWER_CHARS} characters; yours has ${text.length}. ${input.messageRef ? `Edit your reply to at most ${MAX_ANSWER_CHARS} characters and it counts.` : 'Shorten it and submit again.'}`,
    );
  }
  const effort = effortProblem(text);
  if (effort) {
    rememberRefused(ctx, input.messageRef, round);
    throw new DojoUserError(
      'answer-too-short',
      `${effort} ${input.messageRef ? 'Edit your reply into a real answer and it counts.' : 'Write a real answer and submit again.'}`,
    );
  }
  const now = nowMs(ctx);
  const question = ctx.store.content.get(round.questionId)!;
  return ctx.store.tx(() => {
    const answer = ctx.store.answers.insert({
      roundId: round.id,
      memberId: member.id,
      text,
      source: input.source,
      messageRef: input.messageRef,
      now,
    });
    if (!answer) return undefined;
    awardPoints(
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
  });
}

/** Form answers are repeated by the bot in the thread (open rounds) so peers can upvote them. */
export async function postAnswerCopy(ctx: Ctx, round: Round, answer: Answer, member: Member): Promise<void> {
  if (round.mode === 'blind' || !round.messageRef) return;
  const channel = ctx.store.channels.get(round.channelId);
  const ref = await channelPort(ctx, channel).replyInThread(
    channel.ref,
    round.messageRef,
    answerCopyMessage(answer, { ref: member.userRef, name: member.displayName }),
  );
  ctx.store.answers.setPostedRef(answer.id, ref);
}

/**
 * Follows an edit of the member's answer message while the round is live: 'edited', or why not
 * ('not-an-answer' for discussion replies, which stay silent; 'closed'; 'invalid' text).
 */
export function editAnswer(ctx: Ctx, messageRef: MessageRef, text: string): 'edited' | 'not-an-answer' | 'closed' | 'invalid' {
  const answer = ctx.store.answers.findByMessage(messageRef);
  if (!answer || answer.messageRef !== messageRef) return 'not-an-answer';
  const round = ctx.store.rounds.get(answer.roundId);
  if (!isTakingAnswers(round)) return 'closed';
  if (!text.trim() || text.trim().length > MAX_ANSWER_CHARS || effortProblem(text.trim())) return 'invalid';
  ctx.store.answers.updateText(answer.id, text.trim(), nowMs(ctx));
  return 'edited';
}

/**
 * A deleted answer message removes the answer, its votes and the points they earned, while
 * the round is live; after close the results stand.
 */
export function deleteAnswer(ctx: Ctx, ws: Workspace, messageRef: MessageRef): boolean {
  const answer = ctx.store.answers.findByMessage(messageRef);
  if (!answer || answer.messageRef !== messageRef) return false;
  return withdrawAnswer(ctx, ws, answer);
}

/** Removes an answer, its votes and the points they earned while the round is live; false after close. */
export function withdrawAnswer(ctx: Ctx, ws: Workspace, answer: Answer): boolean {
  const round = ctx.store.rounds.get(answer.roundId);
  if (round.status !== 'open' && round.status !== 'revealed') return false;
  const now = nowMs(ctx);
  const question = ctx.store.content.get(round.questionId)!;
  ctx.store.tx(() => {
    retractVotesOnAnswer(ctx, ws, answer, question.category, now);
    awardPoints(
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
    ctx.store.answers.remove(answer.id);
  });
  return true;
}
